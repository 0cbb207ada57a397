// The remaining op mappings: sub/div, dilated conv, ceil-mode average
// pooling, bilinear resize, reduce_sum, gelu, silu, tanh, clamp as relu6,
// and a float-only op (sigmoid) inside a quantized region, which goes to
// the region's "CPU" subgraph.
module {
  func.func @main(%x: tensor<1x2x8x8xf32> {nndct.name = "in"}) -> (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1x2x16x16xf32>) {
    %r:3 = nndct.region "quant_0" {
      %q = nndct.quant_stub %x : tensor<1x2x8x8xf32> loc("stub")
      %qf = nndct.fix %q kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x8x8xf32> loc("stub")
      %w = nndct.constant dense<0.5> : tensor<2x2x3x3xf32> loc("dil.weight")
      %wf = nndct.fix %w kind <weight> round <std_round> bits 8 fp 7 : tensor<2x2x3x3xf32> loc("dil.weight")
      %c = nndct.conv2d %qf, %wf {dilations = array<i64: 2, 2>, pads = array<i64: 2, 2, 2, 2>} : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x8xf32> loc("dil")
      %cl = nndct.clamp %c {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x8x8xf32> loc("clip")
      %clf = nndct.fix %cl kind <activation> round <half_up> bits 8 fp 5 : tensor<1x2x8x8xf32> loc("clip")
      %s = nndct.sub %clf, %qf : (tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> loc("sub")
      %sf = nndct.fix %s kind <activation> round <half_up> bits 8 fp 4 : tensor<1x2x8x8xf32> loc("sub")
      %two = nndct.constant dense<2.0> : tensor<1xf32> loc("two")
      %twof = nndct.fix %two kind <weight> round <std_round> bits 8 fp 6 : tensor<1xf32> loc("two")
      %d = nndct.div %sf, %twof : (tensor<1x2x8x8xf32>, tensor<1xf32>) -> tensor<1x2x8x8xf32> loc("div")
      %df = nndct.fix %d kind <activation> round <half_up> bits 8 fp 5 : tensor<1x2x8x8xf32> loc("div")
      %ap = nndct.avg_pool2d %df {kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true, count_include_pad = false} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> loc("avg")
      %apf = nndct.fix %ap kind <activation> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("avg")
      %g = nndct.gelu %apf : tensor<1x2x4x4xf32> loc("gelu")
      %gf = nndct.fix %g kind <activation> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("gelu")
      %si = nndct.silu %gf : tensor<1x2x4x4xf32> loc("silu")
      %th = nndct.tanh %si : tensor<1x2x4x4xf32> loc("tanh")
      %sg = nndct.sigmoid %th : tensor<1x2x4x4xf32> loc("gate")
      %rs = nndct.reduce_sum %df {axes = array<i64: 2, 3>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x1x1xf32> loc("sum")
      %rsf = nndct.fix %rs kind <activation> round <half_up> bits 8 fp 1 : tensor<1x2x1x1xf32> loc("sum")
      %up = nndct.resize %df {mode = #nndct.resize_mode<bilinear>, coordinate_mode = #nndct.coordinate_mode<align_corners>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x16x16xf32> loc("up")
      %upf = nndct.fix %up kind <activation> round <half_even> bits 8 fp 5 {is_signed = false} : tensor<1x2x16x16xf32> loc("up")
      nndct.yield %sg, %rsf, %upf : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1x2x16x16xf32>
    } : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1x2x16x16xf32>
    return %r#0, %r#1, %r#2 : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1x2x16x16xf32>
  }
}
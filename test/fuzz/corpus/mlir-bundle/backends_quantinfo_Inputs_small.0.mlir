// A small hand-written quantized model for the quant_info.json tests: an
// input fix, a conv (resource weight and bias) + relu group, a split with a
// fix on each output, a conv with a literal weight (fallback parameter name),
// two nodes with the same name (suffix rule), an op without a name, a fix
// without a fix point (null), and a float op outside the region.
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">, nndct.bias_corrected} {
  func.func @main(%x: tensor<1x3x4x4xf32> {nndct.name = "image"})
      -> (tensor<1x1x4x4xf32> {nndct.name = "out"}, tensor<1x1x4x4xf32>) {
    %r:2 = nndct.region "quant_0" {
      %xi = nndct.fix %x kind <input> round <half_up> bits 8 fp 6 : tensor<1x3x4x4xf32> loc("image")
      %w = nndct.constant dense_resource<conv1.weight> : tensor<2x3x1x1xf32> loc("conv1")
      %wf = nndct.fix %w kind <weight> round <std_round> bits 8 fp 7 : tensor<2x3x1x1xf32> loc("conv1")
      %b = nndct.constant dense_resource<conv1.bias> : tensor<2xf32> loc("conv1")
      %bf = nndct.fix %b kind <bias> round <std_round> bits 8 fp 9 : tensor<2xf32> loc("conv1")
      %c = nndct.conv2d %xi, %wf, %bf : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc(fused["conv1", "bn1"])
      %relu = nndct.relu %c : tensor<1x2x4x4xf32> loc("relu1")
      %rf = nndct.fix %relu kind <activation> round <half_up> bits 8 fp 4 : tensor<1x2x4x4xf32> loc("relu1")
      %s:2 = nndct.split %rf {axis = 1 : i64, sizes = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) loc("split")
      %s0 = nndct.fix %s#0 kind <activation> round <half_up> bits 8 fp 4 : tensor<1x1x4x4xf32> loc("split")
      %s1 = nndct.fix %s#1 kind <activation> round <half_up> bits 8 : tensor<1x1x4x4xf32> loc("split")
      %w2 = nndct.constant dense<0.5> : tensor<1x1x1x1xf32> loc("conv2")
      %w2f = nndct.fix %w2 kind <weight> round <std_round> bits 8 fp 6 : tensor<1x1x1x1xf32> loc("conv2")
      %c2 = nndct.conv2d %s0, %w2f : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32> loc("dup")
      %c2f = nndct.fix %c2 kind <activation> round <half_up> bits 8 fp 3 : tensor<1x1x4x4xf32> loc("dup")
      %a = nndct.add %c2f, %s1 : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> loc("dup")
      %af = nndct.fix %a kind <activation> round <half_up> bits 8 fp 2 : tensor<1x1x4x4xf32> loc("dup")
      %m = nndct.mul %af, %af : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
      %mf = nndct.fix %m kind <activation> round <half_up> bits 8 fp 1 : tensor<1x1x4x4xf32>
      nndct.yield %af, %mf : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
    } : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
    %t = nndct.tanh %r#1 : tensor<1x1x4x4xf32> loc("float_tanh")
    return %r#0, %t : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      conv1.weight: "0x040000000000003F000080BE0000003E0000803F000080BF0000403F",
      conv1.bias: "0x04000000CDCCCC3DCDCC4CBE"
    }
  }
#-}
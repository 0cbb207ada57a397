// Layout-sensitive ops in one quantized function (no region: the whole
// body is one graph): transposed conv, resize, pad, slice, split, transpose,
// 4-D reshape, reductions, softmax over channels, a broadcast constant, and
// the activations XIR has. The conv weight is a literal so its OHWI
// rearrangement can be checked value by value.
module {
  func.func @main(%x: tensor<1x2x4x4xf32> loc("x")) -> (tensor<1x2x8x8xf32>, tensor<1x4xf32>, tensor<1x2x4x4xf32>, tensor<1x4x4x2xf32>, tensor<1x1x4x4xf32>, tensor<1x2xf32>) {
    %xf = nndct.fix %x kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("x")
    %w = nndct.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]], [[[9.0, 10.0], [11.0, 12.0]], [[13.0, 14.0], [15.0, 16.0]]]]> : tensor<2x2x2x2xf32> loc("conv.weight")
    %wf = nndct.fix %w kind <weight> round <std_round> bits 8 fp 3 : tensor<2x2x2x2xf32> loc("conv.weight")
    %c = nndct.conv2d %xf, %wf {pads = array<i64: 0, 0, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x2x2xf32>) -> tensor<1x2x4x4xf32> loc("conv")
    %l = nndct.leaky_relu %c {alpha = 0.1015625 : f32} : tensor<1x2x4x4xf32> loc("leaky")
    %lf = nndct.fix %l kind <activation> round <half_up> bits 8 fp 4 : tensor<1x2x4x4xf32> loc("leaky")
    %tw = nndct.constant dense_resource<up.weight> : tensor<2x2x3x3xf32> loc("up.weight")
    %twf = nndct.fix %tw kind <weight> round <std_round> bits 8 fp 7 : tensor<2x2x3x3xf32> loc("up.weight")
    %t = nndct.conv_transpose2d %lf, %twf {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, output_padding = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x8xf32> loc("up")
    %tf = nndct.fix %t kind <activation> round <half_up> bits 8 fp 4 : tensor<1x2x8x8xf32> loc("up")
    %s = nndct.constant dense_resource<scale> : tensor<2x1x1xf32> loc("scale")
    %sf = nndct.fix %s kind <weight> round <std_round> bits 8 fp 6 : tensor<2x1x1xf32> loc("scale")
    %m = nndct.mul %tf, %sf : (tensor<1x2x8x8xf32>, tensor<2x1x1xf32>) -> tensor<1x2x8x8xf32> loc("mul")
    %hs = nndct.hard_swish %m : tensor<1x2x8x8xf32> loc("hswish")
    %hsf = nndct.fix %hs kind <activation> round <half_up> bits 8 fp 4 : tensor<1x2x8x8xf32> loc("hswish")
    %r = nndct.resize %lf {mode = #nndct.resize_mode<nearest>, coordinate_mode = #nndct.coordinate_mode<asymmetric>, nearest_mode = #nndct.nearest_mode<floor>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x4xf32> loc("resize")
    %p = nndct.pad %r {pads = array<i64: 0, 0, 0, 1, 0, 0, 0, 1>} : (tensor<1x2x8x4xf32>) -> tensor<1x2x8x6xf32> loc("pad")
    %pf = nndct.fix %p kind <activation> round <half_up> bits 8 fp 4 : tensor<1x2x8x6xf32> loc("pad")
    %sl = nndct.slice %pf {starts = array<i64: 0, 0, 0, 1>, ends = array<i64: 1, 2, 8, 5>, steps = array<i64: 1, 1, 2, 1>} : (tensor<1x2x8x6xf32>) -> tensor<1x2x4x4xf32> loc("slice")
    %hg = nndct.hard_sigmoid %sl {alpha = 0.16666667 : f32, beta = 0.5 : f32} : tensor<1x2x4x4xf32> loc("hsig")
    %hgf = nndct.fix %hg kind <activation> round <half_up> bits 8 fp 7 : tensor<1x2x4x4xf32> loc("hsig")
    %a, %b = nndct.split %lf {axis = 1 : i64, sizes = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) loc("split")
    %tr = nndct.transpose %lf {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32> loc("permute")
    %rm = nndct.reduce_mean %lf {axes = array<i64: 1, 3>, keepdims = false} : (tensor<1x2x4x4xf32>) -> tensor<1x4xf32> loc("mean")
    %rmf = nndct.fix %rm kind <activation> round <half_up> bits 8 fp 6 : tensor<1x4xf32> loc("mean")
    %sm = nndct.softmax %lf {axis = 1 : i64} : tensor<1x2x4x4xf32> loc("chan_softmax")
    %smf = nndct.fix %sm kind <activation> round <half_up> bits 8 fp 7 : tensor<1x2x4x4xf32> loc("chan_softmax")
    %mx = nndct.reduce_max %lf {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x2x4x4xf32>) -> tensor<1x2xf32> loc("gmax")
    %mxf = nndct.fix %mx kind <activation> round <half_up> bits 8 fp 4 : tensor<1x2xf32> loc("gmax")
    return %hsf, %rmf, %smf, %tr, %b, %mxf : tensor<1x2x8x8xf32>, tensor<1x4xf32>, tensor<1x2x4x4xf32>, tensor<1x4x4x2xf32>, tensor<1x1x4x4xf32>, tensor<1x2xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      up.weight: "0x04000000193da1392df5983dcc5b8cbdd4fd63be9ccae8bd8cdc7dbe2359763c2c8cab3e7e02fcbd71d71ebe94ccfa3de5b9b63d6de3d73c27336ebe85a1efbb64ff313e390facbe9d4ceabd445bf3be930fa5bef9bdebbebbbb70bdb03ba2be29e38a3d5b83203dd36a3fbd971221bfc7e709beeda846bc8b0ee83c7ddbc3be149cf4bd3a807abef50f4fbe87cb873e98ba4ebe",
      scale: "0x040000007b3505bc6067623e"
    }
  }
#-}
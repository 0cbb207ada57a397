
// gamma = 2, var + eps = 1 -> s = 2; W' = 1 * 2 = 2.0 (0x40000000);
// b' = 0 * 2 + beta - mean * s = 0.5 - 2 = -1.5 (0xBFC00000). The folded
// parameters keep the user's names: the weight blob is rewritten in place and
// the new bias is named after it (conv.weight -> conv.bias).
func.func @conv_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nndct.constant dense_resource<conv.weight> : tensor<2x2x1x1xf32>
  %y = nndct.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv")
  %g = nndct.constant dense<2.0> : tensor<2xf32>
  %b = nndct.constant dense<0.5> : tensor<2xf32>
  %m = nndct.constant dense<1.0> : tensor<2xf32>
  %v = nndct.constant dense<0.75> : tensor<2xf32>
  %z = nndct.batch_norm %y, %g, %b, %m, %v {epsilon = 0.25 : f32}
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("bn")
  return %z : tensor<1x2x4x4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      conv.weight: "0x040000000000803F0000803F0000803F0000803F"
    }
  }
#-}


// Transposed conv: weight [C_in, O/groups, KH, KW]; scale per output channel
// (here channel 0 by 2, channel 1 by 4).
func.func @conv_transpose_bn(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nndct.constant dense_resource<w> : tensor<2x2x1x1xf32>
  %y = nndct.conv_transpose2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %g = nndct.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %b = nndct.constant dense<0.0> : tensor<2xf32>
  %v = nndct.constant dense<1.0> : tensor<2xf32>
  %z = nndct.batch_norm %y, %g, %b, %b, %v {epsilon = 0.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000803F0000803F0000803F"
    }
  }
#-}

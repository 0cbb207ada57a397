
func.func @conv_transpose_bias(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x2x2xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{bias has 8 elements but there are 4 output channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv_transpose2d %x, %w, %b : (tensor<1x8x4x4xf32>, tensor<8x4x2x2xf32>, tensor<8xf32>) -> tensor<1x4x5x5xf32>
  return
}

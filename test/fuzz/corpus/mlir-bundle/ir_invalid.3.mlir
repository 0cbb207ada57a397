
func.func @conv_bias_size(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{bias has 4 elements but there are 8 output channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<4xf32>) -> tensor<1x8x6x6xf32>
  return
}


func.func @conv_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{weight has 3 input channels per group but the input has 4 channels in 1 groups}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

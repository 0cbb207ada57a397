
func.func @conv_kernel_too_big(%x: tensor<1x4x2x2xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{kernel 3x3 does not fit the padded 2x2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w : (tensor<1x4x2x2xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x1x1xf32>
  return
}

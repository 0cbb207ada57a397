
func.func @conv_stride_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{strides must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

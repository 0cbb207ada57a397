
func.func @conv_transpose_output_padding(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x2x2xf32>) {
  // expected-error @+2 {{output_padding must be in [0, max(stride, dilation))}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv_transpose2d %x, %w {output_padding = array<i64: 1, 1>} : (tensor<1x8x4x4xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x6x6xf32>
  return
}

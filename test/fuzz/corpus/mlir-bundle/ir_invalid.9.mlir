
func.func @conv_transpose_weight(%x: tensor<1x8x4x4xf32>, %w: tensor<4x4x2x2xf32>) {
  // expected-error @+2 {{weight has 4 input channels but the input has 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv_transpose2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<4x4x2x2xf32>) -> tensor<1x4x8x8xf32>
  return
}

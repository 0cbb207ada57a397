
func.func @conv_channels_not_divisible(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+2 {{must be divisible by groups (4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w {groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

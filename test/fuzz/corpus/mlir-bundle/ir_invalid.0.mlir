// One case per verifier rule of the nndct dialect.

func.func @conv_groups_not_positive(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) {
  // expected-error @+2 {{groups must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

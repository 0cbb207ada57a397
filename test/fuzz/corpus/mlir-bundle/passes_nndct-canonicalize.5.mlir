
func.func @identity_transpose_and_reshape(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %t = nndct.transpose %x {perm = array<i64: 0, 1>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %r = nndct.reshape %t : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}

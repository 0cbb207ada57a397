
// A transpose of a non-constant is kept.
func.func @negative_transpose_of_argument(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %t = nndct.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}

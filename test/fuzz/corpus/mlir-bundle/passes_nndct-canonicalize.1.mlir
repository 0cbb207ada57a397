
func.func @fold_constant_transpose() -> tensor<2x2xi64> {
  %c = nndct.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %t = nndct.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x2xi64>) -> tensor<2x2xi64>
  return %t : tensor<2x2xi64>
}

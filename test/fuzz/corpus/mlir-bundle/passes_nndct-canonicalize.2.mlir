
// A transposed resource blob is a new blob with the permuted data:
// [[1, 2, 3], [4, 5, 6]]^T = [[1, 4], [2, 5], [3, 6]].
func.func @fold_resource_transpose() -> tensor<3x2xf32> {
  %c = nndct.constant dense_resource<w> : tensor<2x3xf32>
  %t = nndct.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000004000004040000080400000A0400000C040"
    }
  }
#-}

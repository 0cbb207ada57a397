// Every reduction, index, scan and top-k op once (reduction-ops.test).
func.func @main(%x: tensor<2x3x4xf32>) -> (tensor<2x3x1xf32>, tensor<2x4xf32>, tensor<2x3xf32>, tensor<2x3x4xf32>, tensor<1x3x1xf32>, tensor<2x3x1xf32>, tensor<2x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x2x4xf32>, tensor<2x3xi64>, tensor<2x2x4xi64>) {
  %0 = nndct.reduce_min %x {axes = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %1 = nndct.reduce_prod %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %2 = nndct.reduce_l1 %x {axes = array<i64: 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  %a = nndct.abs %x : tensor<2x3x4xf32>
  %3 = nndct.reduce_l2 %x {axes = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  %4 = nndct.reduce_log_sum_exp %x {axes = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %5 = nndct.reduce_log_sum %a {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %6 = nndct.reduce_sum_square %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %7 = nndct.log_softmax %x {axis = 1 : i64} : tensor<2x3x4xf32>
  %8 = nndct.hardmax %x {axis = 2 : i64} : tensor<2x3x4xf32>
  %9 = nndct.cumsum %x {axis = 1 : i64, exclusive = true, reverse = true} : tensor<2x3x4xf32>
  %v, %i = nndct.top_k %x {axis = 1 : i64, k = 2 : i64} : (tensor<2x3x4xf32>) -> (tensor<2x2x4xf32>, tensor<2x2x4xi64>)
  %am = nndct.arg_max %x {axis = 2 : i64, keepdims = false, select_last_index = true} : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
  %an = nndct.arg_min %x {axis = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<1x3x4xi64>
  %s = nndct.add %5, %6 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0, %1, %2, %9, %3, %4, %s, %7, %8, %9, %v, %am, %i : tensor<2x3x1xf32>, tensor<2x4xf32>, tensor<2x3xf32>, tensor<2x3x4xf32>, tensor<1x3x1xf32>, tensor<2x3x1xf32>, tensor<2x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x2x4xf32>, tensor<2x3xi64>, tensor<2x2x4xi64>
}


func.func @split_sum(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{sizes sum to 6 but the axis has 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nndct.split %x {axis = 1 : i64, sizes = array<i64: 2, 4>} : (tensor<1x8xf32>) -> (tensor<1x2xf32>, tensor<1x4xf32>)
  return
}

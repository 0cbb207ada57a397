
func.func @split_axis(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{axis 2 is out of range}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nndct.split %x {axis = 2 : i64, sizes = array<i64: 4, 4>} : (tensor<1x8xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>)
  return
}

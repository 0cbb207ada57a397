
func.func @reduce_repeated(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{axis 1 is repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.reduce_sum %x {axes = array<i64: 1, 1>} : (tensor<1x8xf32>) -> tensor<1x1xf32>
  return
}

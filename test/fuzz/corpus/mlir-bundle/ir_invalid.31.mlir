
func.func @reduce_axis(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.reduce_mean %x {axes = array<i64: 2>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return
}

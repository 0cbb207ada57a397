
func.func @slice_step(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{steps must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 1, 8>, steps = array<i64: 1, 0>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return
}

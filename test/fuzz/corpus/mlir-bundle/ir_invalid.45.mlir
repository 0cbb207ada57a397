
func.func @slice_bounds(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{dimension 1 needs 0 <= start (2) <= end (9) <= 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.slice %x {starts = array<i64: 0, 2>, ends = array<i64: 1, 9>, steps = array<i64: 1, 1>} : (tensor<1x8xf32>) -> tensor<1x7xf32>
  return
}

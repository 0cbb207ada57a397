
func.func @slice_count(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{needs one start, end and step per dimension}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.slice %x {starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return
}


func.func @pad_count(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{needs 4 pads for rank 2, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.pad %x {pads = array<i64: 1, 1>} : (tensor<1x8xf32>) -> tensor<2x9xf32>
  return
}

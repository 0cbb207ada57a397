
func.func @pad_negative(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{pads must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.pad %x {pads = array<i64: 0, -1, 0, 0>} : (tensor<1x8xf32>) -> tensor<1x7xf32>
  return
}

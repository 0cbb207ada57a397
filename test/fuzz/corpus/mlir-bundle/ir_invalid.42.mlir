
func.func @pad_reflect(%x: tensor<1x2xf32>) {
  // expected-error @+2 {{reflect padding must be smaller than the dimension}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.pad %x {pads = array<i64: 0, 2, 0, 0>, mode = #nndct.pad_mode<reflect>} : (tensor<1x2xf32>) -> tensor<1x4xf32>
  return
}

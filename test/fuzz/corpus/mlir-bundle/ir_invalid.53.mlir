
func.func @fix_bit_width(%x: tensor<4xf32>) {
  // expected-error @+1 {{'bit_width' failed to satisfy constraint}}
  %0 = nndct.fix %x kind <activation> round <half_up> bits 1 : tensor<4xf32>
  return
}


func.func @fix_unsigned_weight(%x: tensor<4xf32>) {
  // expected-error @+1 {{weights must be signed}}
  %0 = nndct.fix %x kind <weight> round <std_round> bits 8 {is_signed = false} : tensor<4xf32>
  return
}


func.func @fix_round_mode(%x: tensor<4xf32>) {
  // expected-error @+2 {{expected ::mlir::nndct::RoundMode to be one of: half_up, std_round, half_even, floor}}
  // expected-error @+1 {{failed to parse NNDCT_RoundModeAttr parameter}}
  %0 = nndct.fix %x kind <activation> round <half_down> bits 8 : tensor<4xf32>
  return
}


func.func @fix_point_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{fix_point 70 is outside [-64, 64]}}
  %0 = nndct.fix %x kind <activation> round <half_up> bits 8 fp 70 : tensor<4xf32>
  return
}

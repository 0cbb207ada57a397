
func.func @negative_no_stats(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{this activation fix has no calibration statistics; run nndct-calibrate first}}
  %a = nndct.fix %x kind <activation> round <half_up> bits 8 : tensor<1x4xf32>
  return %a : tensor<1x4xf32>
}

// RUN: nndct-opt %s --split-input-file --verify-diagnostics --nndct-assign-fix-points

func.func @negative_no_stats(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{this activation fix has no calibration statistics; run nndct-calibrate first}}
  %a = nndct.fix %x kind <activation> round <half_up> bits 8 : tensor<1x4xf32>
  return %a : tensor<1x4xf32>
}

// -----

func.func @negative_weight_not_constant(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{a weight fix needs a constant input with data}}
  %a = nndct.fix %x kind <weight> round <std_round> bits 8 : tensor<1x4xf32>
  return %a : tensor<1x4xf32>
}

// -----

// diffs/maxmin vote over per-batch fix points; statistics without any cannot
// be turned into a fix point.
func.func @negative_no_batch_fix_points(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{calibration statistics (method 'diffs') have no per-batch fix points}}
  %a = nndct.fix %x kind <activation> round <half_up> bits 8 {stats = #nndct.calib_stats<method = "diffs", samples = 4, min = 0.0, max = 1.0, hist_amax = 0.0>} : tensor<1x4xf32>
  return %a : tensor<1x4xf32>
}



// Weights from constant data: max 1.0 -> non-overflow fp 6 (127.5/64 > 1);
// diffs prefers 6 too (a finer step would clip 1.0). Bias 0.5 exactly
// representable: diffs keeps the coarsest fp with zero error.
// Activations: modal vote, ties to the smallest; clamp at 12.
func.func @rules(%x: tensor<1x4xf32>) -> (tensor<2x2xf32>, tensor<2xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %w = nndct.constant dense<[[1.0, -0.25], [0.5, 0.125]]> : tensor<2x2xf32>
  %wf = nndct.fix %w kind <weight> round <std_round> bits 8 : tensor<2x2xf32>
  %b = nndct.constant dense<0.5> : tensor<2xf32>
  %bf = nndct.fix %b kind <bias> round <std_round> bits 8 : tensor<2xf32>
  %a = nndct.fix %x kind <activation> round <half_up> bits 8 {stats = #nndct.calib_stats<method = "diffs", samples = 4, min = 0.0, max = 1.0, batch_fix_points = [4, 5, 4, 3], hist_amax = 0.0>} : tensor<1x4xf32>
  %t = nndct.fix %x kind <activation> round <half_up> bits 8 {stats = #nndct.calib_stats<method = "diffs", samples = 4, min = 0.0, max = 1.0, batch_fix_points = [5, 3, 3, 5], hist_amax = 0.0>} : tensor<1x4xf32>
  %c = nndct.fix %x kind <activation> round <half_up> bits 8 {stats = #nndct.calib_stats<method = "maxmin", samples = 1, min = 0.0, max = 0.0, batch_fix_points = [18], hist_amax = 0.0>} : tensor<1x4xf32>
  %i = nndct.fix %x kind <input> round <half_up> bits 8 {stats = #nndct.calib_stats<method = "diffs", samples = 2, min = -3.0, max = 3.0, batch_fix_points = [5, 5], hist_amax = 0.0>} : tensor<1x4xf32>
  return %wf, %bf, %a, %t, %c, %i : tensor<2x2xf32>, tensor<2xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}
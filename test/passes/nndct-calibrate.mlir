// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[[0.5, -1.0, 2.0, 0.25]], [[3.0, 0.0, -0.5, 1.0]]], np.float32)); np.save('%t/bad.npy', np.zeros((2, 1, 5), np.float32))"
// RUN: nndct-opt %s --nndct-calibrate="data=%t/x.npy batch=1" | FileCheck %s
// RUN: nndct-opt %s --nndct-calibrate="data=%t/x.npy method=percentile" | FileCheck %s --check-prefix=HIST
// RUN: not nndct-opt %s --nndct-calibrate="data=%t/bad.npy" 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not nndct-opt %s --nndct-calibrate="data=%t/x.npy method=kl" 2>&1 | FileCheck %s --check-prefix=METHOD

// Per-batch candidates: sample 0 has max 2.0 (fp0 5), sample 1 max 3.0 (fp0 5);
// the input fix is non-overflow, the relu fix runs diffs.
// CHECK-LABEL: func.func @calib
// CHECK: nndct.fix %arg0 kind <input> {{.*}}stats = #nndct.calib_stats<method = "diffs", samples = 2, min = -1.000000e+00, max = 3.000000e+00, batch_fix_points = [5, 5]
// CHECK: nndct.fix %{{.*}} kind <activation> {{.*}}stats = #nndct.calib_stats<method = "diffs", samples = 2, min = 0.000000e+00, max = 3.000000e+00, batch_fix_points = [5, 5]
// HIST: kind <activation> {{.*}}method = "percentile", samples = 2, {{.*}} hist_amax = 4.000000e+00, histogram = [
// SHAPE: error: calibration data: '{{.*}}bad.npy' has shape 2x1x5 but input #0 of @calib is 1x1x4
// METHOD: for the --method option: Cannot find option named 'kl'!
func.func @calib(%x: tensor<1x1x4xf32>) -> tensor<1x1x4xf32> {
  %0 = nndct.region "quant_0" {
    %f = nndct.fix %x kind <input> round <half_up> bits 8 : tensor<1x1x4xf32>
    %r = nndct.relu %f : tensor<1x1x4xf32>
    %g = nndct.fix %r kind <activation> round <half_up> bits 8 : tensor<1x1x4xf32>
    nndct.yield %g : tensor<1x1x4xf32>
  } : tensor<1x1x4xf32>
  return %0 : tensor<1x1x4xf32>
}

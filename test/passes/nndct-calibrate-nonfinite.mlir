// Statistics of NaN or Inf mean nothing: calibration data holding them is
// refused naming the sample, and a float model that computes them (here
// x * 1e38 * 1e38 overflows) stops calibration with an error on the op.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[[0.5, -1.0, 2.0, 0.25]], [[3.0, 0.0, -0.5, 1.0]]], np.float32)); np.save('%t/nan.npy', np.array([[[0.5, -1.0, np.inf, 0.25]], [[3.0, 0.0, 2.0, 1.0]]], np.float32))"
// RUN: not nndct-opt %s --nndct-calibrate="data=%t/x.npy" 2>&1 | FileCheck %s --check-prefix=MODEL
// RUN: not nndct-opt %s --nndct-calibrate="data=%t/nan.npy" 2>&1 | FileCheck %s --check-prefix=DATA
// MODEL: error: the float model computes NaN or Inf here on calibration samples [0, 1); its statistics would be meaningless
// MODEL-NEXT: %g = nndct.fix %m2
// DATA: error: calibration data: '{{.*}}nan.npy' sample 0 holds Inf (element 2 of the sample); remove or repair that sample
func.func @calib(%x: tensor<1x1x4xf32>) -> tensor<1x1x4xf32> {
  %0 = nndct.region "quant_0" {
    %f = nndct.fix %x kind <input> round <half_up> bits 8 : tensor<1x1x4xf32>
    %big = nndct.constant dense<1.0e38> : tensor<1x1x4xf32>
    %m1 = nndct.mul %f, %big : (tensor<1x1x4xf32>, tensor<1x1x4xf32>) -> tensor<1x1x4xf32>
    %m2 = nndct.mul %m1, %big : (tensor<1x1x4xf32>, tensor<1x1x4xf32>) -> tensor<1x1x4xf32>
    %g = nndct.fix %m2 kind <activation> round <half_up> bits 8 : tensor<1x1x4xf32>
    nndct.yield %g : tensor<1x1x4xf32>
  } : tensor<1x1x4xf32>
  return %0 : tensor<1x1x4xf32>
}

// RUN: %python -c "import numpy as np; np.save('%t.x.npy', np.ones((4, 1, 2, 2), np.float32)); np.save('%t.b.npy', np.ones((4,), np.float32))"
// RUN: nndct-opt %s --split-input-file --verify-diagnostics --nndct-bias-correction="data=%t.x.npy,%t.b.npy method=full"

// The correction compares the float and the fake-quantized model: without
// fix points there is no quantized model yet.
func.func @negative_no_fix_points(%x: tensor<1x1x2x2xf32>, %b: tensor<1xf32>) -> tensor<1x1x2x2xf32> {
  %w = nndct.constant dense<0.5> : tensor<1x1x1x1xf32>
  // expected-error @+1 {{nndct-bias-correction needs fix points; run nndct-assign-fix-points first}}
  %wf = nndct.fix %w kind <weight> round <std_round> bits 8 : tensor<1x1x1x1xf32>
  %y = nndct.conv2d %x, %wf : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// The corrected bias is written as a new constant: a quantized bias that
// is not a constant (here a function argument) cannot be corrected.
func.func @negative_bias_not_constant(%x: tensor<1x1x2x2xf32>, %b: tensor<1xf32>) -> tensor<1x1x2x2xf32> {
  %w = nndct.constant dense<0.5> : tensor<1x1x1x1xf32>
  %wf = nndct.fix %w kind <weight> round <std_round> bits 8 fp 6 : tensor<1x1x1x1xf32>
  %bf = nndct.fix %b kind <bias> round <std_round> bits 8 fp 6 : tensor<1xf32>
  // expected-error @+1 {{nndct-bias-correction: bias is not a constant with data}}
  %y = nndct.conv2d %x, %wf, %bf : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

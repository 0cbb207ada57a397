// RUN: nndct-opt %s --nndct-place-ops -verify-diagnostics

// expected-error @+1 {{nndct-place-ops needs the module's #nndct.target}}
func.func @no_target(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = nndct.relu %x : tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

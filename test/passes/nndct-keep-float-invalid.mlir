// RUN: nndct-opt %s -split-input-file -verify-diagnostics --nndct-keep-float="ops=nope"
// RUN: not nndct-opt %s -split-input-file --nndct-keep-float="ops=s" 2>&1 | FileCheck %s --check-prefix=OUTSIDE
// RUN: not nndct-opt %s -split-input-file --nndct-keep-float="ops=s,nope reasons=why" 2>&1 | FileCheck %s --check-prefix=COUNT

// A name no op has.
// expected-error @+1 {{keep float: no op is named 'nope'}}
func.func @unknown(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = nndct.region "quant_0" {
    %y = nndct.relu %x : tensor<1x4xf32> loc("r")
    nndct.yield %y : tensor<1x4xf32>
  } : tensor<1x4xf32>
  %s = nndct.sigmoid %r : tensor<1x4xf32> loc("s")
  return %s : tensor<1x4xf32>
}

// OUTSIDE: error: {{.*}}keep float: 's' is not quantized (it is outside every quantized region or float already)
// COUNT: error: nndct-keep-float: 1 reasons for 2 ops

// RUN: nndct-opt %s --nndct-partition-quant-regions="quant-begin=c1 quant-end=r1" | FileCheck %s --check-prefix=NAMES


// Tensor names: quantize from c1's consumers up to r1 (NAMES run).
// NAMES-LABEL: func.func @named
// NAMES: nndct.relu6 %arg0
// NAMES: nndct.region "quant_0" {
// NAMES-NEXT: nndct.relu %0
// NAMES-NEXT: nndct.yield
// NAMES: nndct.tanh
func.func @named(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %a = nndct.relu6 %x : tensor<1x8xf32> loc("c1")
  %r = nndct.relu %a : tensor<1x8xf32> loc("r1")
  %t = nndct.tanh %r : tensor<1x8xf32> loc("t1")
  return %t : tensor<1x8xf32>
}



// Tensor names: quantize from c1's consumers up to r1 (NAMES run).
func.func @named(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %a = nndct.relu6 %x : tensor<1x8xf32> loc("c1")
  %r = nndct.relu %a : tensor<1x8xf32> loc("r1")
  %t = nndct.tanh %r : tensor<1x8xf32> loc("t1")
  return %t : tensor<1x8xf32>
}
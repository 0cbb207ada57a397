func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = nndct.quant_stub %x : tensor<1x4xf32>
  %r = nndct.relu %q : tensor<1x4xf32> loc("r")
  return %r : tensor<1x4xf32>
}


// Two disconnected quantized parts become quant_0 and quant_1.
func.func @two_parts(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %q = nndct.quant_stub %x : tensor<1x8xf32>
  %r = nndct.relu %q : tensor<1x8xf32>
  %d = nndct.dequant_stub %r : tensor<1x8xf32>
  %t = nndct.tanh %d : tensor<1x8xf32>
  %q2 = nndct.quant_stub %t : tensor<1x8xf32>
  %r2 = nndct.relu6 %q2 : tensor<1x8xf32>
  %d2 = nndct.dequant_stub %r2 : tensor<1x8xf32>
  return %d2 : tensor<1x8xf32>
}

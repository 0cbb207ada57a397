
func.func @negative_dequant_without_quant(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %r = nndct.relu %x : tensor<1x8xf32>
  // expected-error @+1 {{dequant_stub is not reachable from any quant_stub}}
  %d = nndct.dequant_stub %r : tensor<1x8xf32>
  return %d : tensor<1x8xf32>
}

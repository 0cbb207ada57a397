
// Stubs: everything between quant_stub and dequant_stub, constants included.
func.func @stubs(%x: tensor<1x8xf32>) -> tensor<1x4xf32> {
  %q = nndct.quant_stub %x : tensor<1x8xf32>
  %w = nndct.constant dense<0.5> : tensor<4x8xf32>
  %l = nndct.linear %q, %w : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %r = nndct.relu %l : tensor<1x4xf32>
  %d = nndct.dequant_stub %r : tensor<1x4xf32>
  %s = nndct.sigmoid %d : tensor<1x4xf32>
  return %s : tensor<1x4xf32>
}

// @main and another function: @main unless a name is given.
func.func @main(%x: tensor<1x1x4xf32>) -> tensor<1x1x4xf32> {
  %r = nndct.relu %x : tensor<1x1x4xf32>
  return %r : tensor<1x1x4xf32>
}
func.func @other(%x: tensor<1x1x4xf32>) -> tensor<1x1x4xf32> {
  %r = nndct.sigmoid %x : tensor<1x1x4xf32>
  return %r : tensor<1x1x4xf32>
}

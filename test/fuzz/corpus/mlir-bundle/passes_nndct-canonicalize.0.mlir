
func.func @drop_noops(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %d = nndct.dropout %x : tensor<1x4xf32>
  %i = nndct.identity %d : tensor<1x4xf32>
  %r = nndct.relu %i : tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

func.func @b2(%x: tensor<2x1x4xf32>) -> tensor<2x1x4xf32> {
  %r = nndct.relu %x : tensor<2x1x4xf32>
  return %r : tensor<2x1x4xf32>
}

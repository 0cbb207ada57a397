
func.func @negative_nonzero_pad(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32> {
  %p = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  return %p : tensor<1x2x6x6xf32>
}
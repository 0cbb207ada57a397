
func.func @zero_pad(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %p = nndct.pad %x {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %a = nndct.avg_pool2d %p {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %a : tensor<1x2x2x2xf32>
}

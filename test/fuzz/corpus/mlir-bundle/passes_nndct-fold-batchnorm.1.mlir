
// A batch norm after a relu cannot fold: it becomes a 1x1 depthwise conv.
func.func @unfoldable(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %r = nndct.relu %x : tensor<1x3x4x4xf32>
  %c = nndct.constant dense<1.0> : tensor<3xf32>
  %z = nndct.batch_norm %r, %c, %c, %c, %c : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %z : tensor<1x3x4x4xf32>
}

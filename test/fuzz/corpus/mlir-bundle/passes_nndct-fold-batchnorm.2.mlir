
// On 2-D tensors the per-channel affine is a mul and an add.
func.func @affine_2d(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c = nndct.constant dense<1.0> : tensor<3xf32>
  %z = nndct.batch_norm %x, %c, %c, %c, %c : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %z : tensor<2x3xf32>
}

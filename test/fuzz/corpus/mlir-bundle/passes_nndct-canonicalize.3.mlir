
func.func @fold_constant_reshape() -> tensor<4xf32> {
  %c = nndct.constant dense<1.5> : tensor<2x2xf32>
  %r = nndct.reshape %c : (tensor<2x2xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

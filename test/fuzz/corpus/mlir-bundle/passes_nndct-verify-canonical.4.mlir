
func.func @constant_reshape_left() -> tensor<4xf32> {
  %c = nndct.constant dense<1.0> : tensor<2x2xf32>
  // expected-error @+1 {{data movement of a constant must be folded}}
  %r = nndct.reshape %c : (tensor<2x2xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

func.func @negative_unquantizable(%x: tensor<1x8xi8>) -> tensor<1x8xf32> {
  %s = nndct.constant dense<0.5> : tensor<f32>
  %z = nndct.constant dense<0> : tensor<i8>
  // expected-error @+1 {{'nndct.dequantize_linear' cannot be in a quantized region: it is already quantized}}
  %d = nndct.dequantize_linear %x, %s, %z : (tensor<1x8xi8>, tensor<f32>, tensor<i8>) -> tensor<1x8xf32>
  %r = nndct.relu %d : tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}


func.func @dequantize_shape(%q: tensor<2x4xi8>, %s: tensor<f32>, %z: tensor<i8>) {
  // expected-error @+1 {{result shape must equal the input shape}}
  %0 = nndct.dequantize_linear %q, %s, %z : (tensor<2x4xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  return
}

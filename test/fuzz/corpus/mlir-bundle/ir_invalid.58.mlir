
func.func @quantize_zero_point_type(%x: tensor<2x4xf32>, %s: tensor<f32>, %z: tensor<ui8>) {
  // expected-error @+1 {{zero_point element type must be the result element type}}
  %0 = nndct.quantize_linear %x, %s, %z : (tensor<2x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x4xi8>
  return
}

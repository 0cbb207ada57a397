
func.func @quantize_axis_size(%x: tensor<2x4xf32>, %s: tensor<3xf32>, %z: tensor<3xi8>) {
  // expected-error @+1 {{per-axis scale has 3 elements but axis 1 has 4}}
  %0 = nndct.quantize_linear %x, %s, %z : (tensor<2x4xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x4xi8>
  return
}


func.func @quantize_scale_rank(%x: tensor<2x4xf32>, %s: tensor<2x4xf32>, %z: tensor<2x4xi8>) {
  // expected-error @+1 {{scale must be a scalar or a 1-D tensor}}
  %0 = nndct.quantize_linear %x, %s, %z : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xi8>) -> tensor<2x4xi8>
  return
}

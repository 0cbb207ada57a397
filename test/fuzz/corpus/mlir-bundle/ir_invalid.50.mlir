
func.func @resize_nearest_mode(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{nearest_mode only applies to nearest resize}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, nearest_mode = #nndct.nearest_mode<floor>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

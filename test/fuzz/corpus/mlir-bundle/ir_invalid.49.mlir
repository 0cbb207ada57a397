
func.func @resize_scales(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{scales must be positive}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<nearest>, scales = array<f32: 0.0, 2.0>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

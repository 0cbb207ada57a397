
func.func @clamp_bounds(%x: tensor<4xf32>) {
  // expected-error @+1 {{min must not exceed max}}
  %0 = nndct.clamp %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return
}

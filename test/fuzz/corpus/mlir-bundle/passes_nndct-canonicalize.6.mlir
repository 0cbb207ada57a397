
func.func @clamp_to_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = nndct.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<4xf32>
  %b = nndct.clamp %a {min = 0.0 : f32, max = 0x7F7FFFFF : f32} : tensor<4xf32>
  %c = nndct.clamp %b {min = -1.0 : f32, max = 6.0 : f32} : tensor<4xf32>
  return %c : tensor<4xf32>
}


func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  // expected-error @+1 {{nearest resize with coordinate mode 'half_pixel' and nearest mode 'round_prefer_floor' differs from XIR's NEAREST}}
  %y = nndct.resize %x {mode = #nndct.resize_mode<nearest>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}


func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32> {
  // expected-error @+1 {{edge padding has no XIR pad mode (CONSTANT, REFLECT, SYMMETRIC)}}
  %y = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #nndct.pad_mode<edge>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

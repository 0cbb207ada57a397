
func.func @resize_mode_name(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+2 {{expected ::mlir::nndct::ResizeMode to be one of: nearest, bilinear}}
  // expected-error @+1 {{failed to parse NNDCT_ResizeModeAttr parameter}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<cubic>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}


func.func @resize_channels(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{must keep the batch and channel dimensions}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<nearest>} : (tensor<1x8x4x4xf32>) -> tensor<1x4x8x8xf32>
  return
}

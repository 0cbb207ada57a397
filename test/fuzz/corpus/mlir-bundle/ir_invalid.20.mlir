
func.func @prelu_slope(%x: tensor<1x8x4x4xf32>, %s: tensor<4x1x1xf32>) {
  // expected-error @+2 {{slope does not broadcast to the input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.prelu %x, %s : (tensor<1x8x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x8x4x4xf32>
  return
}

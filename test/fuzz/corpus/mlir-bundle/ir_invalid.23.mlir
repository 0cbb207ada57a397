
func.func @batch_norm_params(%x: tensor<1x8x4x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+2 {{parameters must have 8 elements, one per channel}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.batch_norm %x, %p, %p, %p, %p : (tensor<1x8x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  return
}

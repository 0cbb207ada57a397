
func.func @batch_norm_epsilon(%x: tensor<1x8x4x4xf32>, %p: tensor<8xf32>) {
  // expected-error @+2 {{epsilon must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

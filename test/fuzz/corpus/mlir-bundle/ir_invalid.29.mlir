
func.func @pool_kernel(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+2 {{kernel_size must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.max_pool2d %x {kernel_size = array<i64: 0, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x4xf32>
  return
}

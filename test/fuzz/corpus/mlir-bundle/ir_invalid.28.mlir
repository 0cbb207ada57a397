
func.func @pool_window(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+2 {{window does not fit the 2x2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.avg_pool2d %x {kernel_size = array<i64: 3, 3>} : (tensor<1x8x2x2xf32>) -> tensor<1x8x1x1xf32>
  return
}


func.func @pool_pads(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+2 {{pads must be smaller than the kernel}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.max_pool2d %x {kernel_size = array<i64: 2, 2>, pads = array<i64: 2, 0, 0, 0>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x9x7xf32>
  return
}

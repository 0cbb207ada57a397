
func.func @adaptive_pool_size(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+2 {{output_size must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.adaptive_avg_pool2d %x {output_size = array<i64: 0, 1>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x1x1xf32>
  return
}


func.func @linear_bias(%x: tensor<1x8xf32>, %w: tensor<10x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{bias has 8 elements but there are 10 outputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.linear %x, %w, %b : (tensor<1x8xf32>, tensor<10x8xf32>, tensor<8xf32>) -> tensor<1x10xf32>
  return
}


func.func @reshape_count(%x: tensor<1x8xf32>) {
  // expected-error @+1 {{cannot reshape 8 elements into 6}}
  %0 = nndct.reshape %x : (tensor<1x8xf32>) -> tensor<2x3xf32>
  return
}


func.func @region_name(%x: tensor<4xf32>) {
  // expected-error @+1 {{needs a non-empty name}}
  %0 = nndct.region "" {
    nndct.yield %x : tensor<4xf32>
  } : tensor<4xf32>
  return
}

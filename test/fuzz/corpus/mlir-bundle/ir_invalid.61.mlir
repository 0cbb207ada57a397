
func.func @region_yield_types(%x: tensor<4xf32>) {
  // expected-error @+1 {{yields 1 values whose types do not match its 2 results}}
  %0:2 = nndct.region "quant_0" {
    nndct.yield %x : tensor<4xf32>
  } : tensor<4xf32>, tensor<4xf32>
  return
}

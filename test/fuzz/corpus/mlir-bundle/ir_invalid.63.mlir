
func.func @yield_outside_region(%x: tensor<4xf32>) {
  // expected-error @+1 {{expects parent op 'nndct.region'}}
  nndct.yield %x : tensor<4xf32>
}

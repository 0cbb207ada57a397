
func.func @identity_left(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{no-op must be removed}}
  %d = nndct.identity %x : tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

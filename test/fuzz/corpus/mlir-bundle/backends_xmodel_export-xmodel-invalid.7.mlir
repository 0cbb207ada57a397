
func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{cannot export node 'gelu' ('nndct.gelu') to XIR: XIR's gelu is the exact (erf) form}}
  %y = nndct.gelu %x {approximation = #nndct.gelu_approximation<tanh>} : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

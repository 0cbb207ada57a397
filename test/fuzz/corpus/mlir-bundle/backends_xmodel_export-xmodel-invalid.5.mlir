
func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{hard_sigmoid with alpha = 0.200000, beta = 0.500000 differs from XIR's relu6(x + 3) / 6}}
  %y = nndct.hard_sigmoid %x : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

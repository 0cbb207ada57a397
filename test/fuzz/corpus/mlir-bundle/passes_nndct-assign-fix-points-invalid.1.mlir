
func.func @negative_weight_not_constant(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{a weight fix needs a constant input with data}}
  %a = nndct.fix %x kind <weight> round <std_round> bits 8 : tensor<1x4xf32>
  return %a : tensor<1x4xf32>
}
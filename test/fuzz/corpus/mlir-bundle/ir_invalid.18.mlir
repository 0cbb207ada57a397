
func.func @add_integer(%a: tensor<2x3xi32>, %b: tensor<2x3xi32>) {
  // expected-error @+1 {{must be statically shaped tensor of 32-bit float}}
  %0 = nndct.add %a, %b : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  return
}

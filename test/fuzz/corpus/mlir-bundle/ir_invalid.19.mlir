
func.func @dynamic_shape(%a: tensor<?x3xf32>) {
  // expected-error @+1 {{must be statically shaped tensor of 32-bit float}}
  %0 = nndct.relu %a : tensor<?x3xf32>
  return
}

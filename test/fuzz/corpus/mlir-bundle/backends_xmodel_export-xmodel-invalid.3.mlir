
func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{rounds with 'floor', which XIR's fix op cannot express}}
  %f = nndct.fix %x kind <input> round <floor> bits 8 fp 4 : tensor<1x8xf32>
  return %f : tensor<1x8xf32>
}


func.func @transpose_perm(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{perm is not a permutation}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.transpose %x {perm = array<i64: 1, 1>} : (tensor<1x8xf32>) -> tensor<8x8xf32>
  return
}

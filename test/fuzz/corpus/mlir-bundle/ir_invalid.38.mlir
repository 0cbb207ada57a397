
func.func @transpose_rank(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{perm has 3 entries for a rank-2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return
}


func.func @concat_rank(%a: tensor<1x4xf32>, %b: tensor<1x4x1xf32>) {
  // expected-error @+2 {{inputs must have the same rank and element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.concat %a, %b {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4x1xf32>) -> tensor<1x8xf32>
  return
}

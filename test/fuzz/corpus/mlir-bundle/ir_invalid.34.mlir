
func.func @concat_dims(%a: tensor<1x4x2xf32>, %b: tensor<1x4x3xf32>) {
  // expected-error @+2 {{inputs differ in dimension 2 (only the axis may differ)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.concat %a, %b {axis = 1 : i64} : (tensor<1x4x2xf32>, tensor<1x4x3xf32>) -> tensor<1x8x2xf32>
  return
}

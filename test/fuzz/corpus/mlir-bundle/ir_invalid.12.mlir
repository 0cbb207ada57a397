
func.func @linear_features(%x: tensor<1x16xf32>, %w: tensor<10x8xf32>) {
  // expected-error @+2 {{input features (16) must equal weight dimension 1 (8)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.linear %x, %w : (tensor<1x16xf32>, tensor<10x8xf32>) -> tensor<1x10xf32>
  return
}

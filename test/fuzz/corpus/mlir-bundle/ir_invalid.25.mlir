
func.func @layer_norm_axis(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = nndct.layer_norm %x {axis = 2 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}


func.func @softmax_axis(%x: tensor<1x10xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = nndct.softmax %x {axis = 2 : i64} : tensor<1x10xf32>
  return
}

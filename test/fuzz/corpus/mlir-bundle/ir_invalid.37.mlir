
func.func @reshape_element_type(%x: tensor<1x8xf32>) {
  // expected-error @+1 {{must not change the element type}}
  %0 = nndct.reshape %x : (tensor<1x8xf32>) -> tensor<8xf16>
  return
}

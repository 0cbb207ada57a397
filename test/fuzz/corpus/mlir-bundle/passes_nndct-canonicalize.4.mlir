
func.func @combine_reshapes(%x: tensor<1x8x1x1xf32>) -> tensor<8xf32> {
  %a = nndct.reshape %x : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %b = nndct.reshape %a : (tensor<1x8xf32>) -> tensor<8xf32>
  return %b : tensor<8xf32>
}

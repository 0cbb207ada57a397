// A float layer norm (ONNX LayerNormalization exists from opset 17).
func.func @main(%x: tensor<1x4x8xf32> {nndct.name = "x"}) -> (tensor<1x4x8xf32> {nndct.name = "out"}) {
  %y = nndct.layer_norm %x {axis = 2 : i64} : (tensor<1x4x8xf32>) -> tensor<1x4x8xf32> loc("encoder.norm")
  return %y : tensor<1x4x8xf32>
}
// Layer norms with and without the affine part, scale and bias as inputs so
// the data is random (test/backends/onnx/layernorm-opsets.test).
func.func @main(%x: tensor<2x3x4x8xf32>, %g: tensor<4x8xf32>, %b: tensor<4x8xf32>,
                %g1: tensor<8xf32>)
    -> (tensor<2x3x4x8xf32>, tensor<2x3x4x8xf32>, tensor<2x3x4x8xf32>) {
  %full = nndct.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-03 : f32}
      : (tensor<2x3x4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<2x3x4x8xf32> loc("block.norm")
  %plain = nndct.layer_norm %x {axis = -1 : i64}
      : (tensor<2x3x4x8xf32>) -> tensor<2x3x4x8xf32> loc("head.norm")
  %scaled = nndct.layer_norm %x, %g1 {axis = 3 : i64}
      : (tensor<2x3x4x8xf32>, tensor<8xf32>) -> tensor<2x3x4x8xf32> loc("stem.norm")
  return %full, %plain, %scaled : tensor<2x3x4x8xf32>, tensor<2x3x4x8xf32>, tensor<2x3x4x8xf32>
}

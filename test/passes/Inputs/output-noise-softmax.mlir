// output-noise.mlir behind a confident classifier: c2's logits are about
// +-40 apart, so softmax gives 0 and 1 whatever the fixes do (in float
// arithmetic), and only the logits show a fix's noise.
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w1 = nndct.constant dense<[[[[1.0e-3]], [[-1.5e-3]]], [[[0.5e-3]], [[1.2e-3]]]]> : tensor<2x2x1x1xf32> loc("c1.weight")
  %b1 = nndct.constant dense<[8.0, -6.0]> : tensor<2xf32> loc("c1.bias")
  %c1 = nndct.conv2d %x, %w1, %b1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c1")
  %w2 = nndct.constant dense<[[[[2.0]], [[-1.0]]], [[[-2.0]], [[1.0]]]]> : tensor<2x2x1x1xf32> loc("c2.weight")
  %b2 = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c2.bias")
  %c2 = nndct.conv2d %c1, %w2, %b2 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c2")
  %p = nndct.softmax %c2 {axis = 1 : i64} : tensor<1x2x4x4xf32> loc("probs")
  return %p : tensor<1x2x4x4xf32>
}

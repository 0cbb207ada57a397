// Two convs: the first has weights near 1e-3 and a bias near 8, so its
// calibrated fix points (weights 16, input 7, bias 4) break
// shift_bias = w + i - b <= 15; the second's rules hold.
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w1 = nndct.constant dense<[[[[1.0e-3]], [[-1.5e-3]]], [[[0.5e-3]], [[1.2e-3]]]]> : tensor<2x2x1x1xf32> loc("c1.weight")
  %b1 = nndct.constant dense<[8.0, -6.0]> : tensor<2xf32> loc("c1.bias")
  %c1 = nndct.conv2d %x, %w1, %b1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c1")
  %w2 = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c2.weight")
  %b2 = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c2.bias")
  %c2 = nndct.conv2d %c1, %w2, %b2 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c2")
  return %c2 : tensor<1x2x4x4xf32>
}

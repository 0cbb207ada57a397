// Elementwise, normalisation and data-movement ops against numpy.
// Every thread count gives bitwise the same outputs.
// The .pb outputs are ONNX TensorProtos.

func.func @main(%a: tensor<2x3x4x5xf32> {nndct.name = "a"}, %b: tensor<3x1x5xf32> {nndct.name = "b"})
    -> (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>,
        tensor<2x3x4x5xf32>, tensor<2x2x5x3xf32>, tensor<2x6x4x5xf32>, tensor<2x3x1x1xf32>,
        tensor<2x3x4x5xf32>, tensor<2x3x7x8xf32>) {
  %add = nndct.add %a, %b : (tensor<2x3x4x5xf32>, tensor<3x1x5xf32>) -> tensor<2x3x4x5xf32>
  %div = nndct.div %add, %b : (tensor<2x3x4x5xf32>, tensor<3x1x5xf32>) -> tensor<2x3x4x5xf32>
  %g0 = nndct.gelu %div : tensor<2x3x4x5xf32>
  %g1 = nndct.gelu %div {approximation = #nndct.gelu_approximation<tanh>} : tensor<2x3x4x5xf32>
  %hs = nndct.hard_swish %a : tensor<2x3x4x5xf32>
  %sm = nndct.softmax %a {axis = 1 : i64} : tensor<2x3x4x5xf32>
  %ln = nndct.layer_norm %a : (tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
  %tr = nndct.transpose %a {perm = array<i64: 0, 2, 3, 1>} : (tensor<2x3x4x5xf32>) -> tensor<2x4x5x3xf32>
  %sl = nndct.slice %tr {starts = array<i64: 0, 1, 0, 0>, ends = array<i64: 2, 4, 5, 3>, steps = array<i64: 1, 2, 1, 1>}
      : (tensor<2x4x5x3xf32>) -> tensor<2x2x5x3xf32>
  %r = nndct.relu %a : tensor<2x3x4x5xf32>
  %cat = nndct.concat %a, %r {axis = 1 : i64} : (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) -> tensor<2x6x4x5xf32>
  %mean = nndct.reduce_mean %a {axes = array<i64: 2, 3>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x1x1xf32>
  %max = nndct.reduce_max %a {axes = array<i64: 2, 3>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x1x1xf32>
  %sig = nndct.sigmoid %max : tensor<2x3x1x1xf32>
  %red = nndct.add %mean, %sig : (tensor<2x3x1x1xf32>, tensor<2x3x1x1xf32>) -> tensor<2x3x1x1xf32>
  %lr = nndct.leaky_relu %a {alpha = 0.1 : f32} : tensor<2x3x4x5xf32>
  %pad = nndct.pad %a {pads = array<i64: 0, 0, 1, 2, 0, 0, 2, 1>, mode = #nndct.pad_mode<reflect>}
      : (tensor<2x3x4x5xf32>) -> tensor<2x3x7x8xf32>
  return %g0, %g1, %hs, %sm, %ln, %sl, %cat, %red, %lr, %pad
      : tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>,
        tensor<2x3x4x5xf32>, tensor<2x2x5x3xf32>, tensor<2x6x4x5xf32>, tensor<2x3x1x1xf32>,
        tensor<2x3x4x5xf32>, tensor<2x3x7x8xf32>
}
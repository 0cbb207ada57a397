// Every float kernel family on an input with NaN in a few places (see
// nan-propagation.test). %c feeds only the activation after it, so the
// interpreter fuses conv + relu / relu6 / clamp / leaky_relu into one oneDNN
// convolution.
func.func @main(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>,
    tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>,
    tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>,
    tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>,
    tensor<1x3xf32>, tensor<1x32xf32>, tensor<1x2x4x1xf32>) {
  %w = nndct.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c1 = nndct.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %relu = nndct.relu %c1 : tensor<1x2x4x4xf32>
  %c2 = nndct.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %relu6 = nndct.relu6 %c2 : tensor<1x2x4x4xf32>
  %c3 = nndct.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %clamp = nndct.clamp %c3 {min = -1.0 : f32, max = 4.0 : f32} : tensor<1x2x4x4xf32>
  %c4 = nndct.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %leaky = nndct.leaky_relu %c4 {alpha = 0.1 : f32} : tensor<1x2x4x4xf32>
  %max = nndct.max_pool2d %x {kernel_size = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %avg = nndct.avg_pool2d %x {kernel_size = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %r = nndct.relu %x : tensor<1x2x4x4xf32>
  %r6 = nndct.relu6 %x : tensor<1x2x4x4xf32>
  %cl = nndct.clamp %x {min = -1.0 : f32, max = 4.0 : f32} : tensor<1x2x4x4xf32>
  %sg = nndct.sigmoid %x : tensor<1x2x4x4xf32>
  %hs = nndct.hard_sigmoid %x {alpha = 0.1666666 : f32} : tensor<1x2x4x4xf32>
  %hw = nndct.hard_swish %x : tensor<1x2x4x4xf32>
  %th = nndct.tanh %x : tensor<1x2x4x4xf32>
  %gp = nndct.adaptive_avg_pool2d %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  %fl = nndct.reshape %x : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32>
  %fw = nndct.constant dense<0.25> : tensor<3x32xf32>
  %fb = nndct.constant dense<1.0> : tensor<3xf32>
  %fc = nndct.linear %fl, %fw, %fb : (tensor<1x32xf32>, tensor<3x32xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  %sm = nndct.softmax %fl {axis = 1 : i64} : tensor<1x32xf32>
  %rx = nndct.reduce_max %x {axes = array<i64: 3>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x1xf32>
  return %relu, %relu6, %clamp, %leaky, %max, %avg, %r, %r6, %cl, %sg, %hs, %hw, %th, %gp, %fc, %sm, %rx
    : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>,
      tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>,
      tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>,
      tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1x3xf32>, tensor<1x32xf32>, tensor<1x2x4x1xf32>
}

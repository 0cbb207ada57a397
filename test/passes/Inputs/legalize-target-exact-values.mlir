// Every exact rewrite of nndct-legalize-target on one input: split, the
// reduce_mean and global pools, pools split into chains (padding, ceil mode,
// strides beyond the engine's), zero padding folded into convs and avg pools.
// Generated; the values must not change.
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @main(%x: tensor<1x2x70x70xf32>) -> (tensor<1x1x70x70xf32>, tensor<1x1x70x70xf32>, tensor<1x2x1x1xf32>, tensor<1x2xf32>, tensor<1x2x1x1xf32>, tensor<1x2x17x17xf32>, tensor<1x2x9x10xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>, tensor<1x3x35x36xf32>, tensor<1x2x71x71xf32>, tensor<1x2x35x35xf32>, tensor<1x2x36x36xf32>) {
  %a, %b = nndct.split %x {axis = 1 : i64, sizes = array<i64: 1, 1>} : (tensor<1x2x70x70xf32>) -> (tensor<1x1x70x70xf32>, tensor<1x1x70x70xf32>)
  %o2 = nndct.reduce_mean %x {axes = array<i64: 2, 3>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x1x1xf32>
  %o3 = nndct.reduce_mean %x {axes = array<i64: 3, 2>, keepdims = false} : (tensor<1x2x70x70xf32>) -> tensor<1x2xf32>
  %o4 = nndct.adaptive_avg_pool2d %x : (tensor<1x2x70x70xf32>) -> tensor<1x2x1x1xf32>
  %o5 = nndct.max_pool2d %x {kernel_size = array<i64: 40, 40>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x17x17xf32>
  %o6 = nndct.max_pool2d %x {kernel_size = array<i64: 40, 35>, strides = array<i64: 4, 4>, ceil_mode = true} : (tensor<1x2x70x70xf32>) -> tensor<1x2x9x10xf32>
  %o7 = nndct.max_pool2d %x {kernel_size = array<i64: 3, 3>, strides = array<i64: 40, 40>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x2x2xf32>
  %o8 = nndct.avg_pool2d %x {kernel_size = array<i64: 36, 36>, strides = array<i64: 36, 36>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x2x2xf32>
  %o9 = nndct.avg_pool2d %x {kernel_size = array<i64: 3, 3>, strides = array<i64: 20, 20>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x4x4xf32>
  %o10 = nndct.avg_pool2d %x {kernel_size = array<i64: 32, 32>, strides = array<i64: 32, 32>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x2x2xf32>
  %p = nndct.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, 0, 1>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x71x71xf32>
  %w = nndct.constant dense<[[[[-0.8287, -0.5264,  0.6025],   [ 0.1643, -0.8117, -0.1337],   [-0.0419, -0.6805,  0.4692]],  [[-0.7727, -0.2175,  0.0335],   [-0.1387,  0.1736,  0.4757],   [ 0.9125, -0.4316,  0.2971]]], [[[ 0.3924, -0.4146, -0.9970],   [ 0.9469, -0.4032, -0.3720],   [ 0.7834,  0.1703, -0.0574]],  [[ 0.5466, -0.9393,  0.4139],   [-0.2515, -0.8183,  0.3210],   [ 0.8629, -0.5856,  0.2602]]], [[[-0.4037,  0.4835,  0.4443],   [-0.5626,  0.6598,  0.3153],   [ 0.3656,  0.6402, -0.1429]],  [[ 0.5174,  0.7570, -0.7954],   [ 0.6995, -0.2121, -0.0406],   [-0.7073,  0.3969, -0.4160]]]]> : tensor<3x2x3x3xf32>
  %dw = nndct.constant dense<[[[[ 0.7423, -0.4493,  0.1236],   [-0.2007,  0.2258, -0.6067],   [-0.6394,  0.4937,  0.5044]]], [[[ 0.1340,  0.8422, -0.5884],   [ 0.7018, -0.6620,  0.9287],   [ 0.2474,  0.2138,  0.9411]]]]> : tensor<2x1x3x3xf32>
  %o11 = nndct.conv2d %p, %w {pads = array<i64: 1, 1, 0, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x71x71xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x35x36xf32>
  %o12 = nndct.conv2d %p, %dw {groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x71x71xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x71x71xf32>
  %o13 = nndct.avg_pool2d %p {kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, count_include_pad = false} : (tensor<1x2x71x71xf32>) -> tensor<1x2x35x35xf32>
  %o14 = nndct.avg_pool2d %p {kernel_size = array<i64: 2, 2>, pads = array<i64: 1, 0, 1, 0>, ceil_mode = true, strides = array<i64: 2, 2>} : (tensor<1x2x71x71xf32>) -> tensor<1x2x36x36xf32>
  return %a, %b, %o2, %o3, %o4, %o5, %o6, %o7, %o8, %o9, %o10, %o11, %o12, %o13, %o14 : tensor<1x1x70x70xf32>, tensor<1x1x70x70xf32>, tensor<1x2x1x1xf32>, tensor<1x2xf32>, tensor<1x2x1x1xf32>, tensor<1x2x17x17xf32>, tensor<1x2x9x10xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>, tensor<1x3x35x36xf32>, tensor<1x2x71x71xf32>, tensor<1x2x35x35xf32>, tensor<1x2x36x36xf32>
}
}

// Group/instance norm and the 3-D window ops once each, weights as inputs
// so the data is random (test/backends/onnx/norm-3d-ops.test).
func.func @main(%x: tensor<1x4x5x6x7xf32>, %w: tensor<6x2x3x3x3xf32>,
                %b: tensor<6xf32>, %wt: tensor<6x2x2x2x2xf32>,
                %g: tensor<4xf32>, %beta: tensor<4xf32>)
    -> (tensor<1x4x5x6x7xf32>, tensor<1x6x5x3x4xf32>, tensor<1x2x5x3x4xf32>,
        tensor<1x2x5x3x4xf32>) {
  %gn = nndct.group_norm %x, %g, %beta {num_groups = 2 : i64, epsilon = 1.0e-03 : f32}
      : (tensor<1x4x5x6x7xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x5x6x7xf32>
  %c = nndct.conv3d %x, %w, %b {strides = array<i64: 1, 2, 1>,
                                pads = array<i64: 1, 1, 0, 1, 0, 1>,
                                dilations = array<i64: 1, 1, 2>, groups = 2 : i64}
      : (tensor<1x4x5x6x7xf32>, tensor<6x2x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x3x4xf32>
  %in = nndct.group_norm %c {num_groups = 6 : i64}
      : (tensor<1x6x5x3x4xf32>) -> tensor<1x6x5x3x4xf32>
  %t = nndct.conv_transpose3d %c, %wt {strides = array<i64: 2, 2, 2>}
      : (tensor<1x6x5x3x4xf32>, tensor<6x2x2x2x2xf32>) -> tensor<1x2x10x6x8xf32>
  %mp = nndct.max_pool3d %t {kernel_size = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>}
      : (tensor<1x2x10x6x8xf32>) -> tensor<1x2x5x3x4xf32>
  %ap = nndct.avg_pool3d %mp {kernel_size = array<i64: 3, 3, 3>,
                              pads = array<i64: 1, 1, 1, 1, 1, 1>,
                              count_include_pad = false}
      : (tensor<1x2x5x3x4xf32>) -> tensor<1x2x5x3x4xf32>
  return %gn, %in, %mp, %ap : tensor<1x4x5x6x7xf32>, tensor<1x6x5x3x4xf32>,
                             tensor<1x2x5x3x4xf32>, tensor<1x2x5x3x4xf32>
}

// Every sampling form once (test/backends/onnx/sampling-ops.test): cubic
// resize (coordinate modes, cubic_coeff_a, exclude_outside), crop and
// resize, grid_sample (each mode and padding, both align_corners) and
// roi_align (avg/max, both box conventions).
func.func @main(%x: tensor<2x3x5x6xf32>, %g: tensor<2x4x3x2xf32>,
                %rois: tensor<3x4xf32>)
    -> (tensor<2x3x10x12xf32>, tensor<2x3x3x4xf32>, tensor<2x3x7x9xf32>,
        tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<2x3x3x4xf32>,
        tensor<2x3x4x3xf32>,
        tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>,
        tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>,
        tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>,
        tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>,
        tensor<3x3x2x3xf32>, tensor<3x3x3x2xf32>) {
  %r0 = nndct.resize %x {mode = #nndct.resize_mode<cubic>, scales = array<f32: 2.0, 2.0>}
      : (tensor<2x3x5x6xf32>) -> tensor<2x3x10x12xf32>
  %r1 = nndct.resize %x {mode = #nndct.resize_mode<cubic>, coordinate_mode = #nndct.coordinate_mode<align_corners>,
                         cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true}
      : (tensor<2x3x5x6xf32>) -> tensor<2x3x3x4xf32>
  %r2 = nndct.resize %x {mode = #nndct.resize_mode<cubic>, coordinate_mode = #nndct.coordinate_mode<asymmetric>}
      : (tensor<2x3x5x6xf32>) -> tensor<2x3x7x9xf32>
  %r3 = nndct.resize %x {mode = #nndct.resize_mode<cubic>, coordinate_mode = #nndct.coordinate_mode<pytorch_half_pixel>,
                         exclude_outside = true}
      : (tensor<2x3x5x6xf32>) -> tensor<2x3x4x5xf32>
  %r4 = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, coordinate_mode = #nndct.coordinate_mode<tf_crop_and_resize>,
                         roi = array<f32: 0.2, 0.1, 0.9, 1.2>, extrapolation_value = 7.0 : f32}
      : (tensor<2x3x5x6xf32>) -> tensor<2x3x4x5xf32>
  %r5 = nndct.resize %x {mode = #nndct.resize_mode<nearest>, coordinate_mode = #nndct.coordinate_mode<tf_crop_and_resize>,
                         nearest_mode = #nndct.nearest_mode<round_prefer_ceil>,
                         roi = array<f32: -0.2, 0.3, 0.7, 0.8>}
      : (tensor<2x3x5x6xf32>) -> tensor<2x3x3x4xf32>
  %r6 = nndct.resize %x {mode = #nndct.resize_mode<cubic>, coordinate_mode = #nndct.coordinate_mode<tf_crop_and_resize>,
                         roi = array<f32: 0.1, 0.0, 0.8, 0.9>, extrapolation_value = -1.0 : f32}
      : (tensor<2x3x5x6xf32>) -> tensor<2x3x4x3xf32>
  %g0 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<bilinear>}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g1 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<bilinear>, padding_mode = #nndct.grid_padding_mode<border>}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g2 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<bilinear>, padding_mode = #nndct.grid_padding_mode<reflection>}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g3 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<nearest>}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g4 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<nearest>, padding_mode = #nndct.grid_padding_mode<border>}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g5 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<nearest>, padding_mode = #nndct.grid_padding_mode<reflection>}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g6 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<cubic>}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g7 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<cubic>, padding_mode = #nndct.grid_padding_mode<border>}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g8 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<cubic>, padding_mode = #nndct.grid_padding_mode<reflection>}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g9 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<bilinear>, padding_mode = #nndct.grid_padding_mode<reflection>,
                                  align_corners = true}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g10 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<nearest>, align_corners = true}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %g11 = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<cubic>, padding_mode = #nndct.grid_padding_mode<border>,
                                   align_corners = true}
      : (tensor<2x3x5x6xf32>, tensor<2x4x3x2xf32>) -> tensor<2x3x4x3xf32>
  %idx = nndct.constant dense<[1, 0, 1]> : tensor<3xi64>
  %a0 = nndct.roi_align %x, %rois, %idx {output_height = 2 : i64, output_width = 3 : i64, sampling_ratio = 2 : i64}
      : (tensor<2x3x5x6xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x3x2x3xf32>
  %a1 = nndct.roi_align %x, %rois, %idx {mode = #nndct.roi_pool_mode<max>, output_height = 3 : i64, output_width = 2 : i64,
                                         spatial_scale = 5.000000e-01 : f32, aligned = false}
      : (tensor<2x3x5x6xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x3x3x2xf32>
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %g0, %g1, %g2, %g3, %g4, %g5, %g6, %g7, %g8, %g9, %g10, %g11, %a0, %a1
      : tensor<2x3x10x12xf32>, tensor<2x3x3x4xf32>, tensor<2x3x7x9xf32>,
        tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<2x3x3x4xf32>,
        tensor<2x3x4x3xf32>,
        tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>,
        tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>,
        tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>,
        tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>, tensor<2x3x4x3xf32>,
        tensor<3x3x2x3xf32>, tensor<3x3x3x2xf32>
}

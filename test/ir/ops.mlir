// RUN: nndct-opt %s | FileCheck %s
// RUN: nndct-opt %s -o %t.1.mlir && nndct-opt %t.1.mlir -o %t.2.mlir && diff -u %t.1.mlir %t.2.mlir
// Every op of the dialect parses, verifies and prints back in its own syntax.

module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {

// CHECK-LABEL: func.func @conv_chain
func.func @conv_chain(%x: tensor<1x3x32x32xf32>) -> tensor<1x10xf32> {
  // CHECK: nndct.constant dense_resource<conv1.weight> : tensor<8x3x3x3xf32>
  %w = nndct.constant dense_resource<conv1.weight> : tensor<8x3x3x3xf32>
  %b = nndct.constant dense<0.5> : tensor<8xf32>
  // CHECK: nndct.conv2d %{{.*}}, %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  %c = nndct.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x32x32xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x16x16xf32>
  %dw = nndct.constant dense<1.0> : tensor<8x1x3x3xf32>
  // CHECK: nndct.conv2d {{.*}} {dilations = array<i64: 2, 2>, groups = 8 : i64, pads = array<i64: 2, 2, 2, 2>}
  %d = nndct.conv2d %c, %dw {groups = 8 : i64, dilations = array<i64: 2, 2>, pads = array<i64: 2, 2, 2, 2>}
      : (tensor<1x8x16x16xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x16x16xf32>
  // CHECK: nndct.relu
  %r = nndct.relu %d : tensor<1x8x16x16xf32>
  // CHECK: nndct.relu6
  %r6 = nndct.relu6 %r : tensor<1x8x16x16xf32>
  // CHECK: nndct.leaky_relu %{{.*}} {alpha = 1.000000e-01 : f32}
  %lr = nndct.leaky_relu %r6 {alpha = 0.1 : f32} : tensor<1x8x16x16xf32>
  %slope = nndct.constant dense<0.25> : tensor<8x1x1xf32>
  // CHECK: nndct.prelu
  %pr = nndct.prelu %lr, %slope : (tensor<1x8x16x16xf32>, tensor<8x1x1xf32>) -> tensor<1x8x16x16xf32>
  // CHECK: nndct.clamp %{{.*}} {max = 4.000000e+00 : f32, min = -1.000000e+00 : f32}
  %cl = nndct.clamp %pr {min = -1.0 : f32, max = 4.0 : f32} : tensor<1x8x16x16xf32>
  %sg = nndct.sigmoid %cl : tensor<1x8x16x16xf32>
  %hs = nndct.hard_sigmoid %sg {alpha = 0.1666666 : f32} : tensor<1x8x16x16xf32>
  %hw = nndct.hard_swish %hs : tensor<1x8x16x16xf32>
  %th = nndct.tanh %hw : tensor<1x8x16x16xf32>
  %si = nndct.silu %th : tensor<1x8x16x16xf32>
  // CHECK: nndct.gelu %{{.*}} {approximation = #nndct.gelu_approximation<tanh>}
  %ge = nndct.gelu %si {approximation = #nndct.gelu_approximation<tanh>} : tensor<1x8x16x16xf32>
  %id = nndct.identity %ge : tensor<1x8x16x16xf32>
  %dr = nndct.dropout %id {ratio = 0.2 : f32} : tensor<1x8x16x16xf32>
  // CHECK: nndct.max_pool2d %{{.*}} {ceil_mode = true, kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>}
  %mp = nndct.max_pool2d %dr {kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true}
      : (tensor<1x8x16x16xf32>) -> tensor<1x8x8x8xf32>
  %ap = nndct.avg_pool2d %mp {kernel_size = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = false}
      : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %gp = nndct.adaptive_avg_pool2d %ap : (tensor<1x8x8x8xf32>) -> tensor<1x8x1x1xf32>
  // CHECK: nndct.reshape %{{.*}} : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %fl = nndct.reshape %gp : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %fw = nndct.constant dense<0.1> : tensor<10x8xf32>
  %fb = nndct.constant dense<0.0> : tensor<10xf32>
  // CHECK: nndct.linear
  %fc = nndct.linear %fl, %fw, %fb : (tensor<1x8xf32>, tensor<10x8xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // CHECK: nndct.softmax %{{.*}} {axis = 1 : i64}
  %sm = nndct.softmax %fc {axis = 1 : i64} : tensor<1x10xf32>
  return %sm : tensor<1x10xf32>
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%a: tensor<1x4x8x8xf32>, %b: tensor<1x4x1x1xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x2x8x8xf32>) {
  %add = nndct.add %a, %b : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %sub = nndct.sub %add, %b : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %mul = nndct.mul %sub, %a : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %div = nndct.div %mul, %b : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: nndct.concat %{{.*}}, %{{.*}} {axis = 1 : i64}
  %cat = nndct.concat %div, %a {axis = 1 : i64}
      : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: nndct.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>}
  %t = nndct.transpose %cat {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %p = nndct.pad %t {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #nndct.pad_mode<reflect>}
      : (tensor<1x8x8x8xf32>) -> tensor<1x8x10x10xf32>
  %s = nndct.slice %p {starts = array<i64: 0, 0, 1, 1>, ends = array<i64: 1, 8, 9, 9>, steps = array<i64: 1, 1, 2, 2>}
      : (tensor<1x8x10x10xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: nndct.split %{{.*}} {axis = 1 : i64, sizes = array<i64: 2, 2>}
  %x0, %x1 = nndct.split %a {axis = 1 : i64, sizes = array<i64: 2, 2>}
      : (tensor<1x4x8x8xf32>) -> (tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>)
  %rm = nndct.reduce_mean %x0 {axes = array<i64: 2, 3>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x1x1xf32>
  %rs = nndct.reduce_sum %x1 {axes = array<i64: 1>, keepdims = false} : (tensor<1x2x8x8xf32>) -> tensor<1x8x8xf32>
  %rx = nndct.reduce_max %rs {axes = array<i64: 0>} : (tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %up = nndct.resize %rm {mode = #nndct.resize_mode<nearest>, coordinate_mode = #nndct.coordinate_mode<asymmetric>, nearest_mode = #nndct.nearest_mode<floor>}
      : (tensor<1x2x1x1xf32>) -> tensor<1x2x8x8xf32>
  // CHECK: nndct.resize %{{.*}} {mode = #nndct.resize_mode<bilinear>, scales = array<f32: 2.000000e+00, 2.000000e+00>}
  %bl = nndct.resize %up {mode = #nndct.resize_mode<bilinear>, scales = array<f32: 2.0, 2.0>}
      : (tensor<1x2x8x8xf32>) -> tensor<1x2x16x16xf32>
  return %s, %x1 : tensor<1x8x4x4xf32>, tensor<1x2x8x8xf32>
}

// CHECK-LABEL: func.func @misc
func.func @misc(%x: tensor<2x3x4xf32>, %y: tensor<4x5xf32>, %i: tensor<1x8x4x4xf32>) -> tensor<2x3x5xf32> {
  // CHECK: nndct.matmul
  %m = nndct.matmul %x, %y : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  %g = nndct.constant dense<1.0> : tensor<5xf32>
  %b = nndct.constant dense<0.0> : tensor<5xf32>
  // CHECK: nndct.layer_norm
  %ln = nndct.layer_norm %m, %g, %b {epsilon = 1.0e-6 : f32} : (tensor<2x3x5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x3x5xf32>
  %c = nndct.constant dense<1.0> : tensor<8xf32>
  // CHECK: nndct.batch_norm
  %bn = nndct.batch_norm %i, %c, %c, %c, %c {epsilon = 1.0e-3 : f32}
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %tw = nndct.constant dense<1.0> : tensor<8x4x2x2xf32>
  // CHECK: nndct.conv_transpose2d {{.*}} {strides = array<i64: 2, 2>}
  %tc = nndct.conv_transpose2d %bn, %tw {strides = array<i64: 2, 2>}
      : (tensor<1x8x4x4xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x8x8xf32>
  return %ln : tensor<2x3x5xf32>
}

// CHECK-LABEL: func.func @quant
func.func @quant(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // CHECK: nndct.quant_stub
  %q = nndct.quant_stub %x : tensor<1x8xf32>
  // CHECK: nndct.region "quant_0" {
  %r = nndct.region "quant_0" {
    // CHECK: nndct.fix %{{.*}} kind <input> round <half_up> bits 8 fp 4 : tensor<1x8xf32>
    %f = nndct.fix %q kind <input> round <half_up> bits 8 fp 4 : tensor<1x8xf32>
    %a = nndct.relu %f : tensor<1x8xf32>
    // CHECK: nndct.fix {{.*}} kind <activation> round <half_up> bits 8 {stats = #nndct.calib_stats<method = "diffs", samples = 2, min = -1.5{{.*}}, max = 2.25{{.*}}, batch_fix_points = [5, 6], hist_amax = 0.0{{.*}}>}
    %o = nndct.fix %a kind <activation> round <half_up> bits 8 {stats = #nndct.calib_stats<method = "diffs", samples = 2, min = -1.5, max = 2.25, batch_fix_points = [5, 6], hist_amax = 0.0>} : tensor<1x8xf32>
    // CHECK: nndct.yield
    nndct.yield %o : tensor<1x8xf32>
  } : tensor<1x8xf32>
  // CHECK: nndct.region "float_0"
  %c = nndct.region "float_0" {
    %s = nndct.softmax %r : tensor<1x8xf32>
    nndct.yield %s : tensor<1x8xf32>
  } : tensor<1x8xf32>
  // CHECK: nndct.fix %{{.*}} kind <activation> round <floor> bits 4 fp -2 {is_signed = false}
  %u = nndct.fix %c kind <activation> round <floor> bits 4 fp -2 {is_signed = false} : tensor<1x8xf32>
  %d = nndct.dequant_stub %c : tensor<1x8xf32>
  %s = nndct.constant dense<0.5> : tensor<f32>
  %z = nndct.constant dense<0> : tensor<i8>
  // CHECK: nndct.quantize_linear
  %ql = nndct.quantize_linear %d, %s, %z : (tensor<1x8xf32>, tensor<f32>, tensor<i8>) -> tensor<1x8xi8>
  // CHECK: nndct.dequantize_linear
  %dl = nndct.dequantize_linear %ql, %s, %z : (tensor<1x8xi8>, tensor<f32>, tensor<i8>) -> tensor<1x8xf32>
  return %dl : tensor<1x8xf32>
}


// CHECK-LABEL: func.func @norms_and_3d_windows
func.func @norms_and_3d_windows(%x: tensor<1x4x5x6x7xf32>, %w: tensor<6x2x3x3x3xf32>,
                                %g: tensor<4xf32>, %wt: tensor<6x2x2x2x2xf32>)
    -> (tensor<1x4x5x6x7xf32>, tensor<1x2x5x3x4xf32>) {
  // CHECK: nndct.group_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32, num_groups = 2 : i64}
  %gn = nndct.group_norm %x, %g, %g {num_groups = 2 : i64, epsilon = 1.0e-03 : f32}
      : (tensor<1x4x5x6x7xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x5x6x7xf32>
  // CHECK: nndct.conv3d {{.*}} {dilations = array<i64: 1, 1, 2>, groups = 2 : i64, pads = array<i64: 1, 1, 0, 1, 0, 1>, strides = array<i64: 1, 2, 1>}
  %c = nndct.conv3d %gn, %w {strides = array<i64: 1, 2, 1>, pads = array<i64: 1, 1, 0, 1, 0, 1>,
                             dilations = array<i64: 1, 1, 2>, groups = 2 : i64}
      : (tensor<1x4x5x6x7xf32>, tensor<6x2x3x3x3xf32>) -> tensor<1x6x5x3x4xf32>
  // CHECK: nndct.group_norm %{{.*}} {num_groups = 6 : i64}
  %in = nndct.group_norm %c {num_groups = 6 : i64} : (tensor<1x6x5x3x4xf32>) -> tensor<1x6x5x3x4xf32>
  // CHECK: nndct.conv_transpose3d {{.*}} {strides = array<i64: 2, 2, 2>}
  %t = nndct.conv_transpose3d %in, %wt {strides = array<i64: 2, 2, 2>}
      : (tensor<1x6x5x3x4xf32>, tensor<6x2x2x2x2xf32>) -> tensor<1x2x10x6x8xf32>
  // CHECK: nndct.max_pool3d {{.*}} {kernel_size = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>}
  %mp = nndct.max_pool3d %t {kernel_size = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>}
      : (tensor<1x2x10x6x8xf32>) -> tensor<1x2x5x3x4xf32>
  // CHECK: nndct.avg_pool3d {{.*}} {count_include_pad = false, kernel_size = array<i64: 3, 3, 3>, pads = array<i64: 1, 1, 1, 1, 1, 1>}
  %ap = nndct.avg_pool3d %mp {kernel_size = array<i64: 3, 3, 3>, pads = array<i64: 1, 1, 1, 1, 1, 1>,
                              count_include_pad = false}
      : (tensor<1x2x5x3x4xf32>) -> tensor<1x2x5x3x4xf32>
  return %gn, %ap : tensor<1x4x5x6x7xf32>, tensor<1x2x5x3x4xf32>
}

// Sampling ops: cubic and crop-and-resize resize, grid_sample, roi_align.
func.func @sampling(%x: tensor<1x2x4x4xf32>, %g: tensor<1x3x3x2xf32>,
                    %r: tensor<2x4xf32>, %i: tensor<2xi64>)
    -> (tensor<1x2x8x8xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<2x2x2x2xf32>) {
  // CHECK: nndct.resize %{{.*}} {coordinate_mode = #nndct.coordinate_mode<asymmetric>, cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true, mode = #nndct.resize_mode<cubic>}
  %c = nndct.resize %x {mode = #nndct.resize_mode<cubic>, coordinate_mode = #nndct.coordinate_mode<asymmetric>,
                        cubic_coeff_a = -0.5 : f32, exclude_outside = true}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>
  // CHECK: nndct.resize %{{.*}} {coordinate_mode = #nndct.coordinate_mode<tf_crop_and_resize>, extrapolation_value = 1.000000e+00 : f32, mode = #nndct.resize_mode<bilinear>, roi = array<f32: 0.000000e+00, 2.500000e-01, 5.000000e-01, 1.000000e+00>}
  %t = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, coordinate_mode = #nndct.coordinate_mode<tf_crop_and_resize>,
                        roi = array<f32: 0.0, 0.25, 0.5, 1.0>, extrapolation_value = 1.0 : f32}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  // CHECK: nndct.grid_sample %{{.*}}, %{{.*}} {align_corners = true, mode = #nndct.resize_mode<nearest>, padding_mode = #nndct.grid_padding_mode<reflection>} : (tensor<1x2x4x4xf32>, tensor<1x3x3x2xf32>) -> tensor<1x2x3x3xf32>
  %s = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<nearest>, padding_mode = #nndct.grid_padding_mode<reflection>,
                                 align_corners = true}
      : (tensor<1x2x4x4xf32>, tensor<1x3x3x2xf32>) -> tensor<1x2x3x3xf32>
  // CHECK: nndct.roi_align %{{.*}}, %{{.*}}, %{{.*}} {aligned = false, mode = #nndct.roi_pool_mode<max>, output_height = 2 : i64, output_width = 2 : i64, sampling_ratio = 2 : i64, spatial_scale = 5.000000e-01 : f32} : (tensor<1x2x4x4xf32>, tensor<2x4xf32>, tensor<2xi64>) -> tensor<2x2x2x2xf32>
  %a = nndct.roi_align %x, %r, %i {mode = #nndct.roi_pool_mode<max>, output_height = 2 : i64, output_width = 2 : i64,
                                   sampling_ratio = 2 : i64, spatial_scale = 0.5 : f32, aligned = false}
      : (tensor<1x2x4x4xf32>, tensor<2x4xf32>, tensor<2xi64>) -> tensor<2x2x2x2xf32>
  return %c, %t, %s, %a : tensor<1x2x8x8xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<2x2x2x2xf32>
}
}

{-#
  dialect_resources: {
    builtin: {
      "conv1.weight": "0x04000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    }
  }
#-}

// RUN: nndct-opt %s -split-input-file -verify-diagnostics
// One case per verifier rule of the nndct dialect.

func.func @conv_groups_not_positive(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) {
  // expected-error @+2 {{groups must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----
func.func @conv_channels_not_divisible(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+2 {{must be divisible by groups (4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w {groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----
func.func @conv_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{weight has 3 input channels per group but the input has 4 channels in 1 groups}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----
func.func @conv_bias_size(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{bias has 4 elements but there are 8 output channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<4xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----
func.func @conv_kernel_too_big(%x: tensor<1x4x2x2xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{kernel 3x3 does not fit the padded 2x2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w : (tensor<1x4x2x2xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x1x1xf32>
  return
}

// -----
func.func @conv_stride_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{strides must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----
func.func @conv_negative_pads(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{pads must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w {pads = array<i64: -1, 0, 0, 0>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----
func.func @conv_wrong_result(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x8x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x8x8x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @conv_pads_count(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'pads' failed to satisfy constraint}}
  %0 = nndct.conv2d %x, %w {pads = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @conv_transpose_weight(%x: tensor<1x8x4x4xf32>, %w: tensor<4x4x2x2xf32>) {
  // expected-error @+2 {{weight has 4 input channels but the input has 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv_transpose2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<4x4x2x2xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----
func.func @conv_transpose_output_padding(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x2x2xf32>) {
  // expected-error @+2 {{output_padding must be in [0, max(stride, dilation))}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv_transpose2d %x, %w {output_padding = array<i64: 1, 1>} : (tensor<1x8x4x4xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----
func.func @conv_transpose_bias(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x2x2xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{bias has 8 elements but there are 4 output channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv_transpose2d %x, %w, %b : (tensor<1x8x4x4xf32>, tensor<8x4x2x2xf32>, tensor<8xf32>) -> tensor<1x4x5x5xf32>
  return
}

// -----
func.func @linear_features(%x: tensor<1x16xf32>, %w: tensor<10x8xf32>) {
  // expected-error @+2 {{input features (16) must equal weight dimension 1 (8)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.linear %x, %w : (tensor<1x16xf32>, tensor<10x8xf32>) -> tensor<1x10xf32>
  return
}

// -----
func.func @linear_bias(%x: tensor<1x8xf32>, %w: tensor<10x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{bias has 8 elements but there are 10 outputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.linear %x, %w, %b : (tensor<1x8xf32>, tensor<10x8xf32>, tensor<8xf32>) -> tensor<1x10xf32>
  return
}

// -----
func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{contraction sizes differ: 3 vs 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----
func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x5xf32>) {
  // expected-error @+2 {{batch dimensions do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x5xf32>) -> tensor<2x2x5xf32>
  return
}

// -----
func.func @add_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{operands don't have broadcast-compatible shapes}}
  %0 = nndct.add %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----
func.func @mul_element_types(%a: tensor<2x3xf32>, %b: tensor<2x3xf16>) {
  // expected-error @+2 {{operands have different element types}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.mul %a, %b : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<2x3xf32>
  return
}

// -----
func.func @add_bool(%a: tensor<2x3xi1>, %b: tensor<2x3xi1>) {
  // expected-error @+1 {{must be statically shaped tensor of 32-bit float}}
  %0 = nndct.add %a, %b : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  return
}

// -----
func.func @dynamic_shape(%a: tensor<?x3xf32>) {
  // expected-error @+1 {{must be statically shaped tensor of 32-bit float}}
  %0 = nndct.relu %a : tensor<?x3xf32>
  return
}

// -----
func.func @prelu_slope(%x: tensor<1x8x4x4xf32>, %s: tensor<4x1x1xf32>) {
  // expected-error @+2 {{slope does not broadcast to the input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.prelu %x, %s : (tensor<1x8x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----
func.func @clamp_bounds(%x: tensor<4xf32>) {
  // expected-error @+1 {{min must not exceed max}}
  %0 = nndct.clamp %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return
}

// -----
func.func @softmax_axis(%x: tensor<1x10xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = nndct.softmax %x {axis = 2 : i64} : tensor<1x10xf32>
  return
}

// -----
func.func @batch_norm_params(%x: tensor<1x8x4x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+2 {{parameters must have 8 elements, one per channel}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.batch_norm %x, %p, %p, %p, %p : (tensor<1x8x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----
func.func @batch_norm_epsilon(%x: tensor<1x8x4x4xf32>, %p: tensor<8xf32>) {
  // expected-error @+2 {{epsilon must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----
func.func @layer_norm_axis(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = nndct.layer_norm %x {axis = 2 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----
func.func @layer_norm_scale(%x: tensor<2x8xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{scale and bias must have the normalized shape}}
  %0 = nndct.layer_norm %x, %g : (tensor<2x8xf32>, tensor<4xf32>) -> tensor<2x8xf32>
  return
}

// -----
func.func @pool_pads(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+2 {{pads must be smaller than the kernel}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.max_pool2d %x {kernel_size = array<i64: 2, 2>, pads = array<i64: 2, 0, 0, 0>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x9x7xf32>
  return
}

// -----
func.func @pool_window(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+2 {{window does not fit the 2x2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.avg_pool2d %x {kernel_size = array<i64: 3, 3>} : (tensor<1x8x2x2xf32>) -> tensor<1x8x1x1xf32>
  return
}

// -----
func.func @pool_kernel(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+2 {{kernel_size must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.max_pool2d %x {kernel_size = array<i64: 0, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----
func.func @adaptive_pool_size(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+2 {{output_size must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.adaptive_avg_pool2d %x {output_size = array<i64: 0, 1>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x1x1xf32>
  return
}

// -----
func.func @reduce_axis(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.reduce_mean %x {axes = array<i64: 2>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return
}

// -----
func.func @reduce_repeated(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{axis 1 is repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.reduce_sum %x {axes = array<i64: 1, 1>} : (tensor<1x8xf32>) -> tensor<1x1xf32>
  return
}

// -----
func.func @concat_axis(%a: tensor<1x4xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.concat %a, %a {axis = 2 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
  return
}

// -----
func.func @concat_dims(%a: tensor<1x4x2xf32>, %b: tensor<1x4x3xf32>) {
  // expected-error @+2 {{inputs differ in dimension 2 (only the axis may differ)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.concat %a, %b {axis = 1 : i64} : (tensor<1x4x2xf32>, tensor<1x4x3xf32>) -> tensor<1x8x2xf32>
  return
}

// -----
func.func @concat_rank(%a: tensor<1x4xf32>, %b: tensor<1x4x1xf32>) {
  // expected-error @+2 {{inputs must have the same rank and element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.concat %a, %b {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4x1xf32>) -> tensor<1x8xf32>
  return
}

// -----
func.func @reshape_count(%x: tensor<1x8xf32>) {
  // expected-error @+1 {{cannot reshape 8 elements into 6}}
  %0 = nndct.reshape %x : (tensor<1x8xf32>) -> tensor<2x3xf32>
  return
}

// -----
func.func @reshape_element_type(%x: tensor<1x8xf32>) {
  // expected-error @+1 {{must not change the element type}}
  %0 = nndct.reshape %x : (tensor<1x8xf32>) -> tensor<8xf16>
  return
}

// -----
func.func @transpose_rank(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{perm has 3 entries for a rank-2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return
}

// -----
func.func @transpose_perm(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{perm is not a permutation}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.transpose %x {perm = array<i64: 1, 1>} : (tensor<1x8xf32>) -> tensor<8x8xf32>
  return
}

// -----
func.func @pad_count(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{needs 4 pads for rank 2, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.pad %x {pads = array<i64: 1, 1>} : (tensor<1x8xf32>) -> tensor<2x9xf32>
  return
}

// -----
func.func @pad_negative(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{pads must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.pad %x {pads = array<i64: 0, -1, 0, 0>} : (tensor<1x8xf32>) -> tensor<1x7xf32>
  return
}

// -----
func.func @pad_reflect(%x: tensor<1x2xf32>) {
  // expected-error @+2 {{reflect padding must be smaller than the dimension}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.pad %x {pads = array<i64: 0, 2, 0, 0>, mode = #nndct.pad_mode<reflect>} : (tensor<1x2xf32>) -> tensor<1x4xf32>
  return
}

// -----
func.func @slice_count(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{needs one start, end and step per dimension}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.slice %x {starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return
}

// -----
func.func @slice_step(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{steps must not be 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 1, 8>, steps = array<i64: 1, 0>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return
}

// -----
func.func @slice_bounds(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{dimension 1 needs 0 <= start (2) <= end (9) <= 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.slice %x {starts = array<i64: 0, 2>, ends = array<i64: 1, 9>, steps = array<i64: 1, 1>} : (tensor<1x8xf32>) -> tensor<1x7xf32>
  return
}

// -----
func.func @split_sum(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{sizes sum to 6 but the axis has 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nndct.split %x {axis = 1 : i64, sizes = array<i64: 2, 4>} : (tensor<1x8xf32>) -> (tensor<1x2xf32>, tensor<1x4xf32>)
  return
}

// -----
func.func @split_axis(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{axis 2 is out of range}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nndct.split %x {axis = 2 : i64, sizes = array<i64: 4, 4>} : (tensor<1x8xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>)
  return
}

// -----
func.func @resize_channels(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{must keep the batch and channel dimensions}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<nearest>} : (tensor<1x8x4x4xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----
func.func @resize_scales(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{scales must be positive}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<nearest>, scales = array<f32: 0.0, 2.0>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @resize_nearest_mode(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{nearest_mode only applies to nearest resize}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, nearest_mode = #nndct.nearest_mode<floor>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @resize_mode_name(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+2 {{expected ::mlir::nndct::ResizeMode to be one of: nearest, bilinear, cubic}}
  // expected-error @+1 {{failed to parse NNDCT_ResizeModeAttr parameter}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<bicubic>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @fix_point_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{fix_point 70 is outside [-64, 64]}}
  %0 = nndct.fix %x kind <activation> round <half_up> bits 8 fp 70 : tensor<4xf32>
  return
}

// -----
func.func @fix_bit_width(%x: tensor<4xf32>) {
  // expected-error @+1 {{'bit_width' failed to satisfy constraint}}
  %0 = nndct.fix %x kind <activation> round <half_up> bits 1 : tensor<4xf32>
  return
}

// -----
func.func @fix_round_mode(%x: tensor<4xf32>) {
  // expected-error @+2 {{expected ::mlir::nndct::RoundMode to be one of: half_up, std_round, half_even, floor}}
  // expected-error @+1 {{failed to parse NNDCT_RoundModeAttr parameter}}
  %0 = nndct.fix %x kind <activation> round <half_down> bits 8 : tensor<4xf32>
  return
}

// -----
func.func @fix_unsigned_weight(%x: tensor<4xf32>) {
  // expected-error @+1 {{weights must be signed}}
  %0 = nndct.fix %x kind <weight> round <std_round> bits 8 {is_signed = false} : tensor<4xf32>
  return
}

// -----
func.func @quantize_scale_rank(%x: tensor<2x4xf32>, %s: tensor<2x4xf32>, %z: tensor<2x4xi8>) {
  // expected-error @+1 {{scale must be a scalar or a 1-D tensor}}
  %0 = nndct.quantize_linear %x, %s, %z : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xi8>) -> tensor<2x4xi8>
  return
}

// -----
func.func @quantize_axis_size(%x: tensor<2x4xf32>, %s: tensor<3xf32>, %z: tensor<3xi8>) {
  // expected-error @+1 {{per-axis scale has 3 elements but axis 1 has 4}}
  %0 = nndct.quantize_linear %x, %s, %z : (tensor<2x4xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x4xi8>
  return
}

// -----
func.func @quantize_zero_point_type(%x: tensor<2x4xf32>, %s: tensor<f32>, %z: tensor<ui8>) {
  // expected-error @+1 {{zero_point element type must be the result element type}}
  %0 = nndct.quantize_linear %x, %s, %z : (tensor<2x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x4xi8>
  return
}

// -----
func.func @dequantize_shape(%q: tensor<2x4xi8>, %s: tensor<f32>, %z: tensor<i8>) {
  // expected-error @+1 {{result shape must equal the input shape}}
  %0 = nndct.dequantize_linear %q, %s, %z : (tensor<2x4xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  return
}

// -----
func.func @region_name(%x: tensor<4xf32>) {
  // expected-error @+1 {{needs a non-empty name}}
  %0 = nndct.region "" {
    nndct.yield %x : tensor<4xf32>
  } : tensor<4xf32>
  return
}

// -----
func.func @region_yield_types(%x: tensor<4xf32>) {
  // expected-error @+1 {{yields 1 values whose types do not match its 2 results}}
  %0:2 = nndct.region "quant_0" {
    nndct.yield %x : tensor<4xf32>
  } : tensor<4xf32>, tensor<4xf32>
  return
}

// -----
func.func @yield_outside_region(%x: tensor<4xf32>) {
  // expected-error @+1 {{expects parent op 'nndct.region'}}
  nndct.yield %x : tensor<4xf32>
}

// -----
// expected-error @+1 {{unknown target 'AMD_AIE2_Nx4_Overlay'; known targets: AMD_AIE2_Nx4_Overlay_cfg0}}
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay">} {}

// -----
func.func @math_result_type(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "nndct.sqrt"(%x) : (tensor<1x4xf32>) -> tensor<1x5xf32>
  return
}

// -----
func.func @pow_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{operands don't have broadcast-compatible shapes}}
  %0 = nndct.pow %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----
func.func @reduce_min_repeated_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'nndct.reduce_min' axis 1 is repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.reduce_min %x {axes = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return
}

// -----
func.func @arg_max_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'nndct.arg_max' axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.arg_max %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xi64>
  return
}

// -----
func.func @arg_min_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{result #0 must be statically shaped tensor of 64-bit signless integer values}}
  %0 = "nndct.arg_min"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return
}

// -----
func.func @log_softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = nndct.log_softmax %x {axis = -3 : i64} : tensor<2x3xf32>
  return
}

// -----
func.func @hardmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = nndct.hardmax %x {axis = 2 : i64} : tensor<2x3xf32>
  return
}

// -----
func.func @cumsum_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{axis must be non-negative}}
  %0 = nndct.cumsum %x {axis = -1 : i64} : tensor<2x3xf32>
  return
}

// -----
func.func @top_k_too_many(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'nndct.top_k' k = 4 is not in [1, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %v, %i = nndct.top_k %x {axis = 1 : i64, k = 4 : i64} : (tensor<2x3xf32>) -> (tensor<2x4xf32>, tensor<2x4xi64>)
  return
}

// -----
func.func @compare_element_types(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @+2 {{'nndct.equal' operands have different element types}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.equal %a, %b : (tensor<2xf32>, tensor<2xi32>) -> tensor<2xi1>
  return
}

// -----
func.func @compare_result_not_bool(%a: tensor<2xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{result #0 must be statically shaped tensor of 1-bit signless integer values}}
  %0 = "nndct.less"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----
func.func @logic_needs_bool(%a: tensor<2xi32>, %b: tensor<2xi32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 1-bit signless integer values}}
  %0 = "nndct.logical_and"(%a, %b) : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi1>
  return
}

// -----
func.func @where_no_broadcast(%c: tensor<3xi1>, %a: tensor<2xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'nndct.where' operand shapes do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.where %c, %a, %b : (tensor<3xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----
func.func @where_value_types(%c: tensor<2xi1>, %a: tensor<2xf32>, %b: tensor<2xi64>) {
  // expected-error @+2 {{'nndct.where' x and y have different element types}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "nndct.where"(%c, %a, %b) : (tensor<2xi1>, tensor<2xf32>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----
func.func @cast_shape(%a: tensor<2xf32>) {
  // expected-error @+1 {{requires the same shape for all operands and results}}
  %0 = nndct.cast %a : (tensor<2xf32>) -> tensor<3xi32>
  return
}

// -----
func.func @cast_index_type(%a: tensor<2xf32>) {
  // expected-error @+1 {{casts between float and integer types only}}
  %0 = nndct.cast %a : (tensor<2xf32>) -> tensor<2xindex>
  return
}

// -----
func.func @mod_float_needs_fmod(%a: tensor<2xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{float operands need fmod = true}}
  %0 = nndct.mod %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----
func.func @neg_bool(%a: tensor<2xi1>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of}}
  %0 = nndct.neg %a : tensor<2xi1>
  return
}

// -----
func.func @expand_not_broadcast(%a: tensor<3x2xf32>) {
  // expected-error @+1 {{input shape does not broadcast to the result shape}}
  %0 = nndct.expand %a : (tensor<3x2xf32>) -> tensor<3x4xf32>
  return
}

// -----
func.func @tile_repeats_rank(%a: tensor<3x2xf32>) {
  // expected-error @+2 {{'nndct.tile' has 1 repeats for a rank-2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.tile %a {repeats = array<i64: 2>} : (tensor<3x2xf32>) -> tensor<6x2xf32>
  return
}

// -----
func.func @gather_axis(%a: tensor<3x2xf32>, %i: tensor<4xi64>) {
  // expected-error @+2 {{'nndct.gather' axis 2 is out of range for a rank-2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.gather %a, %i {axis = 2 : i64} : (tensor<3x2xf32>, tensor<4xi64>) -> tensor<3x2xf32>
  return
}

// -----
func.func @gather_float_indices(%a: tensor<3x2xf32>, %i: tensor<4xf32>) {
  // expected-error @+1 {{operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = "nndct.gather"(%a, %i) {axis = 0 : i64} : (tensor<3x2xf32>, tensor<4xf32>) -> tensor<4x2xf32>
  return
}

// -----
func.func @gather_elements_rank(%a: tensor<3x2xf32>, %i: tensor<4xi64>) {
  // expected-error @+2 {{'nndct.gather_elements' indices must have the rank of the data}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.gather_elements %a, %i {axis = 0 : i64} : (tensor<3x2xf32>, tensor<4xi64>) -> tensor<4xf32>
  return
}

// -----
func.func @gather_nd_too_deep(%a: tensor<3x2xf32>, %i: tensor<4x3xi64>) {
  // expected-error @+2 {{'nndct.gather_nd' indices address 3 dimensions; the data has 2 after the batch}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.gather_nd %a, %i : (tensor<3x2xf32>, tensor<4x3xi64>) -> tensor<4xf32>
  return
}

// -----
func.func @scatter_nd_updates(%a: tensor<8xf32>, %i: tensor<2x1xi64>, %u: tensor<3xf32>) {
  // expected-error @+2 {{'nndct.scatter_nd' updates shape must be indices[:-1] + data[indices[-1]:]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.scatter_nd %a, %i, %u : (tensor<8xf32>, tensor<2x1xi64>, tensor<3xf32>) -> tensor<8xf32>
  return
}

// -----
func.func @scatter_nd_reduction(%a: tensor<8xf32>, %i: tensor<2x1xi64>, %u: tensor<2xf32>) {
  // expected-error @+2 {{'nndct.scatter_nd' reduction 'sum' is not one of none, add, mul, max, min}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.scatter_nd %a, %i, %u {reduction = "sum"} : (tensor<8xf32>, tensor<2x1xi64>, tensor<2xf32>) -> tensor<8xf32>
  return
}

// -----
func.func @scatter_elements_shapes(%a: tensor<2x5xf32>, %i: tensor<2x2xi64>, %u: tensor<2x3xf32>) {
  // expected-error @+2 {{'nndct.scatter_elements' indices and updates must have one shape, of the data's rank}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.scatter_elements %a, %i, %u {axis = 1 : i64} : (tensor<2x5xf32>, tensor<2x2xi64>, tensor<2x3xf32>) -> tensor<2x5xf32>
  return
}

// -----
func.func @group_norm_groups(%x: tensor<1x6x4xf32>) {
  // expected-error @+2 {{'nndct.group_norm' num_groups (4) must divide the 6 channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.group_norm %x {num_groups = 4 : i64} : (tensor<1x6x4xf32>) -> tensor<1x6x4xf32>
  return
}

// -----
func.func @group_norm_scale(%x: tensor<1x6x4xf32>, %g: tensor<3xf32>) {
  // expected-error @+2 {{'nndct.group_norm' scale and bias must have 6 elements, one per channel}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.group_norm %x, %g {num_groups = 3 : i64} : (tensor<1x6x4xf32>, tensor<3xf32>) -> tensor<1x6x4xf32>
  return
}

// -----
func.func @group_norm_epsilon(%x: tensor<1x6x4xf32>) {
  // expected-error @+2 {{'nndct.group_norm' epsilon must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.group_norm %x {num_groups = 3 : i64, epsilon = -1.0 : f32} : (tensor<1x6x4xf32>) -> tensor<1x6x4xf32>
  return
}

// -----
func.func @group_norm_result(%x: tensor<1x6x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x6x4xf32>' are incompatible with return type(s) of operation 'tensor<1x6x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.group_norm %x {num_groups = 3 : i64} : (tensor<1x6x4xf32>) -> tensor<1x6x5xf32>
  return
}

// -----
func.func @conv3d_channels(%x: tensor<1x4x5x5x5xf32>, %w: tensor<8x3x3x3x3xf32>) {
  // expected-error @+2 {{'nndct.conv3d' weight has 3 input channels per group but the input has 4 channels in 1 groups}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv3d %x, %w : (tensor<1x4x5x5x5xf32>, tensor<8x3x3x3x3xf32>) -> tensor<1x8x3x3x3xf32>
  return
}

// -----
func.func @conv3d_fit(%x: tensor<1x4x2x5x5xf32>, %w: tensor<8x4x3x3x3xf32>) {
  // expected-error @+2 {{'nndct.conv3d' kernel 3x3x3 does not fit the padded 2x5x5 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv3d %x, %w : (tensor<1x4x2x5x5xf32>, tensor<8x4x3x3x3xf32>) -> tensor<1x8x1x3x3xf32>
  return
}

// -----
func.func @conv3d_pads(%x: tensor<1x4x5x5x5xf32>, %w: tensor<8x4x3x3x3xf32>) {
  // expected-error @+1 {{attribute 'pads' failed to satisfy constraint}}
  %0 = nndct.conv3d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x5x5x5xf32>, tensor<8x4x3x3x3xf32>) -> tensor<1x8x5x5x5xf32>
  return
}

// -----
func.func @conv_transpose3d_output_padding(%x: tensor<1x2x3x3x3xf32>, %w: tensor<2x2x2x2x2xf32>) {
  // expected-error @+2 {{'nndct.conv_transpose3d' output_padding must be in [0, max(stride, dilation))}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.conv_transpose3d %x, %w {output_padding = array<i64: 1, 0, 0>} : (tensor<1x2x3x3x3xf32>, tensor<2x2x2x2x2xf32>) -> tensor<1x2x5x4x4xf32>
  return
}

// -----
func.func @max_pool3d_pads(%x: tensor<1x2x4x4x4xf32>) {
  // expected-error @+2 {{'nndct.max_pool3d' pads must be smaller than the kernel}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.max_pool3d %x {kernel_size = array<i64: 2, 2, 2>, pads = array<i64: 2, 0, 0, 0, 0, 0>} : (tensor<1x2x4x4x4xf32>) -> tensor<1x2x5x3x3xf32>
  return
}

// -----
func.func @avg_pool3d_fit(%x: tensor<1x2x4x4x1xf32>) {
  // expected-error @+2 {{'nndct.avg_pool3d' window does not fit the 4x4x1 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.avg_pool3d %x {kernel_size = array<i64: 2, 2, 2>} : (tensor<1x2x4x4x1xf32>) -> tensor<1x2x3x3x1xf32>
  return
}

// -----
func.func @max_pool3d_rank(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{operand #0 must be 5D tensor}}
  %0 = nndct.max_pool3d %x {kernel_size = array<i64: 2, 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----
func.func @celu_zero_alpha(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'nndct.celu' op alpha must not be 0}}
  %0 = nndct.celu %x {alpha = 0.0 : f32} : tensor<1x4xf32>
  return
}

// -----
func.func @shrink_negative_lambd(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'nndct.shrink' op lambd must be >= 0}}
  %0 = nndct.shrink %x {lambd = -1.0 : f32} : tensor<1x4xf32>
  return
}

// -----
func.func @elu_result_type(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "nndct.elu"(%x) : (tensor<1x4xf32>) -> tensor<1x5xf32>
  return
}

// -----
// Sampling ops (resize's cubic and crop forms, grid_sample, roi_align).
func.func @resize_cubic_attrs(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{cubic_coeff_a and exclude_outside only apply to cubic resize}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, exclude_outside = true} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @resize_cubic_nearest_mode(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{nearest_mode only applies to nearest resize}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<cubic>, nearest_mode = #nndct.nearest_mode<floor>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @resize_crop_no_roi(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{tf_crop_and_resize needs a roi}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, coordinate_mode = #nndct.coordinate_mode<tf_crop_and_resize>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @resize_roi_without_crop(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{roi only applies to tf_crop_and_resize}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, roi = array<f32: 0.0, 0.0, 1.0, 1.0>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @resize_extrapolation_without_crop(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{extrapolation_value only applies to tf_crop_and_resize}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, extrapolation_value = 1.0 : f32} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @resize_roi_count(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{attribute 'roi' failed to satisfy constraint}}
  %0 = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, coordinate_mode = #nndct.coordinate_mode<tf_crop_and_resize>, roi = array<f32: 0.0, 1.0>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----
func.func @grid_sample_grid(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x3xf32>) {
  // expected-error @+2 {{'nndct.grid_sample' grid must be [N, Ho, Wo, 2] with the input's batch N = 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.grid_sample %x, %g : (tensor<1x3x8x8xf32>, tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----
func.func @slice_negative_step_range(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'nndct.slice' dimension 1 with a negative step needs -1 <= end (2) <= start (1) <= 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.slice %x {starts = array<i64: 0, 1>, ends = array<i64: 4, 2>, steps = array<i64: 1, -1>} : (tensor<4x6xf32>) -> tensor<4x1xf32>
  return
}

// -----
func.func @grid_sample_result(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x2xf32>) {
  // expected-error @+2 {{'nndct.grid_sample' op inferred type(s) 'tensor<1x3x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x3x8x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.grid_sample %x, %g : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----
func.func @slice_zero_step(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'nndct.slice' steps must not be 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 4, 6>, steps = array<i64: 1, 0>} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return
}

// -----
func.func @roi_align_rois(%x: tensor<1x3x8x8xf32>, %r: tensor<2x5xf32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{'nndct.roi_align' rois must be [R, 4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.roi_align %x, %r, %i : (tensor<1x3x8x8xf32>, tensor<2x5xf32>, tensor<2xi64>) -> tensor<2x3x1x1xf32>
  return
}

// -----
func.func @split_negative_size(%x: tensor<1x8xf32>) {
  // expected-error @+2 {{'nndct.split' sizes must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nndct.split %x {axis = 1 : i64, sizes = array<i64: 10, -2>} : (tensor<1x8xf32>) -> (tensor<1x10xf32>, tensor<1x0xf32>)
  return
}

// -----
func.func @roi_align_indices(%x: tensor<1x3x8x8xf32>, %r: tensor<2x4xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{'nndct.roi_align' batch_indices must be [R], one per roi (R = 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.roi_align %x, %r, %i : (tensor<1x3x8x8xf32>, tensor<2x4xf32>, tensor<3xi64>) -> tensor<2x3x1x1xf32>
  return
}

// -----
func.func @max_pool_indices_storage_order(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{attribute 'storage_order' failed to satisfy constraint}}
  %0:2 = nndct.max_pool2d_with_indices %x {kernel_size = array<i64: 2, 2>, storage_order = 2 : i64} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>)
  return
}

// -----
func.func @max_pool_indices_type(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{result #1 must be 4D tensor of 64-bit signless integer values}}
  %0:2 = nndct.max_pool2d_with_indices %x {kernel_size = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi32>)
  return
}

// -----
func.func @max_pool_indices_shape(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x1x3x3xf32>', 'tensor<1x1x3x3xi64>' are incompatible with return type(s) of operation 'tensor<1x1x2x2xf32>', 'tensor<1x1x2x2xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nndct.max_pool2d_with_indices %x {kernel_size = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>)
  return
}

// -----
func.func @roi_align_scale(%x: tensor<1x3x8x8xf32>, %r: tensor<2x4xf32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{'nndct.roi_align' spatial_scale must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.roi_align %x, %r, %i {spatial_scale = 0.0 : f32} : (tensor<1x3x8x8xf32>, tensor<2x4xf32>, tensor<2xi64>) -> tensor<2x3x1x1xf32>
  return
}

// -----
func.func @max_unpool_indices_shape(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x3xi64>) {
  // expected-error @+1 {{'nndct.max_unpool2d' op indices must have the input's shape}}
  %0 = nndct.max_unpool2d %x, %i {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x3xi64>) -> tensor<1x1x4x4xf32>
  return
}

// -----
func.func @max_unpool_channels(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) {
  // expected-error @+1 {{'nndct.max_unpool2d' op must keep the batch and channel dimensions}}
  %0 = nndct.max_unpool2d %x, %i {kernel_size = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x2x4x4xf32>
  return
}

// -----
func.func @max_unpool_kernel(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) {
  // expected-error @+1 {{'nndct.max_unpool2d' kernel_size must be positive}}
  %0 = nndct.max_unpool2d %x, %i {kernel_size = array<i64: 0, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  return
}

// -----
func.func @lrn_rank(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{'nndct.lrn' needs an input of rank >= 3 (N, C, D1...)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.lrn %x {size = 3 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----
func.func @roi_align_output_size(%x: tensor<1x3x8x8xf32>, %r: tensor<2x4xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{attribute 'output_height' failed to satisfy constraint}}
  %0 = nndct.roi_align %x, %r, %i {output_height = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<2x4xf32>, tensor<2xi64>) -> tensor<2x3x0x1xf32>
  return
}

// -----
func.func @lrn_size(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{attribute 'size' failed to satisfy constraint}}
  %0 = nndct.lrn %x {size = 0 : i64} : (tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32>
  return
}

// -----
func.func @trilu_rank(%x: tensor<8xf32>) {
  // expected-error @+2 {{'nndct.trilu' needs an input of rank >= 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nndct.trilu %x : (tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----
func.func @one_hot_axis(%i: tensor<3xi64>) {
  // expected-error @+1 {{'nndct.one_hot' op axis 2 is out of range for rank 2 results}}
  %0 = nndct.one_hot %i {depth = 4 : i64, axis = 2 : i64} : (tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----
func.func @one_hot_shape(%i: tensor<3xi64>) {
  // expected-error @+1 {{'nndct.one_hot' op result shape must be 4x3 (depth 4 at axis 0)}}
  %0 = nndct.one_hot %i {depth = 4 : i64, axis = 0 : i64} : (tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----
func.func @max_unpool_too_small(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) {
  // expected-error @+1 {{'nndct.max_unpool2d' op result 1x1x3x4 must hold the unpooled 1x1x4x4 tensor}}
  %0 = nndct.max_unpool2d %x, %i {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x3x4xf32>
  return
}

// -----
// Device constants recorded by nndct-emulate-npu-numerics.
func.func @npu_multiplier_without_shift(%x: tensor<4xf32>) {
  // expected-error @+1 {{'nndct.leaky_relu' op has npu_multiplier without npu_shift or the reverse}}
  %0 = nndct.leaky_relu %x {alpha = 0.1015625 : f32, npu_multiplier = 26} : tensor<4xf32>
  return
}

// -----
func.func @leaky_alpha_not_device_slope(%x: tensor<4xf32>) {
  // expected-error @+1 {{'nndct.leaky_relu' op alpha 1.000000e-01 is not npu_multiplier / 2^npu_shift = 1.015625e-01}}
  %0 = nndct.leaky_relu %x {alpha = 0.1 : f32, npu_multiplier = 26, npu_shift = 8} : tensor<4xf32>
  return
}

// -----
func.func @npu_shift_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{'nndct.hard_sigmoid' op npu_shift 40 out of range [0, 30]}}
  %0 = nndct.hard_sigmoid %x {alpha = 0.166666672 : f32, npu_multiplier = 2731, npu_shift = 40} : tensor<4xf32>
  return
}

// -----
func.func @hard_sigmoid_device_form(%x: tensor<4xf32>) {
  // expected-error @+1 {{'nndct.hard_sigmoid' op npu_multiplier needs alpha = 1/6 and beta = 1/2}}
  %0 = nndct.hard_sigmoid %x {alpha = 0.2 : f32, npu_multiplier = 2731, npu_shift = 14} : tensor<4xf32>
  return
}

// RUN: nndct-opt %s -split-input-file --nndct-canonicalize | FileCheck %s
// Decomposed layer/group/instance norms become nndct.layer_norm and
// nndct.group_norm (ir/NormalizationPatterns.cpp); near misses stay as they
// are. Upstream -canonicalize applies the same patterns.
// RUN: nndct-opt %s -split-input-file --canonicalize | FileCheck %s

// PaddleOCR's form: Pow(2), epsilon on the right, then scale and bias.
// CHECK-LABEL: func.func @layer_norm_paddle
// CHECK-SAME: (%[[X:.*]]: tensor<1x40x64xf32>)
// CHECK-DAG: %[[G:.*]] = nndct.constant dense<1.500000e+00> : tensor<64xf32>
// CHECK-DAG: %[[B:.*]] = nndct.constant dense<5.000000e-01> : tensor<64xf32>
// CHECK: %[[N:.*]] = nndct.layer_norm %[[X]], %[[G]], %[[B]] {axis = 2 : i64}
// CHECK-NEXT: return %[[N]]
func.func @layer_norm_paddle(%x: tensor<1x40x64xf32>) -> tensor<1x40x64xf32> {
  %g = nndct.constant dense<1.5> : tensor<64xf32>
  %b = nndct.constant dense<0.5> : tensor<64xf32>
  %two = nndct.constant dense<2.0> : tensor<1xf32>
  %eps = nndct.constant dense<1.0e-5> : tensor<1xf32>
  %m = nndct.reduce_mean %x {axes = array<i64: 2>} : (tensor<1x40x64xf32>) -> tensor<1x40x1xf32>
  %d = nndct.sub %x, %m : (tensor<1x40x64xf32>, tensor<1x40x1xf32>) -> tensor<1x40x64xf32>
  %p = nndct.pow %d, %two : (tensor<1x40x64xf32>, tensor<1xf32>) -> tensor<1x40x64xf32>
  %v = nndct.reduce_mean %p {axes = array<i64: 2>} : (tensor<1x40x64xf32>) -> tensor<1x40x1xf32>
  %ve = nndct.add %v, %eps : (tensor<1x40x1xf32>, tensor<1xf32>) -> tensor<1x40x1xf32>
  %s = nndct.sqrt %ve : tensor<1x40x1xf32>
  %n = nndct.div %d, %s : (tensor<1x40x64xf32>, tensor<1x40x1xf32>) -> tensor<1x40x64xf32>
  %y = nndct.mul %n, %g : (tensor<1x40x64xf32>, tensor<64xf32>) -> tensor<1x40x64xf32>
  %z = nndct.add %y, %b : (tensor<1x40x64xf32>, tensor<64xf32>) -> tensor<1x40x64xf32>
  return %z : tensor<1x40x64xf32>
}

// -----

// d * d for the square, epsilon on the left, over the last two dims, scale
// [1, 4, 8] (leading 1 reshaped away), no bias.
// CHECK-LABEL: func.func @layer_norm_two_axes
// CHECK: %[[G:.*]] = nndct.constant dense<2.000000e+00> : tensor<4x8xf32>
// CHECK-NEXT: %[[N:.*]] = nndct.layer_norm %arg0, %[[G]] {axis = 1 : i64, epsilon = 1.000000e-03 : f32}
// CHECK-NEXT: return %[[N]]
func.func @layer_norm_two_axes(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %g = nndct.constant dense<2.0> : tensor<1x4x8xf32>
  %eps = nndct.constant dense<1.0e-3> : tensor<f32>
  %m = nndct.reduce_mean %x {axes = array<i64: 1, 2>} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %d = nndct.sub %x, %m : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  %q = nndct.mul %d, %d : (tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %v = nndct.reduce_mean %q {axes = array<i64: 1, 2>} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %ve = nndct.add %eps, %v : (tensor<f32>, tensor<2x1x1xf32>) -> tensor<2x1x1xf32>
  %s = nndct.sqrt %ve : tensor<2x1x1xf32>
  %n = nndct.div %d, %s : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  %y = nndct.mul %g, %n : (tensor<1x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

// -----

// Near misses: exponent 3; the two means over different dims; a leading
// (not trailing) reduction; a non-constant epsilon; the variance of x
// rather than of x - mean.
// CHECK-LABEL: func.func @layer_norm_near_misses
// CHECK-NOT: nndct.layer_norm
// CHECK: return
func.func @layer_norm_near_misses(%x: tensor<2x4x8xf32>, %e: tensor<f32>)
    -> (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) {
  %three = nndct.constant dense<3.0> : tensor<f32>
  %two = nndct.constant dense<2.0> : tensor<f32>
  %eps = nndct.constant dense<1.0e-5> : tensor<f32>
  %m = nndct.reduce_mean %x {axes = array<i64: 2>} : (tensor<2x4x8xf32>) -> tensor<2x4x1xf32>
  %d = nndct.sub %x, %m : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  // Cubed deviation.
  %p3 = nndct.pow %d, %three : (tensor<2x4x8xf32>, tensor<f32>) -> tensor<2x4x8xf32>
  %v3 = nndct.reduce_mean %p3 {axes = array<i64: 2>} : (tensor<2x4x8xf32>) -> tensor<2x4x1xf32>
  %a3 = nndct.add %v3, %eps : (tensor<2x4x1xf32>, tensor<f32>) -> tensor<2x4x1xf32>
  %s3 = nndct.sqrt %a3 : tensor<2x4x1xf32>
  %n3 = nndct.div %d, %s3 : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  // Variance over dims 1 and 2, mean over dim 2.
  %p = nndct.pow %d, %two : (tensor<2x4x8xf32>, tensor<f32>) -> tensor<2x4x8xf32>
  %vw = nndct.reduce_mean %p {axes = array<i64: 1, 2>} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %aw = nndct.add %vw, %eps : (tensor<2x1x1xf32>, tensor<f32>) -> tensor<2x1x1xf32>
  %sw = nndct.sqrt %aw : tensor<2x1x1xf32>
  %nw = nndct.div %d, %sw : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  // Mean over the leading dim.
  %ml = nndct.reduce_mean %x {axes = array<i64: 0>} : (tensor<2x4x8xf32>) -> tensor<1x4x8xf32>
  %dl = nndct.sub %x, %ml : (tensor<2x4x8xf32>, tensor<1x4x8xf32>) -> tensor<2x4x8xf32>
  %pl = nndct.pow %dl, %two : (tensor<2x4x8xf32>, tensor<f32>) -> tensor<2x4x8xf32>
  %vl = nndct.reduce_mean %pl {axes = array<i64: 0>} : (tensor<2x4x8xf32>) -> tensor<1x4x8xf32>
  %al = nndct.add %vl, %eps : (tensor<1x4x8xf32>, tensor<f32>) -> tensor<1x4x8xf32>
  %sl = nndct.sqrt %al : tensor<1x4x8xf32>
  %nl = nndct.div %dl, %sl : (tensor<2x4x8xf32>, tensor<1x4x8xf32>) -> tensor<2x4x8xf32>
  // Runtime epsilon.
  %v = nndct.reduce_mean %p {axes = array<i64: 2>} : (tensor<2x4x8xf32>) -> tensor<2x4x1xf32>
  %ae = nndct.add %v, %e : (tensor<2x4x1xf32>, tensor<f32>) -> tensor<2x4x1xf32>
  %se = nndct.sqrt %ae : tensor<2x4x1xf32>
  %ne = nndct.div %d, %se : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  // Variance of x itself.
  %px = nndct.pow %x, %two : (tensor<2x4x8xf32>, tensor<f32>) -> tensor<2x4x8xf32>
  %vx = nndct.reduce_mean %px {axes = array<i64: 2>} : (tensor<2x4x8xf32>) -> tensor<2x4x1xf32>
  %ax = nndct.add %vx, %eps : (tensor<2x4x1xf32>, tensor<f32>) -> tensor<2x4x1xf32>
  %sx = nndct.sqrt %ax : tensor<2x4x1xf32>
  %nx = nndct.div %d, %sx : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  return %n3, %nw, %nl, %ne, %nx : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>
}

// -----

// A scale that also varies over a non-normalized dim stays a mul; so does a
// bias added to a norm with another user, and a runtime (activation) bias.
// CHECK-LABEL: func.func @layer_norm_affine_near_misses
// CHECK: %[[N:.*]] = nndct.layer_norm %arg0 {axis = 2 : i64}
// CHECK-NEXT: nndct.mul %[[N]], %{{.*}} : (tensor<2x4x8xf32>, tensor<4x8xf32>)
// CHECK-NEXT: nndct.add %[[N]], %{{.*}} : (tensor<2x4x8xf32>, tensor<8xf32>)
// CHECK: %[[N2:.*]] = nndct.layer_norm %arg0 {axis = 2 : i64}
// CHECK-NEXT: nndct.add %[[N2]], %arg1
func.func @layer_norm_affine_near_misses(%x: tensor<2x4x8xf32>, %r: tensor<8xf32>)
    -> (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) {
  %g = nndct.constant dense<2.0> : tensor<4x8xf32>
  %b = nndct.constant dense<1.0> : tensor<8xf32>
  %two = nndct.constant dense<2.0> : tensor<f32>
  %eps = nndct.constant dense<1.0e-5> : tensor<f32>
  %m = nndct.reduce_mean %x {axes = array<i64: 2>} : (tensor<2x4x8xf32>) -> tensor<2x4x1xf32>
  %d = nndct.sub %x, %m : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  %p = nndct.pow %d, %two : (tensor<2x4x8xf32>, tensor<f32>) -> tensor<2x4x8xf32>
  %v = nndct.reduce_mean %p {axes = array<i64: 2>} : (tensor<2x4x8xf32>) -> tensor<2x4x1xf32>
  %a = nndct.add %v, %eps : (tensor<2x4x1xf32>, tensor<f32>) -> tensor<2x4x1xf32>
  %s = nndct.sqrt %a : tensor<2x4x1xf32>
  %n = nndct.div %d, %s : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  %y = nndct.mul %n, %g : (tensor<2x4x8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
  %z = nndct.add %n, %b : (tensor<2x4x8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
  %n2 = nndct.div %d, %s : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  %z2 = nndct.add %n2, %r : (tensor<2x4x8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
  return %y, %z, %z2 : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>
}

// -----

// torch's GroupNorm export at opset < 18: reshape to [N, G, -1], an
// InstanceNormalization with unit scale and zero bias, reshape back, then
// the per-channel weight and bias.
// CHECK-LABEL: func.func @group_norm_torch
// CHECK-SAME: (%[[X:.*]]: tensor<2x6x4x4xf32>)
// CHECK-DAG: %[[WR:.*]] = nndct.constant dense<2.000000e+00> : tensor<6xf32>
// CHECK-DAG: %[[BR:.*]] = nndct.constant dense<3.000000e+00> : tensor<6xf32>
// CHECK: %[[N:.*]] = nndct.group_norm %[[X]], %[[WR]], %[[BR]] {num_groups = 3 : i64}
// CHECK-NEXT: return %[[N]]
func.func @group_norm_torch(%x: tensor<2x6x4x4xf32>) -> tensor<2x6x4x4xf32> {
  %w = nndct.constant dense<2.0> : tensor<6x1x1xf32>
  %b = nndct.constant dense<3.0> : tensor<6x1x1xf32>
  %ones = nndct.constant dense<1.0> : tensor<3xf32>
  %zeros = nndct.constant dense<0.0> : tensor<3xf32>
  %r = nndct.reshape %x : (tensor<2x6x4x4xf32>) -> tensor<2x3x32xf32>
  %i = nndct.group_norm %r, %ones, %zeros {num_groups = 3 : i64} : (tensor<2x3x32xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x32xf32>
  %back = nndct.reshape %i : (tensor<2x3x32xf32>) -> tensor<2x6x4x4xf32>
  %y = nndct.mul %back, %w : (tensor<2x6x4x4xf32>, tensor<6x1x1xf32>) -> tensor<2x6x4x4xf32>
  %z = nndct.add %y, %b : (tensor<2x6x4x4xf32>, tensor<6x1x1xf32>) -> tensor<2x6x4x4xf32>
  return %z : tensor<2x6x4x4xf32>
}

// -----

// The same from the decomposed chain over the last dim of the [N, G, -1]
// view (a layer_norm from axis 2), no affine part.
// CHECK-LABEL: func.func @group_norm_from_layer_norm
// CHECK-NEXT: %[[N:.*]] = nndct.group_norm %arg0 {num_groups = 2 : i64}
// CHECK-NEXT: return %[[N]]
func.func @group_norm_from_layer_norm(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %two = nndct.constant dense<2.0> : tensor<f32>
  %eps = nndct.constant dense<1.0e-5> : tensor<f32>
  %r = nndct.reshape %x : (tensor<1x4x3x3xf32>) -> tensor<1x2x18xf32>
  %m = nndct.reduce_mean %r {axes = array<i64: 2>} : (tensor<1x2x18xf32>) -> tensor<1x2x1xf32>
  %d = nndct.sub %r, %m : (tensor<1x2x18xf32>, tensor<1x2x1xf32>) -> tensor<1x2x18xf32>
  %p = nndct.pow %d, %two : (tensor<1x2x18xf32>, tensor<f32>) -> tensor<1x2x18xf32>
  %v = nndct.reduce_mean %p {axes = array<i64: 2>} : (tensor<1x2x18xf32>) -> tensor<1x2x1xf32>
  %a = nndct.add %v, %eps : (tensor<1x2x1xf32>, tensor<f32>) -> tensor<1x2x1xf32>
  %s = nndct.sqrt %a : tensor<1x2x1xf32>
  %n = nndct.div %d, %s : (tensor<1x2x18xf32>, tensor<1x2x1xf32>) -> tensor<1x2x18xf32>
  %back = nndct.reshape %n : (tensor<1x2x18xf32>) -> tensor<1x4x3x3xf32>
  return %back : tensor<1x4x3x3xf32>
}

// -----

// Near misses: an instance norm with a non-unit scale on the view; a view
// that does not keep the batch dim; a weight that is not per channel.
// CHECK-LABEL: func.func @group_norm_near_misses
// CHECK: nndct.group_norm %{{.*}}, %{{.*}}, %{{.*}} {num_groups = 3 : i64} : (tensor<2x3x32xf32>
// CHECK: nndct.group_norm %{{.*}} {num_groups = 12 : i64} : (tensor<1x12x16xf32>
// CHECK: %[[G:.*]] = nndct.group_norm %arg0 {num_groups = 2 : i64}
// CHECK-NEXT: nndct.mul %[[G]], %{{.*}} : (tensor<2x6x4x4xf32>, tensor<6x4x1xf32>)
func.func @group_norm_near_misses(%x: tensor<2x6x4x4xf32>)
    -> (tensor<2x6x4x4xf32>, tensor<2x6x4x4xf32>, tensor<2x6x4x4xf32>) {
  %w = nndct.constant dense<2.0> : tensor<6x4x1xf32>
  %twos = nndct.constant dense<2.0> : tensor<3xf32>
  %zeros = nndct.constant dense<0.0> : tensor<3xf32>
  %r = nndct.reshape %x : (tensor<2x6x4x4xf32>) -> tensor<2x3x32xf32>
  %i = nndct.group_norm %r, %twos, %zeros {num_groups = 3 : i64} : (tensor<2x3x32xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x32xf32>
  %back = nndct.reshape %i : (tensor<2x3x32xf32>) -> tensor<2x6x4x4xf32>
  %r2 = nndct.reshape %x : (tensor<2x6x4x4xf32>) -> tensor<1x12x16xf32>
  %i2 = nndct.group_norm %r2 {num_groups = 12 : i64} : (tensor<1x12x16xf32>) -> tensor<1x12x16xf32>
  %back2 = nndct.reshape %i2 : (tensor<1x12x16xf32>) -> tensor<2x6x4x4xf32>
  %g = nndct.group_norm %x {num_groups = 2 : i64} : (tensor<2x6x4x4xf32>) -> tensor<2x6x4x4xf32>
  %y = nndct.mul %g, %w : (tensor<2x6x4x4xf32>, tensor<6x4x1xf32>) -> tensor<2x6x4x4xf32>
  return %back, %back2, %y : tensor<2x6x4x4xf32>, tensor<2x6x4x4xf32>, tensor<2x6x4x4xf32>
}

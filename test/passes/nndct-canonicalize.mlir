// RUN: nndct-opt %s -split-input-file --nndct-canonicalize | FileCheck %s
// The rewrites are the ops' own folders and patterns: upstream -canonicalize
// gives the same result.
// RUN: nndct-opt %s -split-input-file --canonicalize | FileCheck %s

// CHECK-LABEL: func.func @drop_noops
// CHECK-NEXT: %[[R:.*]] = nndct.relu %arg0
// CHECK-NEXT: return %[[R]]
func.func @drop_noops(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %d = nndct.dropout %x : tensor<1x4xf32>
  %i = nndct.identity %d : tensor<1x4xf32>
  %r = nndct.relu %i : tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// -----

// CHECK-LABEL: func.func @fold_constant_transpose
// CHECK-NEXT: %[[C:.*]] = nndct.constant dense<{{\[}}[1, 3], [2, 4]]> : tensor<2x2xi64>
// CHECK-NEXT: return %[[C]]
func.func @fold_constant_transpose() -> tensor<2x2xi64> {
  %c = nndct.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %t = nndct.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x2xi64>) -> tensor<2x2xi64>
  return %t : tensor<2x2xi64>
}

// -----

// A transposed resource blob is a new blob with the permuted data:
// [[1, 2, 3], [4, 5, 6]]^T = [[1, 4], [2, 5], [3, 6]].
// CHECK-LABEL: func.func @fold_resource_transpose
// CHECK-NEXT: %[[C:.*]] = nndct.constant dense_resource<[[NAME:w_1]]> : tensor<3x2xf32>
// CHECK-NEXT: return %[[C]]
// CHECK: [[NAME]]: "0x040000000000803F00008040000000400000A040000040400000C040"
func.func @fold_resource_transpose() -> tensor<3x2xf32> {
  %c = nndct.constant dense_resource<w> : tensor<2x3xf32>
  %t = nndct.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000004000004040000080400000A0400000C040"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @fold_constant_reshape
// CHECK-NEXT: %[[C:.*]] = nndct.constant dense<1.500000e+00> : tensor<4xf32>
// CHECK-NEXT: return %[[C]]
func.func @fold_constant_reshape() -> tensor<4xf32> {
  %c = nndct.constant dense<1.5> : tensor<2x2xf32>
  %r = nndct.reshape %c : (tensor<2x2xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @combine_reshapes
// CHECK-NEXT: %[[R:.*]] = nndct.reshape %arg0 : (tensor<1x8x1x1xf32>) -> tensor<8xf32>
// CHECK-NEXT: return %[[R]]
func.func @combine_reshapes(%x: tensor<1x8x1x1xf32>) -> tensor<8xf32> {
  %a = nndct.reshape %x : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %b = nndct.reshape %a : (tensor<1x8xf32>) -> tensor<8xf32>
  return %b : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @identity_transpose_and_reshape
// CHECK-NEXT: return %arg0
func.func @identity_transpose_and_reshape(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %t = nndct.transpose %x {perm = array<i64: 0, 1>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %r = nndct.reshape %t : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @clamp_to_relu
// CHECK: nndct.relu6 %arg0
// CHECK: nndct.relu %
// CHECK: nndct.clamp %{{.*}} {max = 6.000000e+00 : f32, min = -1.000000e+00 : f32}
func.func @clamp_to_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = nndct.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<4xf32>
  %b = nndct.clamp %a {min = 0.0 : f32, max = 0x7F7FFFFF : f32} : tensor<4xf32>
  %c = nndct.clamp %b {min = -1.0 : f32, max = 6.0 : f32} : tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// A transpose of a non-constant is kept.
// CHECK-LABEL: func.func @negative_transpose_of_argument
// CHECK: nndct.transpose %arg0
func.func @negative_transpose_of_argument(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %t = nndct.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @zero_pad
// CHECK-NEXT: %[[P:.*]] = nndct.avg_pool2d %arg0
func.func @zero_pad(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %p = nndct.pad %x {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %a = nndct.avg_pool2d %p {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %a : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @negative_nonzero_pad
// CHECK: nndct.pad
func.func @negative_nonzero_pad(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32> {
  %p = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  return %p : tensor<1x2x6x6xf32>
}

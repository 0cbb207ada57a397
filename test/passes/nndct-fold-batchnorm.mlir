// RUN: nndct-opt %s -split-input-file --nndct-fold-batchnorm -mlir-print-debuginfo | FileCheck %s

// gamma = 2, var + eps = 1 -> s = 2; W' = 1 * 2 = 2.0 (0x40000000);
// b' = 0 * 2 + beta - mean * s = 0.5 - 2 = -1.5 (0xBFC00000). The folded
// parameters keep the user's names: the weight blob is rewritten in place and
// the new bias is named after it (conv.weight -> conv.bias).
// CHECK-LABEL: func.func @conv_bn
// CHECK-NOT: nndct.batch_norm
// CHECK: %[[W:.*]] = nndct.constant dense_resource<[[WNAME:conv.weight]]>
// CHECK: %[[B:.*]] = nndct.constant dense_resource<[[BNAME:conv.bias]]>
// CHECK: %[[Y:.*]] = nndct.conv2d %arg0, %[[W]], %[[B]] {{.*}} loc(#[[FUSED:[a-z0-9]+]])
// CHECK: return %[[Y]]
func.func @conv_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nndct.constant dense_resource<conv.weight> : tensor<2x2x1x1xf32>
  %y = nndct.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv")
  %g = nndct.constant dense<2.0> : tensor<2xf32>
  %b = nndct.constant dense<0.5> : tensor<2xf32>
  %m = nndct.constant dense<1.0> : tensor<2xf32>
  %v = nndct.constant dense<0.75> : tensor<2xf32>
  %z = nndct.batch_norm %y, %g, %b, %m, %v {epsilon = 0.25 : f32}
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("bn")
  return %z : tensor<1x2x4x4xf32>
}
// CHECK-DAG: #[[CONV:loc[0-9]+]] = loc("conv")
// CHECK-DAG: #[[BN:loc[0-9]+]] = loc("bn")
// CHECK: #[[FUSED]] = loc(fused[#[[CONV]], #[[BN]]])
// CHECK: [[WNAME]]: "0x0400000000000040000000400000004000000040"
// CHECK: [[BNAME]]: "0x040000000000C0BF0000C0BF"

{-#
  dialect_resources: {
    builtin: {
      conv.weight: "0x040000000000803F0000803F0000803F0000803F"
    }
  }
#-}

// -----

// A batch norm after a relu cannot fold: it becomes a 1x1 depthwise conv.
// CHECK-LABEL: func.func @unfoldable
// CHECK: %[[R:.*]] = nndct.relu
// CHECK: nndct.conv2d %[[R]], %{{.*}}, %{{.*}} {groups = 3 : i64} : (tensor<1x3x4x4xf32>, tensor<3x1x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NOT: nndct.batch_norm
func.func @unfoldable(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %r = nndct.relu %x : tensor<1x3x4x4xf32>
  %c = nndct.constant dense<1.0> : tensor<3xf32>
  %z = nndct.batch_norm %r, %c, %c, %c, %c : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %z : tensor<1x3x4x4xf32>
}

// -----

// On 2-D tensors the per-channel affine is a mul and an add.
// CHECK-LABEL: func.func @affine_2d
// CHECK: %[[M:.*]] = nndct.mul %arg0, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: nndct.add %[[M]], %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @affine_2d(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c = nndct.constant dense<1.0> : tensor<3xf32>
  %z = nndct.batch_norm %x, %c, %c, %c, %c : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %z : tensor<2x3xf32>
}

// -----

// Transposed conv: weight [C_in, O/groups, KH, KW]; scale per output channel
// (here channel 0 by 2, channel 1 by 4). The folded bias is zero: the conv
// keeps having none.
// CHECK-LABEL: func.func @conv_transpose_bn
// CHECK: nndct.conv_transpose2d %arg0, %{{[0-9]+}} :
// CHECK-NOT: nndct.batch_norm
// CHECK: w: "0x0400000000000040000080400000004000008040"
// CHECK-NOT: w_bias
func.func @conv_transpose_bn(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nndct.constant dense_resource<w> : tensor<2x2x1x1xf32>
  %y = nndct.conv_transpose2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %g = nndct.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %b = nndct.constant dense<0.0> : tensor<2xf32>
  %v = nndct.constant dense<1.0> : tensor<2xf32>
  %z = nndct.batch_norm %y, %g, %b, %b, %v {epsilon = 0.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000803F0000803F0000803F"
    }
  }
#-}

// -----

// A conv with two users keeps its weights; the batch norm becomes an affine.
// CHECK-LABEL: func.func @negative_conv_two_users
// CHECK: %[[C:.*]] = nndct.conv2d %arg0, %{{[a-z0-9_]+}} :
// CHECK: nndct.conv2d %[[C]]
// CHECK-SAME: groups = 2
func.func @negative_conv_two_users(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = nndct.constant dense<1.0> : tensor<2x2x1x1xf32>
  %y = nndct.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %c = nndct.constant dense<1.0> : tensor<2xf32>
  %z = nndct.batch_norm %y, %c, %c, %c, %c : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y, %z : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

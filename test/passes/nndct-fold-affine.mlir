// RUN: nndct-opt %s -split-input-file --nndct-fold-affine -mlir-print-debuginfo | FileCheck %s

// conv -> * 2 -> + [0.5, -0.5] per channel: W' = 1 * 2 = 2.0 (0x40000000),
// b' = 0.25 * 2 + [0.5, -0.5] = [1.0, 0.0]; the conv's location fuses the
// folded ops'.
// CHECK-LABEL: func.func @conv_then_affine
// CHECK-NOT: nndct.mul
// CHECK-NOT: nndct.add
// CHECK: %[[Y:.*]] = nndct.conv2d {{.*}} loc(#[[FUSED:[a-z0-9]+]])
// CHECK: return %[[Y]]
func.func @conv_then_affine(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nndct.constant dense_resource<c.weight> : tensor<2x2x1x1xf32>
  %b = nndct.constant dense_resource<c.bias> : tensor<2xf32>
  %s = nndct.constant dense<2.0> : tensor<1xf32>
  %t = nndct.constant dense<[[[0.5]], [[-0.5]]]> : tensor<2x1x1xf32>
  %y = nndct.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("conv")
  %m = nndct.mul %y, %s : (tensor<1x2x4x4xf32>, tensor<1xf32>) -> tensor<1x2x4x4xf32> loc("scale")
  %a = nndct.add %t, %m : (tensor<2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("shift")
  return %a : tensor<1x2x4x4xf32>
}
// CHECK-DAG: #[[CONV:loc[0-9]+]] = loc("conv")
// CHECK-DAG: #[[SCALE:loc[0-9]+]] = loc("scale")
// CHECK-DAG: #[[SHIFT:loc[0-9]+]] = loc("shift")
// CHECK: #[[FUSED]] = loc(fused[#[[CONV]], #[[SCALE]], #[[SHIFT]]])
// CHECK: c.weight: "0x0400000000000040000000400000004000000040"
// CHECK: c.bias: "0x040000000000803F00000000"
{-#
  dialect_resources: {
    builtin: {
      c.weight: "0x040000000000803F0000803F0000803F0000803F",
      c.bias: "0x040000000000803E0000803E"
    }
  }
#-}

// -----

// linear -> - 1 -> / 4: W' = W / 4, b' = (b - 1) / 4.
// CHECK-LABEL: func.func @linear_then_sub_div
// CHECK-NOT: nndct.sub
// CHECK-NOT: nndct.div
// CHECK: nndct.linear
func.func @linear_then_sub_div(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = nndct.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = nndct.constant dense<[1.0, 5.0]> : tensor<2xf32>
  %one = nndct.constant dense<1.0> : tensor<f32>
  %four = nndct.constant dense<4.0> : tensor<1xf32>
  %y = nndct.linear %x, %w, %b : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %s = nndct.sub %y, %one : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xf32>
  %d = nndct.div %s, %four : (tensor<1x2xf32>, tensor<1xf32>) -> tensor<1x2xf32>
  return %d : tensor<1x2xf32>
}

// -----

// * 0.5 -> + 0.25 -> 1x1 conv: absorbed by the conv's input side.
// CHECK-LABEL: func.func @affine_then_conv
// CHECK-NOT: nndct.mul
// CHECK-NOT: nndct.add
// CHECK: nndct.conv2d %arg0
func.func @affine_then_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nndct.constant dense<1.0> : tensor<2x2x1x1xf32>
  %s = nndct.constant dense<0.5> : tensor<1xf32>
  %t = nndct.constant dense<0.25> : tensor<1xf32>
  %m = nndct.mul %x, %s : (tensor<1x2x4x4xf32>, tensor<1xf32>) -> tensor<1x2x4x4xf32>
  %a = nndct.add %m, %t : (tensor<1x2x4x4xf32>, tensor<1xf32>) -> tensor<1x2x4x4xf32>
  %y = nndct.conv2d %a, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Before a padding depthwise conv: x * 0.5 + 0.25 = (x + 0.5) * 0.5, the
// scale folded, one add of 0.5 (0x3F000000) per channel kept.
// CHECK-LABEL: func.func @affine_then_padding_conv
// CHECK-NOT: nndct.mul
// CHECK: %[[T:.*]] = nndct.constant dense_resource<[[TNAME:affine_shift]]> : tensor<1x2x1x1xf32>
// CHECK: %[[A:.*]] = nndct.add %arg0, %[[T]]
// CHECK: nndct.conv2d %[[A]]
// CHECK: [[TNAME]]: "0x040000000000003F0000003F"
func.func @affine_then_padding_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nndct.constant dense<1.0> : tensor<2x1x3x3xf32>
  %s = nndct.constant dense<0.5> : tensor<1xf32>
  %t = nndct.constant dense<0.25> : tensor<1xf32>
  %m = nndct.mul %x, %s : (tensor<1x2x4x4xf32>, tensor<1xf32>) -> tensor<1x2x4x4xf32>
  %a = nndct.add %m, %t : (tensor<1x2x4x4xf32>, tensor<1xf32>) -> tensor<1x2x4x4xf32>
  %y = nndct.conv2d %a, %w {groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Nothing to gain or not exact: a lone shift before a padding conv, a conv
// result used twice, a constant that varies over space.
// CHECK-LABEL: func.func @kept
// CHECK: nndct.add %arg0
// CHECK: nndct.conv2d
// CHECK: nndct.conv2d
// CHECK: nndct.mul
// CHECK: nndct.add {{.*}} : (tensor<1x2x4x4xf32>, tensor<1x1x4x4xf32>)
func.func @kept(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = nndct.constant dense<1.0> : tensor<2x1x3x3xf32>
  %w1 = nndct.constant dense<1.0> : tensor<2x2x1x1xf32>
  %t = nndct.constant dense<0.25> : tensor<1xf32>
  %sp = nndct.constant dense<0.5> : tensor<1x1x4x4xf32>
  %a = nndct.add %x, %t : (tensor<1x2x4x4xf32>, tensor<1xf32>) -> tensor<1x2x4x4xf32>
  %y = nndct.conv2d %a, %w {groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %c = nndct.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %m = nndct.mul %c, %t : (tensor<1x2x4x4xf32>, tensor<1xf32>) -> tensor<1x2x4x4xf32>
  %z = nndct.add %c, %sp : (tensor<1x2x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y, %m, %z : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// Between two activations, four uniform steps become one mul and one add:
// ((x * 2 + 1) * 3 - 0.5) = x * 6 + 2.5.
// CHECK-LABEL: func.func @merged
// CHECK: nndct.relu
// CHECK-NEXT: nndct.constant dense_resource<[[S:affine_scale]]>
// CHECK-NEXT: nndct.mul
// CHECK-NEXT: nndct.constant dense_resource<[[T:affine_shift]]>
// CHECK-NEXT: nndct.add
// CHECK-NEXT: nndct.relu
// CHECK: [[S]]: "0x040000000000C040"
// CHECK: [[T]]: "0x0400000000002040"
func.func @merged(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %two = nndct.constant dense<2.0> : tensor<1xf32>
  %one = nndct.constant dense<1.0> : tensor<1xf32>
  %three = nndct.constant dense<3.0> : tensor<1xf32>
  %half = nndct.constant dense<0.5> : tensor<1xf32>
  %r = nndct.relu %x : tensor<1x2xf32>
  %m = nndct.mul %r, %two : (tensor<1x2xf32>, tensor<1xf32>) -> tensor<1x2xf32>
  %a = nndct.add %m, %one : (tensor<1x2xf32>, tensor<1xf32>) -> tensor<1x2xf32>
  %m2 = nndct.mul %a, %three : (tensor<1x2xf32>, tensor<1xf32>) -> tensor<1x2xf32>
  %s = nndct.sub %m2, %half : (tensor<1x2xf32>, tensor<1xf32>) -> tensor<1x2xf32>
  %r2 = nndct.relu %s : tensor<1x2xf32>
  return %r2 : tensor<1x2xf32>
}

// RUN: nndct-opt %s -split-input-file --nndct-legalize-target | FileCheck %s

// Paddle's hard sigmoid (alpha 0.2, beta 0.5) is the engine's relu6(x+3)/6
// of 1.2 * x; the 1.2 folds into the conv that only feeds it:
// W' = 1 * 1.2 (0x3F99999A), b' = 0.5 * 1.2 = 0.6 (0x3F19999A).
// CHECK-LABEL: func.func @paddle_hard_sigmoid_after_conv
// CHECK-NOT: nndct.mul
// CHECK: %[[C:.*]] = nndct.conv2d
// CHECK: nndct.hard_sigmoid %[[C]] {alpha = 0.166666672 : f32} : tensor<1x2x4x4xf32>
// CHECK: conv.weight: "0x040000009A99993F9A99993F9A99993F9A99993F"
// CHECK: conv.bias: "0x040000009A99193F9A99193F"
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @paddle_hard_sigmoid_after_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nndct.constant dense_resource<conv.weight> : tensor<2x2x1x1xf32>
  %b = nndct.constant dense_resource<conv.bias> : tensor<2xf32>
  %c = nndct.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nndct.hard_sigmoid %c {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x2x4x4xf32> loc("p2o.HardSigmoid.0")
  return %y : tensor<1x2x4x4xf32>
}
}
{-#
  dialect_resources: {
    builtin: {
      conv.weight: "0x040000000000803F0000803F0000803F0000803F",
      conv.bias: "0x040000000000003F0000003F"
    }
  }
#-}

// -----

// The conv's result has another user: the map is a mul (and no add, since
// beta is the engine's 0.5) by a constant named after the node.
// CHECK-LABEL: func.func @paddle_hard_sigmoid_shared_input
// CHECK: %[[S:.*]] = nndct.constant dense_resource<{{"?}}p2o.HardSigmoid.1.input_scale{{"?}}> : tensor<1x1x1x1xf32>
// CHECK: %[[M:.*]] = nndct.mul %arg0, %[[S]]
// CHECK-NOT: nndct.add
// CHECK: nndct.hard_sigmoid %[[M]] {alpha = 0.166666672 : f32}
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @paddle_hard_sigmoid_shared_input(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %y = nndct.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x2x4x4xf32> loc("p2o.HardSigmoid.1")
  return %x, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
}

// -----

// Another beta needs the add: 6 * 0.25 - 3 = -1.5 (0xBFC00000).
// CHECK-LABEL: func.func @hard_sigmoid_with_shift
// CHECK-DAG: %[[T:.*]] = nndct.constant dense_resource<{{"?}}hs.input_shift{{"?}}>
// CHECK-DAG: %[[S:.*]] = nndct.constant dense_resource<{{"?}}hs.input_scale{{"?}}>
// CHECK: %[[M:.*]] = nndct.mul %{{.*}}, %[[S]]
// CHECK: %[[A:.*]] = nndct.add %[[M]], %[[T]]
// CHECK: nndct.hard_sigmoid %[[A]] {alpha = 0.166666672 : f32}
// CHECK-DAG: hs.input_scale: "0x040000009A99993F"
// CHECK-DAG: hs.input_shift: "0x040000000000C0BF"
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @hard_sigmoid_with_shift(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.relu %x : tensor<1x2x4x4xf32>
  %y = nndct.hard_sigmoid %r {alpha = 0.2 : f32, beta = 0.25 : f32} : tensor<1x2x4x4xf32> loc("hs")
  return %y : tensor<1x2x4x4xf32>
}
}

// -----

// The engine's own form, a grouped conv with dynamic weights, depthwise and
// plain convs stay as they are; so does everything without a target.
// CHECK-LABEL: func.func @already_legal
// CHECK: nndct.hard_sigmoid %{{.*}} {alpha = 0.166666672 : f32} : tensor<1x4x4x4xf32>
// CHECK: nndct.conv2d %{{.*}}, %arg1 {groups = 2 : i64}
// CHECK: nndct.conv2d %{{.*}} {groups = 4 : i64,
// CHECK-NOT: nndct.slice
// CHECK-NOT: nndct.mul
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @already_legal(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32> {
  %h = nndct.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 0.5 : f32} : tensor<1x4x4x4xf32>
  %g = nndct.conv2d %h, %w {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  %dw = nndct.constant dense<1.0> : tensor<4x1x3x3xf32>
  %d = nndct.conv2d %g, %dw {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %d : tensor<1x4x4x4xf32>
}
}

// -----

// CHECK-LABEL: func.func @no_target
// CHECK: nndct.hard_sigmoid %arg0 : tensor<1x4x4x4xf32>
// CHECK: nndct.conv2d %{{.*}} {groups = 2 : i64}
func.func @no_target(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %h = nndct.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x4x4x4xf32>
  %w = nndct.constant dense<1.0> : tensor<4x2x1x1xf32>
  %g = nndct.conv2d %h, %w {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %g : tensor<1x4x4x4xf32>
}

// -----

// RegNet's grouped conv (groups = 2, 4 -> 6 channels): one channel slice,
// weight block and conv per group, concatenated; the blocks keep the
// parameter's name with a group suffix and the node's location.
// CHECK-LABEL: func.func @grouped_conv
// CHECK-DAG: %[[W0:.*]] = nndct.constant dense_resource<{{"?}}g.weight.group0{{"?}}> : tensor<3x2x3x3xf32>
// CHECK-DAG: %[[B0:.*]] = nndct.constant dense_resource<{{"?}}g.bias.group0{{"?}}> : tensor<3xf32>
// CHECK: %[[S0:.*]] = nndct.slice %arg0 {ends = array<i64: 1, 2, 5, 5>, starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>}
// CHECK: %[[C0:.*]] = nndct.conv2d %[[S0]], %[[W0]], %[[B0]] {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : {{.*}} -> tensor<1x3x3x3xf32>
// CHECK: %[[S1:.*]] = nndct.slice %arg0 {ends = array<i64: 1, 4, 5, 5>, starts = array<i64: 0, 2, 0, 0>
// CHECK: %[[C1:.*]] = nndct.conv2d %[[S1]]
// CHECK: %[[Y:.*]] = nndct.concat %[[C0]], %[[C1]] {axis = 1 : i64} : {{.*}} -> tensor<1x6x3x3xf32>
// CHECK: return %[[Y]]
// b = [-2.5 .. 2.5]: the second block is 0.5, 1.5, 2.5.
// CHECK: g.bias.group1: "0x040000000000003F0000C03F00002040"
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @grouped_conv(%x: tensor<1x4x5x5xf32>) -> tensor<1x6x3x3xf32> {
  %w = nndct.constant dense_resource<g.weight> : tensor<6x2x3x3xf32>
  %b = nndct.constant dense_resource<g.bias> : tensor<6xf32>
  %y = nndct.conv2d %x, %w, %b {groups = 2 : i64, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x3x3xf32>
  return %y : tensor<1x6x3x3xf32>
}
}
{-#
  dialect_resources: {
    builtin: {
      g.weight: "0x0400000000000000CDCCCC3DCDCC4C3E9A99993ECDCCCC3E0000003F9A99193F3333333FCDCC4C3F6666663F0000803FCDCC8C3F9A99993F6666A63F3333B33F0000C03FCDCCCC3F9A99D93F6666E63F3333F33F0000004066660640CDCC0C40333313409A9919400000204066662640CDCC2C40333333409A9939400000404066664640CDCC4C40333353409A9959400000604066666640CDCC6C40333373409A9979400000804033338340666686409A998940CDCC8C400000904033339340666696409A999940CDCC9C400000A0403333A3406666A6409A99A940CDCCAC400000B0403333B3406666B6409A99B940CDCCBC400000C0403333C3406666C6409A99C940CDCCCC400000D0403333D3406666D6409A99D940CDCCDC400000E0403333E3406666E6409A99E940CDCCEC400000F0403333F3406666F6409A99F940CDCCFC40000000419A99014133330341CDCC044166660641000008419A99094133330B41CDCC0C4166660E41000010419A99114133331341CDCC144166661641000018419A99194133331B41CDCC1C4166661E41000020419A99214133332341CDCC244166662641000028419A99294133332B41",
      g.bias: "0x04000000000020C00000C0BF000000BF0000003F0000C03F00002040"
    }
  }
#-}

// RUN: nndct-opt %s -split-input-file --nndct-legalize-target | FileCheck %s
// RUN: nndct-opt %s -split-input-file --nndct-legalize-target -mlir-print-debuginfo | FileCheck %s --check-prefix=LOC
// RUN: nndct-opt %s -split-input-file --nndct-legalize-target=convert-sigmoid | FileCheck %s --check-prefix=SIG
// RUN: nndct-opt %s -split-input-file --nndct-legalize-target=convert-silu | FileCheck %s --check-prefix=SILU
// RUN: nndct-opt %s -split-input-file --nndct-legalize-target="convert-sigmoid convert-silu" | FileCheck %s --check-prefix=BOTH

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

// Without a target nothing changes, whatever the options say.
// CHECK-LABEL: func.func @no_target
// CHECK: nndct.hard_sigmoid %arg0 : tensor<1x4x4x4xf32>
// CHECK: nndct.conv2d %{{.*}} {groups = 2 : i64}
// CHECK: nndct.split
// CHECK: nndct.reduce_mean
// BOTH-LABEL: func.func @no_target
// BOTH: nndct.sigmoid
// BOTH: nndct.silu
func.func @no_target(%x: tensor<1x4x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x4x1x1xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %h = nndct.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x4x4x4xf32>
  %w = nndct.constant dense<1.0> : tensor<4x2x1x1xf32>
  %g = nndct.conv2d %h, %w {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  %a, %b = nndct.split %x {axis = 1 : i64, sizes = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>)
  %m = nndct.reduce_mean %x {axes = array<i64: 2, 3>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32>
  %s = nndct.sigmoid %x : tensor<1x4x4x4xf32>
  %l = nndct.silu %x : tensor<1x4x4x4xf32>
  return %g, %a, %m, %s, %l : tensor<1x4x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x4x1x1xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}

// -----

// RegNet's grouped conv (groups = 2, 4 -> 6 channels): one channel slice,
// weight block and conv per group, concatenated; the blocks keep the
// parameter's name with a group suffix, each slice and conv is named after
// the node with that suffix (every exporter then names them alike), and
// the concat, the node's result, keeps the node's location.
// LOC-LABEL: func.func @grouped_conv
// LOC-DAG: loc("g.group0.input"(
// LOC-DAG: loc("g.group0"(
// LOC-DAG: loc("g.group1.input"(
// LOC-DAG: loc("g.group1"(
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
      : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x3x3xf32> loc("g")
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

// -----

// split: one slice per result (an empty one included), named after the
// split's node.
// CHECK-LABEL: func.func @split_to_slices
// CHECK-NOT: nndct.split
// CHECK: %[[A:.*]] = nndct.slice %arg0 {ends = array<i64: 1, 2, 4, 4>, starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x2x4x4xf32>
// CHECK: %[[B:.*]] = nndct.slice %arg0 {ends = array<i64: 1, 2, 4, 4>, starts = array<i64: 0, 2, 0, 0>, {{.*}} -> tensor<1x0x4x4xf32>
// CHECK: %[[C:.*]] = nndct.slice %arg0 {ends = array<i64: 1, 8, 4, 4>, starts = array<i64: 0, 2, 0, 0>, {{.*}} -> tensor<1x6x4x4xf32>
// CHECK: return %[[A]], %[[B]], %[[C]]
// LOC-LABEL: func.func @split_to_slices
// LOC-DAG: loc("blk.split.slice0"(
// LOC-DAG: loc("blk.split.slice1"(
// LOC-DAG: loc("blk.split.slice2"(
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @split_to_slices(%x: tensor<1x8x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x0x4x4xf32>, tensor<1x6x4x4xf32>) {
  %a, %b, %c = nndct.split %x {axis = 1 : i64, sizes = array<i64: 2, 0, 6>}
      : (tensor<1x8x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x0x4x4xf32>, tensor<1x6x4x4xf32>) loc("blk.split")
  return %a, %b, %c : tensor<1x2x4x4xf32>, tensor<1x0x4x4xf32>, tensor<1x6x4x4xf32>
}
}

// -----

// reduce_mean over H and W (in any order) is global average pooling; without
// keepdims a reshape follows, and the pool is named after the mean.
// CHECK-LABEL: func.func @mean_to_global_pool
// CHECK: %[[P:.*]] = nndct.adaptive_avg_pool2d %arg0 : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
// CHECK: %[[Q:.*]] = nndct.adaptive_avg_pool2d %arg0 : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
// CHECK: %[[R:.*]] = nndct.reshape %[[Q]] : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
// CHECK-NOT: nndct.reduce_mean
// CHECK: return %[[P]], %[[R]]
// LOC-LABEL: func.func @mean_to_global_pool
// LOC: loc("gap.mean.pool"(
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @mean_to_global_pool(%x: tensor<1x8x7x7xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x8xf32>) {
  %a = nndct.reduce_mean %x {axes = array<i64: 3, 2>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
  %b = nndct.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x8x7x7xf32>) -> tensor<1x8xf32> loc("gap.mean")
  return %a, %b : tensor<1x8x1x1xf32>, tensor<1x8xf32>
}
}

// -----

// Near misses: C, H and W; H alone; a 3-D tensor.
// CHECK-LABEL: func.func @mean_not_spatial
// CHECK-COUNT-3: nndct.reduce_mean
// CHECK-NOT: nndct.adaptive_avg_pool2d
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @mean_not_spatial(%x: tensor<1x8x7x7xf32>, %t: tensor<8x7x7xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x8x1x7xf32>, tensor<8x1x1xf32>) {
  %a = nndct.reduce_mean %x {axes = array<i64: 1, 2, 3>} : (tensor<1x8x7x7xf32>) -> tensor<1x1x1x1xf32>
  %b = nndct.reduce_mean %x {axes = array<i64: 2>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x7xf32>
  %c = nndct.reduce_mean %t {axes = array<i64: 1, 2>} : (tensor<8x7x7xf32>) -> tensor<8x1x1xf32>
  return %a, %b, %c : tensor<1x1x1x1xf32>, tensor<1x8x1x7xf32>, tensor<8x1x1xf32>
}
}

// -----

// Max pool 40x40 (the engine takes 1-32): 32x32 at stride 1 with the
// padding, then 9x9 (32 + 9 - 1 = 40) at the pool's stride. The last keeps
// the pool's name; the first is named after it.
// CHECK-LABEL: func.func @max_pool_split
// CHECK: %[[A:.*]] = nndct.max_pool2d %arg0 {kernel_size = array<i64: 32, 32>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x50x50xf32>) -> tensor<1x2x21x21xf32>
// CHECK: %[[B:.*]] = nndct.max_pool2d %[[A]] {kernel_size = array<i64: 9, 9>, strides = array<i64: 2, 2>} : (tensor<1x2x21x21xf32>) -> tensor<1x2x7x7xf32>
// CHECK: return %[[B]]
// LOC-LABEL: func.func @max_pool_split
// LOC: nndct.max_pool2d {{.*}} loc([[FIRST:#loc[0-9]+]])
// LOC: nndct.max_pool2d {{.*}} loc([[LAST:#loc[0-9]+]])
// LOC-DAG: [[LAST]] = loc("mp")
// LOC-DAG: [[FIRST]] = loc("mp.stage0"(
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @max_pool_split(%x: tensor<1x2x50x50xf32>) -> tensor<1x2x7x7xf32> {
  %y = nndct.max_pool2d %x {kernel_size = array<i64: 40, 40>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x50x50xf32>) -> tensor<1x2x7x7xf32> loc("mp")
  return %y : tensor<1x2x7x7xf32>
}
}

// -----

// 70 x 3 takes three stages along H (32 + 32 + 8 - 2 = 70) and one along W
// (then 1-tap stages); ceil mode's overhang becomes explicit end padding of
// the first stage (4 + 40 + ... : (50 - 40) / 3 rounds up to 5 results).
// CHECK-LABEL: func.func @max_pool_chain
// CHECK: %[[A:.*]] = nndct.max_pool2d %arg0 {kernel_size = array<i64: 32, 3>} : (tensor<1x1x80x9xf32>) -> tensor<1x1x49x7xf32>
// CHECK: %[[B:.*]] = nndct.max_pool2d %[[A]] {kernel_size = array<i64: 32, 1>} : (tensor<1x1x49x7xf32>) -> tensor<1x1x18x7xf32>
// CHECK: nndct.max_pool2d %[[B]] {kernel_size = array<i64: 8, 1>} : (tensor<1x1x18x7xf32>) -> tensor<1x1x11x7xf32>
// CHECK: %[[C:.*]] = nndct.max_pool2d %arg1 {kernel_size = array<i64: 32, 32>, pads = array<i64: 0, 0, 2, 2>} : (tensor<1x1x50x50xf32>) -> tensor<1x1x21x21xf32>
// CHECK: nndct.max_pool2d %[[C]] {kernel_size = array<i64: 9, 9>, strides = array<i64: 3, 3>} : (tensor<1x1x21x21xf32>) -> tensor<1x1x5x5xf32>
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @max_pool_chain(%x: tensor<1x1x80x9xf32>, %z: tensor<1x1x50x50xf32>) -> (tensor<1x1x11x7xf32>, tensor<1x1x5x5xf32>) {
  %y = nndct.max_pool2d %x {kernel_size = array<i64: 70, 3>} : (tensor<1x1x80x9xf32>) -> tensor<1x1x11x7xf32>
  %c = nndct.max_pool2d %z {kernel_size = array<i64: 40, 40>, strides = array<i64: 3, 3>, ceil_mode = true} : (tensor<1x1x50x50xf32>) -> tensor<1x1x5x5xf32>
  return %y, %c : tensor<1x1x11x7xf32>, tensor<1x1x5x5xf32>
}
}

// -----

// A stride beyond the engine's (1-32 for max pool, 1-16 for avg pool): the
// pool at stride 20 (10), then every second value.
// CHECK-LABEL: func.func @pool_stride_split
// CHECK: %[[A:.*]] = nndct.max_pool2d %arg0 {kernel_size = array<i64: 3, 3>, strides = array<i64: 20, 20>} : (tensor<1x1x100x100xf32>) -> tensor<1x1x5x5xf32>
// CHECK: nndct.max_pool2d %[[A]] {kernel_size = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
// CHECK: %[[B:.*]] = nndct.avg_pool2d %arg1 {kernel_size = array<i64: 3, 3>, strides = array<i64: 10, 10>} : (tensor<1x1x41x41xf32>) -> tensor<1x1x4x4xf32>
// CHECK: nndct.avg_pool2d %[[B]] {kernel_size = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @pool_stride_split(%x: tensor<1x1x100x100xf32>, %z: tensor<1x1x41x41xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) {
  %y = nndct.max_pool2d %x {kernel_size = array<i64: 3, 3>, strides = array<i64: 40, 40>} : (tensor<1x1x100x100xf32>) -> tensor<1x1x3x3xf32>
  %a = nndct.avg_pool2d %z {kernel_size = array<i64: 3, 3>, strides = array<i64: 20, 20>} : (tensor<1x1x41x41xf32>) -> tensor<1x1x2x2xf32>
  return %y, %a : tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>
}
}

// -----

// Max pools left as they are: the padding (35) does not fit the first
// stage's window (32 taps: at most 31), a dilated window, one that fits.
// CHECK-LABEL: func.func @max_pool_kept
// CHECK: nndct.max_pool2d %arg0 {kernel_size = array<i64: 40, 40>, pads = array<i64: 35, 35, 35, 35>}
// CHECK: nndct.max_pool2d %arg1 {dilations = array<i64: 2, 2>, kernel_size = array<i64: 33, 33>}
// CHECK: nndct.max_pool2d %arg1 {kernel_size = array<i64: 32, 32>, strides = array<i64: 32, 32>}
// CHECK-NOT: nndct.max_pool2d
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @max_pool_kept(%x: tensor<1x2x10x10xf32>, %z: tensor<1x2x70x70xf32>) -> (tensor<1x2x41x41xf32>, tensor<1x2x6x6xf32>, tensor<1x2x2x2xf32>) {
  %a = nndct.max_pool2d %x {kernel_size = array<i64: 40, 40>, pads = array<i64: 35, 35, 35, 35>} : (tensor<1x2x10x10xf32>) -> tensor<1x2x41x41xf32>
  %b = nndct.max_pool2d %z {kernel_size = array<i64: 33, 33>, dilations = array<i64: 2, 2>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x6x6xf32>
  %c = nndct.max_pool2d %z {kernel_size = array<i64: 32, 32>, strides = array<i64: 32, 32>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x2x2xf32>
  return %a, %b, %c : tensor<1x2x41x41xf32>, tensor<1x2x6x6xf32>, tensor<1x2x2x2xf32>
}
}

// -----

// Average pools: 32x32 at stride 32 (the engine strides 1-16) is 16x16 at
// 16 then 2x2 at 2; with padding (count_include_pad) the first stage pads;
// one 40x40 window takes any stride: 10x10 at 10, then 4x4.
// CHECK-LABEL: func.func @avg_pool_split
// CHECK: %[[A:.*]] = nndct.avg_pool2d %arg0 {kernel_size = array<i64: 16, 16>, strides = array<i64: 16, 16>} : (tensor<1x2x64x64xf32>) -> tensor<1x2x4x4xf32>
// CHECK: nndct.avg_pool2d %[[A]] {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
// CHECK: %[[B:.*]] = nndct.avg_pool2d %arg1 {kernel_size = array<i64: 12, 12>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 12, 12>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x6x6xf32>
// CHECK: nndct.avg_pool2d %[[B]] {kernel_size = array<i64: 3, 3>, strides = array<i64: 3, 3>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x2x2xf32>
// CHECK: %[[C:.*]] = nndct.avg_pool2d %arg2 {kernel_size = array<i64: 10, 10>, strides = array<i64: 10, 10>} : (tensor<1x2x40x40xf32>) -> tensor<1x2x4x4xf32>
// CHECK: nndct.avg_pool2d %[[C]] {kernel_size = array<i64: 4, 4>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @avg_pool_split(%x: tensor<1x2x64x64xf32>, %p: tensor<1x2x70x70xf32>, %g: tensor<1x2x40x40xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) {
  %a = nndct.avg_pool2d %x {kernel_size = array<i64: 32, 32>, strides = array<i64: 32, 32>} : (tensor<1x2x64x64xf32>) -> tensor<1x2x2x2xf32>
  %b = nndct.avg_pool2d %p {kernel_size = array<i64: 36, 36>, strides = array<i64: 36, 36>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x70x70xf32>) -> tensor<1x2x2x2xf32>
  %c = nndct.avg_pool2d %g {kernel_size = array<i64: 40, 40>} : (tensor<1x2x40x40xf32>) -> tensor<1x2x1x1xf32>
  return %a, %b, %c : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>
}
}

// -----

// Average pools with no exact chain stay: padding outside the divisor,
// overlapping windows (stride 1) of a prime size, a ceil-mode window beyond
// the padding.
// CHECK-LABEL: func.func @avg_pool_kept
// CHECK: nndct.avg_pool2d %arg0 {count_include_pad = false, kernel_size = array<i64: 36, 36>
// CHECK: nndct.avg_pool2d %arg1 {kernel_size = array<i64: 37, 37>}
// CHECK: nndct.avg_pool2d %arg1 {ceil_mode = true, kernel_size = array<i64: 20, 20>, strides = array<i64: 20, 20>}
// CHECK-NOT: nndct.avg_pool2d
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @avg_pool_kept(%p: tensor<1x2x70x70xf32>, %x: tensor<1x2x50x50xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x14x14xf32>, tensor<1x2x3x3xf32>) {
  %a = nndct.avg_pool2d %p {kernel_size = array<i64: 36, 36>, strides = array<i64: 36, 36>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = false} : (tensor<1x2x70x70xf32>) -> tensor<1x2x2x2xf32>
  %b = nndct.avg_pool2d %x {kernel_size = array<i64: 37, 37>} : (tensor<1x2x50x50xf32>) -> tensor<1x2x14x14xf32>
  %c = nndct.avg_pool2d %x {kernel_size = array<i64: 20, 20>, strides = array<i64: 20, 20>, ceil_mode = true} : (tensor<1x2x50x50xf32>) -> tensor<1x2x3x3xf32>
  return %a, %b, %c : tensor<1x2x2x2xf32>, tensor<1x2x14x14xf32>, tensor<1x2x3x3xf32>
}
}

// -----

// Global average pooling of 64 x 48 (the engine averages up to 32 x 32):
// 16x16 blocks, then the global pool of the 4 x 3 block means, which keeps
// the node's name. A reduce_mean becomes such a pool first. 37 x 37 (prime)
// and 16 x 16 (fits) stay.
// CHECK-LABEL: func.func @global_pool_split
// CHECK: %[[A:.*]] = nndct.avg_pool2d %arg0 {kernel_size = array<i64: 16, 16>, strides = array<i64: 16, 16>} : (tensor<1x2x64x48xf32>) -> tensor<1x2x4x3xf32>
// CHECK: %[[G:.*]] = nndct.adaptive_avg_pool2d %[[A]] : (tensor<1x2x4x3xf32>) -> tensor<1x2x1x1xf32>
// CHECK: %[[B:.*]] = nndct.avg_pool2d %arg0 {kernel_size = array<i64: 16, 16>
// CHECK: %[[M:.*]] = nndct.adaptive_avg_pool2d %[[B]]
// CHECK: nndct.adaptive_avg_pool2d %arg1 : (tensor<1x2x37x37xf32>) -> tensor<1x2x1x1xf32>
// CHECK: nndct.adaptive_avg_pool2d %arg2 : (tensor<1x2x16x16xf32>) -> tensor<1x2x1x1xf32>
// CHECK-NOT: nndct.avg_pool2d
// LOC-LABEL: func.func @global_pool_split
// LOC: nndct.avg_pool2d {{.*}} loc([[FIRST:#loc[0-9]+]])
// LOC: nndct.adaptive_avg_pool2d {{.*}} loc([[LAST:#loc[0-9]+]])
// LOC-DAG: [[LAST]] = loc("head.gap")
// LOC-DAG: [[FIRST]] = loc("head.gap.stage0"(
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @global_pool_split(%x: tensor<1x2x64x48xf32>, %p: tensor<1x2x37x37xf32>, %q: tensor<1x2x16x16xf32>) -> (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) {
  %a = nndct.adaptive_avg_pool2d %x : (tensor<1x2x64x48xf32>) -> tensor<1x2x1x1xf32> loc("head.gap")
  %m = nndct.reduce_mean %x {axes = array<i64: 2, 3>} : (tensor<1x2x64x48xf32>) -> tensor<1x2x1x1xf32>
  %b = nndct.adaptive_avg_pool2d %p : (tensor<1x2x37x37xf32>) -> tensor<1x2x1x1xf32>
  %c = nndct.adaptive_avg_pool2d %q : (tensor<1x2x16x16xf32>) -> tensor<1x2x1x1xf32>
  return %a, %m, %b, %c : tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>
}
}

// -----

// An explicit zero pad folds into the 3x3 conv, the depthwise conv and the
// avg pool it feeds (count_include_pad then counts the zeros as before).
// CHECK-LABEL: func.func @pad_folds
// CHECK-NOT: nndct.pad
// CHECK: nndct.conv2d %arg0, %{{.*}} {pads = array<i64: 2, 1, 1, 1>} : (tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x9x8xf32>
// CHECK: nndct.conv2d %arg0, %{{.*}} {groups = 2 : i64, pads = array<i64: 2, 1, 1, 1>}
// CHECK: nndct.avg_pool2d %arg0 {kernel_size = array<i64: 3, 3>, pads = array<i64: 2, 1, 1, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x9x8xf32>
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @pad_folds(%x: tensor<1x2x8x8xf32>) -> (tensor<1x4x9x8xf32>, tensor<1x2x9x8xf32>, tensor<1x2x9x8xf32>) {
  %p = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 0, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x9x10xf32>
  %w = nndct.constant dense<1.0> : tensor<4x2x3x3xf32>
  %c = nndct.conv2d %p, %w {pads = array<i64: 1, 0, 1, 0>} : (tensor<1x2x9x10xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x9x8xf32>
  %dw = nndct.constant dense<1.0> : tensor<2x1x3x3xf32>
  %d = nndct.conv2d %p, %dw {groups = 2 : i64, pads = array<i64: 1, 0, 1, 0>} : (tensor<1x2x9x10xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x9x8xf32>
  %a = nndct.avg_pool2d %p {kernel_size = array<i64: 3, 3>, pads = array<i64: 1, 0, 1, 0>} : (tensor<1x2x9x10xf32>) -> tensor<1x2x9x8xf32>
  return %c, %d, %a : tensor<1x4x9x8xf32>, tensor<1x2x9x8xf32>, tensor<1x2x9x8xf32>
}
}

// -----

// Pads that stay: reflect mode, a non-zero value, a pad of the channels, 3
// before a 3x3 window (beyond kernel - 1), a conv outside its engine (11x11;
// the conv engine takes 1-8), an avg pool that excludes its own padding
// from the divisor.
// CHECK-LABEL: func.func @pad_kept
// CHECK-COUNT-6: nndct.pad
// CHECK: nndct.conv2d %{{.*}} : (tensor<1x2x10x10xf32>
// CHECK: nndct.conv2d %{{.*}} : (tensor<1x2x10x10xf32>
// CHECK: nndct.conv2d %{{.*}} : (tensor<1x4x10x10xf32>
// CHECK: nndct.conv2d %{{.*}} : (tensor<1x2x14x14xf32>
// CHECK: nndct.conv2d %{{.*}} : (tensor<1x2x18x18xf32>
// CHECK: nndct.avg_pool2d %{{.*}} : (tensor<1x2x10x10xf32>
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @pad_kept(%x: tensor<1x2x8x8xf32>) -> (tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x12x12xf32>, tensor<1x2x8x8xf32>, tensor<1x2x10x10xf32>) {
  %w = nndct.constant dense<1.0> : tensor<2x2x3x3xf32>
  %w4 = nndct.constant dense<1.0> : tensor<2x4x3x3xf32>
  %w11 = nndct.constant dense<1.0> : tensor<2x2x11x11xf32>
  %r = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #nndct.pad_mode<reflect>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x10x10xf32>
  %v = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 1.0 : f32} : (tensor<1x2x8x8xf32>) -> tensor<1x2x10x10xf32>
  %ch = nndct.pad %x {pads = array<i64: 0, 1, 1, 1, 0, 1, 1, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x4x10x10xf32>
  %big = nndct.pad %x {pads = array<i64: 0, 0, 3, 3, 0, 0, 3, 3>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x14x14xf32>
  %p5 = nndct.pad %x {pads = array<i64: 0, 0, 5, 5, 0, 0, 5, 5>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x18x18xf32>
  %p1 = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x10x10xf32>
  %a = nndct.conv2d %r, %w : (tensor<1x2x10x10xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x8xf32>
  %b = nndct.conv2d %v, %w : (tensor<1x2x10x10xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x8xf32>
  %c = nndct.conv2d %ch, %w4 : (tensor<1x4x10x10xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x8x8xf32>
  %d = nndct.conv2d %big, %w : (tensor<1x2x14x14xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x12x12xf32>
  %e = nndct.conv2d %p5, %w11 : (tensor<1x2x18x18xf32>, tensor<2x2x11x11xf32>) -> tensor<1x2x8x8xf32>
  %f = nndct.avg_pool2d %p1 {kernel_size = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = false} : (tensor<1x2x10x10xf32>) -> tensor<1x2x10x10xf32>
  return %a, %b, %c, %d, %e, %f : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x12x12xf32>, tensor<1x2x8x8xf32>, tensor<1x2x10x10xf32>
}
}

// -----

// sigmoid and SiLU stay (float, on the CPU) unless an option asks:
// convert-sigmoid makes sigmoid the engine's hard sigmoid; convert-silu
// makes silu and x * sigmoid(x) (either order) hard swish, keeping a sigmoid
// something else uses; a product with another operand is no SiLU.
// CHECK-LABEL: func.func @sigmoid_and_silu
// CHECK-COUNT-2: nndct.sigmoid
// CHECK: nndct.silu
// CHECK-COUNT-3: nndct.mul
// CHECK-NOT: hard_s
// SIG-LABEL: func.func @sigmoid_and_silu
// SIG-NOT: nndct.sigmoid
// SIG: %[[S:.*]] = nndct.hard_sigmoid %arg0 {alpha = 0.166666672 : f32} : tensor<1x4x4x4xf32>
// SIG: nndct.silu
// SIG: nndct.mul %arg0, %[[S]]
// SILU-LABEL: func.func @sigmoid_and_silu
// SILU: %[[S:.*]] = nndct.sigmoid %arg0
// SILU: %[[T:.*]] = nndct.sigmoid %arg1
// SILU: %[[H0:.*]] = nndct.hard_swish %arg0
// SILU: %[[H1:.*]] = nndct.hard_swish %arg0
// SILU: %[[H2:.*]] = nndct.hard_swish %arg0
// SILU: %[[M:.*]] = nndct.mul %arg0, %[[T]]
// SILU: return %[[H0]], %[[H1]], %[[H2]], %[[M]], %[[S]]
// BOTH-LABEL: func.func @sigmoid_and_silu
// BOTH-NOT: nndct.sigmoid
// BOTH-COUNT-3: nndct.hard_swish %arg0
// BOTH: nndct.mul %arg0, %{{.*}}
// BOTH-NOT: nndct.silu
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @sigmoid_and_silu(%x: tensor<1x4x4x4xf32>, %y: tensor<1x4x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %s = nndct.sigmoid %x : tensor<1x4x4x4xf32>
  %t = nndct.sigmoid %y : tensor<1x4x4x4xf32>
  %l = nndct.silu %x : tensor<1x4x4x4xf32>
  %a = nndct.mul %x, %s : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %b = nndct.mul %s, %x : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %c = nndct.mul %x, %t : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %l, %a, %b, %c, %s : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}
}

// -----

// A relu after the concat of a split grouped conv moves before the concat,
// one per part, where the conv engine applies it; each keeps the node's
// name with a part suffix, the concat the conv's.
// CHECK-LABEL: func.func @relu_after_grouped_conv
// CHECK: %[[C0:.*]] = nndct.conv2d
// CHECK: %[[C1:.*]] = nndct.conv2d
// CHECK: %[[R0:.*]] = nndct.relu %[[C0]] : tensor<1x2x4x4xf32>
// CHECK: %[[R1:.*]] = nndct.relu %[[C1]] : tensor<1x2x4x4xf32>
// CHECK: %[[Y:.*]] = nndct.concat %[[R0]], %[[R1]] {axis = 1 : i64}
// CHECK: return %[[Y]]
// LOC-LABEL: func.func @relu_after_grouped_conv
// LOC: nndct.relu {{.*}} loc(#[[P0:.*]])
// LOC: nndct.relu {{.*}} loc(#[[P1:.*]])
// LOC: nndct.concat {{.*}} loc(#[[J:.*]])
// LOC-DAG: #[[P0]] = loc("block.act.part0"
// LOC-DAG: #[[P1]] = loc("block.act.part1"
// LOC-DAG: #[[J]] = loc("block.conv"
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @relu_after_grouped_conv(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = nndct.constant dense<0.5> : tensor<4x2x1x1xf32>
  %g = nndct.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32> loc("block.conv")
  %r = nndct.relu %g : tensor<1x4x4x4xf32> loc("block.act")
  return %r : tensor<1x4x4x4xf32>
}
}

// -----

// It stays after the concat when a part does not come from an engine op
// (here a graph input), when a part has another user, or when the concat
// has another user: no engine could apply it, or the unfused value is
// needed too.
// CHECK-LABEL: func.func @relu_stays_after_concat
// CHECK: %[[A:.*]] = nndct.concat %arg0, %{{.*}} {axis = 1 : i64}
// CHECK: nndct.relu %[[A]]
// CHECK: %[[B:.*]] = nndct.concat %[[C:.*]], %[[C]] {axis = 1 : i64}
// CHECK: nndct.relu %[[B]]
// CHECK: %[[D:.*]] = nndct.concat
// CHECK: nndct.relu %[[D]]
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @relu_stays_after_concat(%x: tensor<1x2x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %w = nndct.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c = nndct.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = nndct.concat %x, %c {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %ra = nndct.relu %a : tensor<1x4x4x4xf32>
  %c2 = nndct.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %b = nndct.concat %c2, %c2 {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %rb = nndct.relu %b : tensor<1x4x4x4xf32>
  %c3 = nndct.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %c4 = nndct.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %d = nndct.concat %c3, %c4 {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %rd = nndct.relu %d : tensor<1x4x4x4xf32>
  return %ra, %rb, %rd, %d : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}
}

// RUN: nndct-opt %s -split-input-file --nndct-place-ops --nndct-verify-target | FileCheck %s

// A conv with its relu fused, a pool and a reshape run in one NPU subgraph;
// the softmax after the region is outside any quantized region.
// CHECK-LABEL: func.func @npu_chain
// CHECK: nndct.conv2d {{.*}}nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>
// CHECK: nndct.relu {{.*}}#nndct.placement<device = npu, engine = "conv", subgraph = 0>
// CHECK: nndct.max_pool2d {{.*}}#nndct.placement<device = npu, engine = "pool", subgraph = 0>
// CHECK: nndct.reshape {{.*}}#nndct.placement<device = npu, engine = "data_movement", subgraph = 0>
// CHECK: nndct.softmax {{.*}}#nndct.placement<device = cpu, reason = outside_region, message = "softmax: not in a quantized region", subgraph = 1>
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @npu_chain(%x: tensor<1x2x8x8xf32>) -> tensor<1x32xf32> {
  %r = nndct.region "quant_0" {
    %w = nndct.constant dense<1.0> : tensor<2x2x3x3xf32>
    %c = nndct.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x8xf32>
    %a = nndct.relu %c : tensor<1x2x8x8xf32>
    %p = nndct.max_pool2d %a {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32>
    %f = nndct.reshape %p : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32>
    nndct.yield %f : tensor<1x32xf32>
  } : tensor<1x32xf32>
  %s = nndct.softmax %r {axis = 1 : i64} : tensor<1x32xf32>
  return %s : tensor<1x32xf32>
}
}

// -----

// Each engine limit of AIE2 is a reason naming the value and the range.
// CHECK-LABEL: func.func @aie2_limits
// CHECK: nndct.conv2d {{.*}}reason = kernel_size, message = "conv2d kernel 11x11: the conv engine takes 1-8"
// CHECK: nndct.conv2d {{.*}}reason = stride, message = "conv2d stride 4x4: the conv engine takes 1-2"
// CHECK: nndct.conv2d {{.*}}reason = dilation, message = "conv2d dilation 2x2: the conv engine takes 1"
// CHECK: nndct.conv2d {{.*}}reason = padding, message = "conv2d padding [3, 3, 3, 3] exceeds (kernel - 1) * dilation = 2x2"
// CHECK: nndct.conv2d {{.*}}reason = groups, message = "conv2d groups = 2: the conv engine takes groups = 1 and depthwise"
// CHECK: nndct.conv2d {{.*}}engine = "depthwise_conv"
// CHECK: nndct.max_pool2d {{.*}}reason = kernel_size, message = "max_pool2d kernel 33x33: the pool engine takes 1-32"
// CHECK: nndct.avg_pool2d {{.*}}reason = stride, message = "avg_pool2d stride 17x17: the pool engine takes 1-16"
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @aie2_limits(%x: tensor<1x4x40x40xf32>) -> (tensor<1x4x30x30xf32>, tensor<1x4x10x10xf32>, tensor<1x4x36x36xf32>, tensor<1x4x44x44xf32>, tensor<1x4x40x40xf32>, tensor<1x4x40x40xf32>, tensor<1x4x8x8xf32>, tensor<1x4x2x2xf32>) {
  %r:8 = nndct.region "quant_0" {
    %w11 = nndct.constant dense<1.0> : tensor<4x4x11x11xf32>
    %a = nndct.conv2d %x, %w11 : (tensor<1x4x40x40xf32>, tensor<4x4x11x11xf32>) -> tensor<1x4x30x30xf32>
    %w1 = nndct.constant dense<1.0> : tensor<4x4x1x1xf32>
    %b = nndct.conv2d %x, %w1 {strides = array<i64: 4, 4>} : (tensor<1x4x40x40xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x10x10xf32>
    %w3 = nndct.constant dense<1.0> : tensor<4x4x3x3xf32>
    %c = nndct.conv2d %x, %w3 {dilations = array<i64: 2, 2>} : (tensor<1x4x40x40xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x36x36xf32>
    %d = nndct.conv2d %x, %w3 {pads = array<i64: 3, 3, 3, 3>} : (tensor<1x4x40x40xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x44x44xf32>
    %wg = nndct.constant dense<1.0> : tensor<4x2x3x3xf32>
    %e = nndct.conv2d %x, %wg {groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x40x40xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x40x40xf32>
    %wd = nndct.constant dense<1.0> : tensor<4x1x3x3xf32>
    %f = nndct.conv2d %x, %wd {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x40x40xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x40x40xf32>
    %g = nndct.max_pool2d %x {kernel_size = array<i64: 33, 33>} : (tensor<1x4x40x40xf32>) -> tensor<1x4x8x8xf32>
    %h = nndct.avg_pool2d %x {kernel_size = array<i64: 17, 17>, strides = array<i64: 17, 17>} : (tensor<1x4x40x40xf32>) -> tensor<1x4x2x2xf32>
    nndct.yield %a, %b, %c, %d, %e, %f, %g, %h : tensor<1x4x30x30xf32>, tensor<1x4x10x10xf32>, tensor<1x4x36x36xf32>, tensor<1x4x44x44xf32>, tensor<1x4x40x40xf32>, tensor<1x4x40x40xf32>, tensor<1x4x8x8xf32>, tensor<1x4x2x2xf32>
  } : tensor<1x4x30x30xf32>, tensor<1x4x10x10xf32>, tensor<1x4x36x36xf32>, tensor<1x4x44x44xf32>, tensor<1x4x40x40xf32>, tensor<1x4x40x40xf32>, tensor<1x4x8x8xf32>, tensor<1x4x2x2xf32>
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5, %r#6, %r#7 : tensor<1x4x30x30xf32>, tensor<1x4x10x10xf32>, tensor<1x4x36x36xf32>, tensor<1x4x44x44xf32>, tensor<1x4x40x40xf32>, tensor<1x4x40x40xf32>, tensor<1x4x8x8xf32>, tensor<1x4x2x2xf32>
}
}

// -----

// The DPU's limits: output channels, weight bank depth, the fixed leaky
// slope; transposed convs have an engine there.
// CHECK-LABEL: func.func @dpu_limits
// CHECK: nndct.conv2d {{.*}}reason = channels, message = "conv2d 4100 output channels: the conv engine takes at most 4096"
// CHECK: nndct.conv2d {{.*}}reason = memory, message = "conv2d weights need 4096 bank rows (kernel 16x16, 256 input channels): the conv engine has 2048"
// CHECK: nndct.conv2d {{.*}}engine = "conv", subgraph = [[S:[0-9]+]]>
// CHECK: nndct.leaky_relu {{.*}}reason = attribute, message = "leaky_relu alpha 0.2: the engine's slope is 26/256 only"
// CHECK: nndct.conv_transpose2d {{.*}}engine = "transposed_conv"
module attributes {nndct.target = #nndct.target<"DPUCZDX8G_ISA1_B4096">} {
func.func @dpu_limits(%x: tensor<1x256x16x16xf32>) -> (tensor<1x4100x16x16xf32>, tensor<1x4x1x1xf32>, tensor<1x4x16x16xf32>, tensor<1x4x32x32xf32>) {
  %r:4 = nndct.region "quant_0" {
    %wc = nndct.constant dense<1.0> : tensor<4100x256x1x1xf32>
    %a = nndct.conv2d %x, %wc : (tensor<1x256x16x16xf32>, tensor<4100x256x1x1xf32>) -> tensor<1x4100x16x16xf32>
    %wm = nndct.constant dense<1.0> : tensor<4x256x16x16xf32>
    %b = nndct.conv2d %x, %wm : (tensor<1x256x16x16xf32>, tensor<4x256x16x16xf32>) -> tensor<1x4x1x1xf32>
    %w1 = nndct.constant dense<1.0> : tensor<4x256x1x1xf32>
    %c = nndct.conv2d %x, %w1 : (tensor<1x256x16x16xf32>, tensor<4x256x1x1xf32>) -> tensor<1x4x16x16xf32>
    %l = nndct.leaky_relu %c {alpha = 0.2 : f32} : tensor<1x4x16x16xf32>
    %wt = nndct.constant dense<1.0> : tensor<4x4x2x2xf32>
    %t = nndct.conv_transpose2d %l, %wt {strides = array<i64: 2, 2>} : (tensor<1x4x16x16xf32>, tensor<4x4x2x2xf32>) -> tensor<1x4x32x32xf32>
    nndct.yield %a, %b, %l, %t : tensor<1x4100x16x16xf32>, tensor<1x4x1x1xf32>, tensor<1x4x16x16xf32>, tensor<1x4x32x32xf32>
  } : tensor<1x4100x16x16xf32>, tensor<1x4x1x1xf32>, tensor<1x4x16x16xf32>, tensor<1x4x32x32xf32>
  return %r#0, %r#1, %r#2, %r#3 : tensor<1x4100x16x16xf32>, tensor<1x4x1x1xf32>, tensor<1x4x16x16xf32>, tensor<1x4x32x32xf32>
}
}

// -----

// Ops with no integer form or no NPU kernel; an activation AIE2 runs only
// fused, after a pool (which does not fuse it); a reshape left alone
// between CPU ops, and a pool with no conv beside it, are fragments.
// CHECK-LABEL: func.func @cpu_reasons
// CHECK: nndct.sigmoid {{.*}}reason = float_op, message = "sigmoid: no integer form; it runs in float", subgraph = 0>
// CHECK: nndct.reshape {{.*}}reason = fragment, message = "reshape: its NPU subgraph (1 op(s)) has no conv or linear; moving the data costs more than running it on the NPU saves", subgraph = 0>
// CHECK: nndct.softmax {{.*}}reason = no_npu_kernel, message = "softmax: the target has no kernel", subgraph = 0>
// CHECK: nndct.max_pool2d {{.*}}reason = fragment, message = "max_pool2d: its NPU subgraph (1 op(s)) has no conv or linear{{.*}}", subgraph = 0>
// CHECK: nndct.relu {{.*}}reason = unfused_activation
// CHECK: nndct.matmul {{.*}}reason = no_npu_kernel, message = "matmul: no NPU engine multiplies two activations"
// CHECK: nndct.pad {{.*}}reason = attribute, message = "pad: only zero padding runs on the NPU"
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @cpu_reasons(%x: tensor<1x2x4x4xf32>, %m: tensor<4x4xf32>) -> (tensor<1x32xf32>, tensor<1x2x2x2xf32>, tensor<4x4xf32>, tensor<1x2x6x6xf32>) {
  %r:4 = nndct.region "quant_0" {
    %s = nndct.sigmoid %x : tensor<1x2x4x4xf32>
    %f = nndct.reshape %s : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32>
    %t = nndct.softmax %f {axis = 1 : i64} : tensor<1x32xf32>
    %p = nndct.max_pool2d %x {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
    %a = nndct.relu %p : tensor<1x2x2x2xf32>
    %mm = nndct.matmul %m, %m : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %pd = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #nndct.pad_mode<edge>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
    nndct.yield %t, %a, %mm, %pd : tensor<1x32xf32>, tensor<1x2x2x2xf32>, tensor<4x4xf32>, tensor<1x2x6x6xf32>
  } : tensor<1x32xf32>, tensor<1x2x2x2xf32>, tensor<4x4xf32>, tensor<1x2x6x6xf32>
  return %r#0, %r#1, %r#2, %r#3 : tensor<1x32xf32>, tensor<1x2x2x2xf32>, tensor<4x4xf32>, tensor<1x2x6x6xf32>
}
}

// -----

// A squeeze-excite block: the mul reads the conv (NPU) and the sigmoid
// (CPU), which reads the conv too. Joining the conv's subgraph would make
// NPU and CPU subgraphs depend on each other (the XIR cycle EfficientNet
// hit), so the mul starts a new NPU subgraph with the conv after it.
// CHECK-LABEL: func.func @squeeze_excite
// CHECK: nndct.conv2d {{.*}}device = npu, engine = "conv", subgraph = 0>
// CHECK: nndct.adaptive_avg_pool2d {{.*}}device = npu, engine = "pool", subgraph = 0>
// CHECK: nndct.conv2d {{.*}}device = npu, engine = "conv", subgraph = 0>
// CHECK: nndct.sigmoid {{.*}}device = cpu, reason = float_op, {{.*}}subgraph = 1>
// CHECK: nndct.mul {{.*}}device = npu, engine = "eltwise", subgraph = 2>
// CHECK: nndct.conv2d {{.*}}device = npu, engine = "conv", subgraph = 2>
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @squeeze_excite(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %r = nndct.region "quant_0" {
    %w = nndct.constant dense<1.0> : tensor<4x4x1x1xf32>
    %c = nndct.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
    %g = nndct.adaptive_avg_pool2d %c : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
    %e = nndct.conv2d %g, %w : (tensor<1x4x1x1xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x1x1xf32>
    %s = nndct.sigmoid %e : tensor<1x4x1x1xf32>
    %m = nndct.mul %c, %s : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
    %o = nndct.conv2d %m, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
    nndct.yield %o : tensor<1x4x8x8xf32>
  } : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}
}

// -----

// The engine applies one activation: a relu6 after a fused relu has no
// stage left and runs on the CPU.
// CHECK-LABEL: func.func @activation_chain
// CHECK: nndct.relu {{.*}}device = npu, engine = "conv"
// CHECK: nndct.relu6 {{.*}}reason = unfused_activation
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @activation_chain(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %r = nndct.region "quant_0" {
    %w = nndct.constant dense<1.0> : tensor<4x4x1x1xf32>
    %c = nndct.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
    %a = nndct.relu %c : tensor<1x4x8x8xf32>
    %b = nndct.relu6 %a : tensor<1x4x8x8xf32>
    nndct.yield %b : tensor<1x4x8x8xf32>
  } : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}
}

// -----

// Hard swish reads the conv's requantized output (a fix outside the conv's
// quant group) and still runs fused in the conv engine; a second user of
// that fixed value leaves it unfused.
// CHECK-LABEL: func.func @fused_through_fix
// CHECK: nndct.hard_swish {{.*}}#nndct.placement<device = npu, engine = "conv", subgraph = 0>
// CHECK: nndct.hard_swish {{.*}}reason = unfused_activation
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @fused_through_fix(%x: tensor<1x2x8x8xf32>) -> (tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) {
  %r:3 = nndct.region "quant_0" {
    %w = nndct.constant dense<1.0> : tensor<2x2x3x3xf32>
    %c = nndct.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x8xf32>
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 : tensor<1x2x8x8xf32>
    %h = nndct.hard_swish %cf : tensor<1x2x8x8xf32>
    %c2 = nndct.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x8xf32>
    %c2f = nndct.fix %c2 kind <activation> round <half_up> bits 8 : tensor<1x2x8x8xf32>
    %h2 = nndct.hard_swish %c2f : tensor<1x2x8x8xf32>
    nndct.yield %h, %h2, %c2f : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>
  } : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>
  return %r#0, %r#1, %r#2 : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>
}
}

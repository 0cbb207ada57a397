// RUN: nndct-opt %s -split-input-file --nndct-keep-float="ops=c1 reasons={kept float for accuracy: +3.10 dB}" --nndct-insert-fix --nndct-place-ops --nndct-verify-target | FileCheck %s
// RUN: nndct-opt %s -split-input-file --nndct-keep-float="ops=c1" --nndct-insert-fix | FileCheck %s --check-prefix=ASKED
// RUN: nndct-opt %s -split-input-file --nndct-insert-fix | FileCheck %s --check-prefix=NONE

// c1 (conv -> relu, one quant group) kept float: no weight or bias fix,
// its relu float too, and the group's tensor quantized once, where c2
// reads it (an input fix). c2 stays quantized on the NPU. Both ops run on
// the CPU with the reason. The network input's fix goes: only c1 read it.
// CHECK-LABEL: func.func @conv_relu_conv
// CHECK: %[[W1:.*]] = nndct.constant dense<5.000000e-01>
// CHECK-NEXT: %[[B1:.*]] = nndct.constant dense<1.000000e-01>
// CHECK-NOT: kind <input>
// CHECK: %[[W2:.*]] = nndct.fix %{{.*}} kind <weight>
// CHECK-NOT: nndct.fix
// CHECK: %[[C1:.*]] = nndct.conv2d %arg0, %[[W1]], %[[B1]] {nndct.kept_float = "kept float for accuracy: +3.10 dB", nndct.placement = #nndct.placement<device = cpu, reason = kept_float, message = "conv2d: kept float for accuracy: +3.10 dB"
// CHECK-NEXT: %[[R:.*]] = nndct.relu %[[C1]] {nndct.kept_float = "kept float for accuracy: +3.10 dB", nndct.placement = #nndct.placement<device = cpu, reason = kept_float, message = "relu: kept float
// CHECK-NEXT: %[[IN:.*]] = nndct.fix %[[R]] kind <input> round <half_up> bits 8
// CHECK-NEXT: nndct.conv2d %[[IN]], %[[W2]] {nndct.placement = #nndct.placement<device = npu, engine = "conv"
// CHECK-NEXT: nndct.fix %{{.*}} kind <activation>
// ASKED: nndct.conv2d %arg0, %{{.*}}, %{{.*}} {nndct.kept_float = "kept float (asked for)",
// NONE: %[[X:.*]] = nndct.fix %arg0 kind <input>
// NONE: nndct.conv2d %[[X]]
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @conv_relu_conv(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %r = nndct.region "quant_0" {
    %w1 = nndct.constant dense<0.5> : tensor<2x2x3x3xf32>
    %b1 = nndct.constant dense<0.1> : tensor<2xf32>
    %w2 = nndct.constant dense<0.25> : tensor<2x2x1x1xf32>
    %c1 = nndct.conv2d %x, %w1, %b1 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32> loc("c1")
    %a = nndct.relu %c1 : tensor<1x2x8x8xf32> loc("a1")
    %c2 = nndct.conv2d %a, %w2 : (tensor<1x2x8x8xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x8x8xf32> loc("c2")
    nndct.yield %c2 : tensor<1x2x8x8xf32>
  } : tensor<1x2x8x8xf32>
  return %r : tensor<1x2x8x8xf32>
}
}

// -----

// The last op kept float: its output is float to the end (no fix), and the
// conv before it keeps its own fixes.
// CHECK-LABEL: func.func @last_linear
// CHECK: nndct.linear %{{.*}}, %{{.*}} {nndct.kept_float
// CHECK-NEXT: nndct.yield
// ASKED-LABEL: func.func @last_linear
// NONE-LABEL: func.func @last_linear
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @last_linear(%x: tensor<1x8xf32>) -> tensor<1x4xf32> {
  %r = nndct.region "quant_0" {
    %w0 = nndct.constant dense<0.5> : tensor<8x8xf32>
    %w1 = nndct.constant dense<0.5> : tensor<4x8xf32>
    %l0 = nndct.linear %x, %w0 : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32> loc("l0")
    %l1 = nndct.linear %l0, %w1 : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32> loc("c1")
    nndct.yield %l1 : tensor<1x4xf32>
  } : tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}
}

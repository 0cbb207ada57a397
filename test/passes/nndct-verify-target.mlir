// RUN: nndct-opt %s -split-input-file --nndct-verify-target -verify-diagnostics

// Placements and fix points written by hand (or left stale by a later
// rewrite) that break the target's rules. nndct-place-ops output verifies: see
// nndct-place-ops.mlir, which runs this pass after placing.

module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @unplaced(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{no device placement: run nndct-place-ops}}
  %y = nndct.relu %x : tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
}

// -----

module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @beyond_the_engine(%x: tensor<1x4x20x20xf32>) -> tensor<1x4x10x10xf32> {
  %w = nndct.constant dense<1.0> : tensor<4x4x11x11xf32>
  // expected-error @+1 {{placed on the NPU, but AMD_AIE2_Nx4_Overlay_cfg0 cannot run it: conv2d kernel 11x11: the conv engine takes 1-8}}
  %y = nndct.conv2d %x, %w {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : (tensor<1x4x20x20xf32>, tensor<4x4x11x11xf32>) -> tensor<1x4x10x10xf32>
  return %y : tensor<1x4x10x10xf32>
}
}

// -----

module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @wrong_engine(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = nndct.constant dense<1.0> : tensor<4x4x1x1xf32>
  // expected-error @+1 {{placed on the NPU's 'pool' engine, but AMD_AIE2_Nx4_Overlay_cfg0 runs it on 'conv'}}
  %y = nndct.conv2d %x, %w {nndct.placement = #nndct.placement<device = npu, engine = "pool", subgraph = 0>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}
}

// -----

// A relu fused into the conv before it is fine; after a pool, whose engine
// does not apply it, it is not.
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @fused_activations(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %w = nndct.constant dense<1.0> : tensor<4x4x1x1xf32>
  %c = nndct.conv2d %x, %w {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %r = nndct.relu %c {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<1x4x8x8xf32>
  %p = nndct.max_pool2d %r {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>, nndct.placement = #nndct.placement<device = npu, engine = "pool", subgraph = 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  // expected-error @+1 {{placed on the NPU, but AMD_AIE2_Nx4_Overlay_cfg0 cannot run it: relu: the target runs it only fused}}
  %q = nndct.relu %p {nndct.placement = #nndct.placement<device = npu, engine = "pool", subgraph = 0>} : tensor<1x4x4x4xf32>
  return %q : tensor<1x4x4x4xf32>
}
}

// -----

module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @mixed_subgraph(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = nndct.constant dense<1.0> : tensor<4x4x1x1xf32>
  %c = nndct.conv2d %x, %w {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  // expected-error @+1 {{placed on cpu in subgraph 0, whose other ops are on npu}}
  %s = nndct.sigmoid %c {nndct.placement = #nndct.placement<device = cpu, reason = float_op, message = "sigmoid", subgraph = 0>} : tensor<1x4x8x8xf32>
  return %s : tensor<1x4x8x8xf32>
}
}

// -----

// The squeeze-excite cycle: the mul in the conv's subgraph reads the CPU
// sigmoid, which reads the conv.
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
// expected-error @+1 {{device subgraph 0 depends on itself through another subgraph}}
func.func @cycle(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = nndct.constant dense<1.0> : tensor<4x4x1x1xf32>
  %c = nndct.conv2d %x, %w {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %s = nndct.sigmoid %c {nndct.placement = #nndct.placement<device = cpu, reason = float_op, message = "sigmoid", subgraph = 1>} : tensor<1x4x8x8xf32>
  %m = nndct.mul %c, %s {nndct.placement = #nndct.placement<device = npu, engine = "eltwise", subgraph = 0>} : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %m : tensor<1x4x8x8xf32>
}
}

// -----

// expected-error @+1 {{nndct-verify-target needs the module's #nndct.target}}
func.func @no_target(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  return %x : tensor<1x4xf32>
}

// -----

// Fix points that break a shift rule: shift_cut = 7 + 5 - 14 = -2.
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @broken_shift_rule(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %xf = nndct.fix %x kind <input> round <half_up> bits 8 fp 5 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<1x2x4x4xf32>
  %w = nndct.constant dense<0.5> : tensor<2x2x1x1xf32>
  %wf = nndct.fix %w kind <weight> round <half_even> bits 8 fp 7 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<2x2x1x1xf32>
  // expected-error @+1 {{the fix points break AMD_AIE2_Nx4_Overlay_cfg0's shift rule:}}
  %c = nndct.conv2d %xf, %wf {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>, nndct.shifts = #nndct.shifts<cut = -2>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 14 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<1x2x4x4xf32>
  return %cf : tensor<1x2x4x4xf32>
}
}

// -----

// Legal fix points, but the op's shifts are missing or say something else.
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @stale_shifts(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %xf = nndct.fix %x kind <input> round <half_up> bits 8 fp 5 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<1x2x4x4xf32>
  %w = nndct.constant dense<0.5> : tensor<2x2x1x1xf32>
  %wf = nndct.fix %w kind <weight> round <half_even> bits 8 fp 7 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<2x2x1x1xf32>
  // expected-error @+1 {{has no nndct.shifts (its fix points give #nndct.shifts<cut = 8>; run nndct-legalize-fix-points)}}
  %c = nndct.conv2d %xf, %wf {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 4 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<1x2x4x4xf32>
  // expected-error @+1 {{carries #nndct.shifts<cut = 9> but its fix points give #nndct.shifts<cut = 8>}}
  %d = nndct.conv2d %xf, %wf {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>, nndct.shifts = #nndct.shifts<cut = 9>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %df = nndct.fix %d kind <activation> round <half_up> bits 8 fp 4 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<1x2x4x4xf32>
  return %cf, %df : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
}

// RUN: nndct-opt %s -split-input-file --nndct-verify-target -verify-diagnostics

// Placements written by hand (or left stale by a later rewrite) that break
// the target's rules. nndct-place-ops output verifies: see
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

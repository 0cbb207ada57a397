// RUN: nndct-opt %s --split-input-file --verify-diagnostics --nndct-emulate-npu-numerics | FileCheck %s
// Idempotent.
// RUN: nndct-opt %s --split-input-file --verify-diagnostics --nndct-emulate-npu-numerics --nndct-emulate-npu-numerics | FileCheck %s

// Every constant is the target's (ir/TargetModel.h DeviceNumerics) and is
// recorded on the op: npu_multiplier / 2^npu_shift.

// CHECK-LABEL: func.func @leaky
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @leaky(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  // 0.1 -> 26/256
  // CHECK: nndct.leaky_relu %{{.*}} {alpha = 0.1015625 : f32, npu_multiplier = 26 : i64, npu_shift = 8 : i64}
  %a = nndct.leaky_relu %x {alpha = 1.000000e-01 : f32} : tensor<1x4xf32>
  // 0.01 -> 3/256
  // CHECK: nndct.leaky_relu %{{.*}} {alpha = 0.01171875 : f32, npu_multiplier = 3 : i64, npu_shift = 8 : i64}
  %b = nndct.leaky_relu %x {alpha = 1.000000e-02 : f32} : tensor<1x4xf32>
  // Already k/256: alpha unchanged, the slope recorded.
  // CHECK: nndct.leaky_relu %{{.*}} {alpha = 2.500000e-01 : f32, npu_multiplier = 64 : i64, npu_shift = 8 : i64}
  %c = nndct.leaky_relu %x {alpha = 2.500000e-01 : f32} : tensor<1x4xf32>
  // AIE2 runs any k/256: 0.2 -> 51/256.
  // CHECK: nndct.leaky_relu %{{.*}} {alpha = 0.19921875 : f32, npu_multiplier = 51 : i64, npu_shift = 8 : i64}
  %d = nndct.leaky_relu %x {alpha = 2.000000e-01 : f32} : tensor<1x4xf32>
  return %a, %b, %c, %d : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<1x8x7x7xf32>) -> (tensor<1x8x5x5xf32>, tensor<1x8x3x3xf32>, tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>) {
  // 3x3: sum * 7/64 on the device.
  // CHECK: nndct.avg_pool2d %{{.*}} {kernel_size = array<i64: 3, 3>, npu_numerics}
  %a = nndct.avg_pool2d %x {kernel_size = array<i64: 3, 3>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x5x5xf32>
  // 2x2 divides exactly: not marked.
  // CHECK: nndct.avg_pool2d %{{.*}} {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} :
  %b = nndct.avg_pool2d %x {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x3x3xf32>
  // Global 7x7: 49 * 21/1024.
  // CHECK: nndct.adaptive_avg_pool2d %{{.*}} {npu_numerics}
  %c = nndct.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
  // CHECK: nndct.reduce_mean %{{.*}} {axes = array<i64: 2, 3>, npu_numerics}
  %d = nndct.reduce_mean %x {axes = array<i64: 2, 3>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
  %s = nndct.slice %x {starts = array<i64: 0, 0, 0, 0>, ends = array<i64: 1, 8, 4, 4>, steps = array<i64: 1, 1, 1, 1>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: nndct.reduce_mean %{{.*}} {axes = array<i64: 2, 3>} :
  %e = nndct.reduce_mean %s {axes = array<i64: 2, 3>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  return %a, %b, %c, %d, %e : tensor<1x8x5x5xf32>, tensor<1x8x3x3xf32>, tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>
}

// CHECK-LABEL: func.func @hsigmoid
func.func @hsigmoid(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // relu6(x + 3) / 6: relu6(x + 3) * 2731 / 2^14 on the device.
  // CHECK: nndct.hard_sigmoid %{{.*}} {alpha = 0.166666672 : f32, npu_multiplier = 2731 : i64, npu_shift = 14 : i64}
  %a = nndct.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<1x4xf32>
  // ONNX's default (0.2, 0.5) is not the engine's form (nndct-legalize-target
  // rewrites it first in the pipeline).
  // CHECK: nndct.hard_sigmoid %{{.*}} : tensor<1x4xf32>
  %b = nndct.hard_sigmoid %x {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : tensor<1x4xf32>
  return %a, %b : tensor<1x4xf32>, tensor<1x4xf32>
}
}

// -----

// The DPU's leaky relu is 26/256 only (vai_q_pytorch's DPU rule): an alpha
// rounding to it becomes it, another stays as it is with no device slope
// (nndct-place-ops puts it on the CPU, where it runs in float).
// CHECK-LABEL: func.func @dpu_leaky
module attributes {nndct.target = #nndct.target<"DPUCZDX8G_ISA1_B4096">} {
func.func @dpu_leaky(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  // CHECK: nndct.leaky_relu %{{.*}} {alpha = 0.1015625 : f32, npu_multiplier = 26 : i64, npu_shift = 8 : i64}
  %a = nndct.leaky_relu %x {alpha = 1.000000e-01 : f32} : tensor<1x4xf32>
  // CHECK: nndct.leaky_relu %{{.*}} {alpha = 0.1015625 : f32, npu_multiplier = 26 : i64, npu_shift = 8 : i64}
  %b = nndct.leaky_relu %x {alpha = 0.1015625 : f32} : tensor<1x4xf32>
  // CHECK: nndct.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f32} :
  %c = nndct.leaky_relu %x {alpha = 2.000000e-01 : f32} : tensor<1x4xf32>
  // CHECK: nndct.leaky_relu %{{.*}} :
  %d = nndct.leaky_relu %x {alpha = 1.000000e-02 : f32} : tensor<1x4xf32>
  return %a, %b, %c, %d : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// The DPU's hard sigmoid and averages are the AIE2's.
// CHECK-LABEL: func.func @dpu_others
func.func @dpu_others(%x: tensor<1x8x7x7xf32>) -> (tensor<1x8x7x7xf32>, tensor<1x8x5x5xf32>) {
  // CHECK: nndct.hard_sigmoid %{{.*}} {alpha = 0.166666672 : f32, npu_multiplier = 2731 : i64, npu_shift = 14 : i64}
  %a = nndct.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<1x8x7x7xf32>
  // CHECK: nndct.avg_pool2d %{{.*}} {kernel_size = array<i64: 3, 3>, npu_numerics}
  %b = nndct.avg_pool2d %x {kernel_size = array<i64: 3, 3>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x5x5xf32>
  return %a, %b : tensor<1x8x7x7xf32>, tensor<1x8x5x5xf32>
}
}

// -----

// No target: the numerics are the target's, so the pass refuses to guess.
// expected-error @+1 {{nndct-emulate-npu-numerics needs the module's #nndct.target}}
func.func @no_target(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %a = nndct.leaky_relu %x {alpha = 1.000000e-01 : f32} : tensor<1x4xf32>
  return %a : tensor<1x4xf32>
}

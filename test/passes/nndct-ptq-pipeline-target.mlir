// The PTQ pipeline attaches its `target` first; the device numerics then
// follow it (a leaky slope of 0.2 is 51/256 on AIE2; the DPU runs 26/256
// only, so 0.2 stays a float op there).
// RUN: nndct-opt %s --nndct-ptq-pipeline="compile-to=canonical" | FileCheck %s --check-prefix=AIE2
// RUN: nndct-opt %s --nndct-ptq-pipeline="compile-to=canonical target=AMD_AIE2_Nx4_Overlay_cfg0" | FileCheck %s --check-prefix=AIE2
// RUN: nndct-opt %s --nndct-ptq-pipeline="compile-to=canonical target=DPUCZDX8G_ISA1_B4096" | FileCheck %s --check-prefix=DPU
// RUN: not nndct-opt %s --nndct-ptq-pipeline="compile-to=canonical target=NPU9000" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// A module already compiled for another target.
// RUN: nndct-opt %s --nndct-attach-target="name=DPUCZDX8G_ISA1_B4096" | not nndct-opt --nndct-ptq-pipeline="compile-to=canonical" 2>&1 | FileCheck %s --check-prefix=CONFLICT

// AIE2: module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">}
// AIE2: nndct.leaky_relu %{{.*}} {alpha = 0.1015625 : f32, npu_multiplier = 26 : i64, npu_shift = 8 : i64}
// AIE2: nndct.leaky_relu %{{.*}} {alpha = 0.19921875 : f32, npu_multiplier = 51 : i64, npu_shift = 8 : i64}
// DPU: module attributes {nndct.target = #nndct.target<"DPUCZDX8G_ISA1_B4096">}
// DPU: nndct.leaky_relu %{{.*}} {alpha = 0.1015625 : f32, npu_multiplier = 26 : i64, npu_shift = 8 : i64}
// DPU: nndct.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f32} :
// UNKNOWN: option 'name': unknown target 'NPU9000' (known: AMD_AIE2_Nx4_Overlay_cfg0, DPUCZDX8G_ISA1_B4096)
// CONFLICT: the module is compiled for 'DPUCZDX8G_ISA1_B4096', not 'AMD_AIE2_Nx4_Overlay_cfg0'

func.func @main(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %a = nndct.leaky_relu %x {alpha = 1.000000e-01 : f32} : tensor<1x4xf32>
  %b = nndct.leaky_relu %x {alpha = 2.000000e-01 : f32} : tensor<1x4xf32>
  return %a, %b : tensor<1x4xf32>, tensor<1x4xf32>
}

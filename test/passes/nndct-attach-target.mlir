// RUN: nndct-opt %s --split-input-file --verify-diagnostics --nndct-attach-target="name=DPUCZDX8G_ISA1_B4096" | FileCheck %s
// The default is PTQOptions' (the AIE2 overlay); the DPU module conflicts.
// RUN: not nndct-opt %s --split-input-file --nndct-attach-target 2>&1 | FileCheck %s --check-prefix=DEFAULT
// RUN: not nndct-opt %s --split-input-file --nndct-attach-target="name=NPU9000" 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// CHECK: module attributes {nndct.target = #nndct.target<"DPUCZDX8G_ISA1_B4096">}
// DEFAULT-DAG: module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">}
// UNKNOWN: error: nndct-attach-target: option 'name': unknown target 'NPU9000' (known: AMD_AIE2_Nx4_Overlay_cfg0, DPUCZDX8G_ISA1_B4096)
module {
}

// -----

// The same target again: unchanged.
// CHECK: module attributes {nndct.target = #nndct.target<"DPUCZDX8G_ISA1_B4096">}
// DEFAULT-DAG: error: nndct-attach-target: the module is compiled for 'DPUCZDX8G_ISA1_B4096', not 'AMD_AIE2_Nx4_Overlay_cfg0'
module attributes {nndct.target = #nndct.target<"DPUCZDX8G_ISA1_B4096">} {
}

// -----

// A model has one target.
// expected-error @+1 {{nndct-attach-target: the module is compiled for 'AMD_AIE2_Nx4_Overlay_cfg0', not 'DPUCZDX8G_ISA1_B4096' (a model has one target; remove its nndct.target or pass name=AMD_AIE2_Nx4_Overlay_cfg0)}}
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
}


// expected-error @+1 {{unknown target 'AMD_AIE2_Nx4_Overlay'; known targets: AMD_AIE2_Nx4_Overlay_cfg0}}
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay">} {}
// sigmoid, silu and x * sigmoid(x): convert-sigmoid / convert-silu replace
// them with the engine's hard sigmoid and hard swish.
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @main(%x: tensor<1x4x16x16xf32>) -> (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) {
  %s = nndct.sigmoid %x : tensor<1x4x16x16xf32>
  %l = nndct.silu %x : tensor<1x4x16x16xf32>
  %t = nndct.sigmoid %x : tensor<1x4x16x16xf32>
  %m = nndct.mul %x, %t : (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) -> tensor<1x4x16x16xf32>
  return %s, %l, %m : tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>
}
}

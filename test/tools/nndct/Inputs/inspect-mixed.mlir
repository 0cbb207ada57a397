// A small quantized model for `nndct inspect` tests: in the region a conv
// (NPU) with its relu fused, a conv whose 11x11 kernel the conv engine does
// not take (CPU, kernel_size), a sigmoid (no integer form) and an add; a
// softmax after the region (outside_region). Names come from the locations;
// two ops share the name "dup" so the view must make them unique.
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @mixed(%x: tensor<1x2x16x16xf32>) -> tensor<1x2x16x16xf32> {
  %r = nndct.region "quant_0" {
    %xf = nndct.fix %x kind <input> round <half_up> bits 8 fp 6 : tensor<1x2x16x16xf32> loc("input_fix")
    %w = nndct.constant dense<0.5> : tensor<2x2x3x3xf32>
    %wf = nndct.fix %w kind <weight> round <std_round> bits 8 fp 7 : tensor<2x2x3x3xf32> loc("conv1.weight")
    %c = nndct.conv2d %xf, %wf {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x16x16xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x16x16xf32> loc("conv1")
    %a = nndct.relu %c : tensor<1x2x16x16xf32> loc("relu1")
    %af = nndct.fix %a kind <activation> round <half_up> bits 8 fp 4 : tensor<1x2x16x16xf32> loc("relu1_fix")
    %w2 = nndct.constant dense<0.25> : tensor<2x2x11x11xf32>
    %w2f = nndct.fix %w2 kind <weight> round <std_round> bits 8 fp 8 : tensor<2x2x11x11xf32> loc("big.weight")
    %b = nndct.conv2d %af, %w2f {pads = array<i64: 5, 5, 5, 5>} : (tensor<1x2x16x16xf32>, tensor<2x2x11x11xf32>) -> tensor<1x2x16x16xf32> loc("big_conv")
    %bf = nndct.fix %b kind <activation> round <half_up> bits 8 : tensor<1x2x16x16xf32> loc("big_fix")
    %s = nndct.sigmoid %bf : tensor<1x2x16x16xf32> loc("dup")
    %sf = nndct.fix %s kind <activation> round <half_up> bits 8 fp 7 : tensor<1x2x16x16xf32> loc("sig_fix")
    %e = nndct.add %af, %sf : (tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>) -> tensor<1x2x16x16xf32> loc("dup")
    %ef = nndct.fix %e kind <activation> round <half_up> bits 8 fp 3 : tensor<1x2x16x16xf32> loc("add_fix")
    nndct.yield %ef : tensor<1x2x16x16xf32>
  } : tensor<1x2x16x16xf32>
  %o = nndct.softmax %r {axis = 1 : i64} : tensor<1x2x16x16xf32> loc("<b>soft\"max</b>")
  return %o : tensor<1x2x16x16xf32>
}
}

// RUN: nndct-opt %s -split-input-file --nndct-place-ops --nndct-legalize-fix-points=strategy=greedy 2>&1 | FileCheck %s --check-prefix=GREEDY
// RUN: not nndct-opt %s -split-input-file --nndct-place-ops --nndct-legalize-fix-points=strategy=greedy --nndct-verify-target 2>&1 | FileCheck %s --check-prefix=VERIFY
// RUN: nndct-opt %s -split-input-file --nndct-place-ops --nndct-legalize-fix-points --nndct-verify-target | FileCheck %s --check-prefix=EXACT
// vai_q_pytorch's one-pass repair against the exact solver.

// A concat chain (5, 6 -> 4, then with 3 -> 4): greedy moves each output
// to one input in turn and never revisits a rule, so two stay broken; exact
// aligns all five fixes.
// GREEDY: warning: loc("k"): nndct-legalize-fix-points (greedy): 2 shift rules are still broken after vai's one-pass repair (strategy=exact solves the rules jointly):
// GREEDY-NEXT: concat 'k': input and output fix points equal (now -1 from c=5 k=6)
// GREEDY-NEXT: concat 'k2': input and output fix points equal (now 3 from k=6 k2=3)
// GREEDY-LABEL: func.func @concat_chain
// VERIFY: error: loc("k"): the fix points break AMD_AIE2_Nx4_Overlay_cfg0's shift rule:
// VERIFY-NEXT: concat 'k': input and output fix points equal (now -1 from c=5 k=6)
// VERIFY: error: loc("k2"): the fix points break
// EXACT-LABEL: func.func @concat_chain
// EXACT-COUNT-5: fp 4 :
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @concat_chain(%x0: tensor<1x2x4x4xf32>, %x1: tensor<1x2x4x4xf32>, %x2: tensor<1x2x4x4xf32>) -> tensor<1x6x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("c")
    %t = nndct.quant_stub %x1 : tensor<1x2x4x4xf32> loc("t")
    %tf = nndct.fix %t kind <input> round <half_up> bits 8 fp 6 : tensor<1x2x4x4xf32> loc("t")
    %u = nndct.quant_stub %x2 : tensor<1x2x4x4xf32> loc("u")
    %uf = nndct.fix %u kind <input> round <half_up> bits 8 fp 3 : tensor<1x2x4x4xf32> loc("u")
    %k = nndct.concat %cf, %tf {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> loc("k")
    %kf = nndct.fix %k kind <activation> round <half_up> bits 8 fp 4 : tensor<1x4x4x4xf32> loc("k")
    %k2 = nndct.concat %kf, %uf {axis = 1 : i64} : (tensor<1x4x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x6x4x4xf32> loc("k2")
    %k2f = nndct.fix %k2 kind <activation> round <half_up> bits 8 fp 4 : tensor<1x6x4x4xf32> loc("k2")
    nndct.yield %k2f : tensor<1x6x4x4xf32>
  } : tensor<1x6x4x4xf32>
  return %r : tensor<1x6x4x4xf32>
}
}

// -----

// shift_cut = 7 + 2 - 12 = -3. Greedy raises the weights' fix point to 10,
// where 0.75 clips to 127/1024; exact keeps the weights and moves the input
// and output fix points (see nndct-legalize-fix-points.mlir).
// GREEDY-LABEL: func.func @conv_cut
// GREEDY: kind <input> {{.*}} fp 2
// GREEDY: kind <weight> {{.*}} fp 10
// GREEDY: nndct.conv2d {{.*}}nndct.shifts = #nndct.shifts<cut = 0, bias = 4>
// GREEDY: kind <activation> {{.*}} fp 12
// EXACT-LABEL: func.func @conv_cut
// EXACT: kind <weight> {{.*}} fp 7
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @conv_cut(%x0: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 2 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 12 : tensor<1x2x4x4xf32> loc("c")
    nndct.yield %cf : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

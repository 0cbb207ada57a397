// RUN: not nndct-opt %s -split-input-file --nndct-place-ops --nndct-legalize-fix-points=max-move=0 2>&1 | FileCheck %s
// Each shift rule broken with no room to move (max-move=0): the error names
// the op, the rule with its range, and the fixes with their values.

// CHECK: error: loc("c"): no fix points satisfy the shift rules of 'AMD_AIE2_Nx4_Overlay_cfg0' within max-move=0: this rule cannot hold; the values are the calibrated fix points:
// CHECK-NEXT: conv2d 'c': shift_cut = w + i - o in [0, 16] (now -3 from c.weight=7 s=2 c=12)
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

// -----

// CHECK: error: loc("c"): no fix points satisfy
// CHECK-NEXT: conv2d 'c': shift_bias = w + i - b <= 15 (now 16 from c.weight=10 s=6 c.bias=0)
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @conv_bias_upper(%x0: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 6 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.05]], [[-0.025]]], [[[0.075]], [[0.0125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 10 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 0 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 8 : tensor<1x2x4x4xf32> loc("c")
    nndct.yield %cf : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

// -----

// CHECK: error: loc("c"): no fix points satisfy
// CHECK-NEXT: conv2d 'c': shift_bias = w + i - b >= min(0, shift_cut - 16): >= 0, or b - o <= 16 (now -8 from c.weight=4 s=0 c.bias=12; now 18 from c.bias=12 c=-6)
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @conv_bias_lower(%x0: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 0 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[5.0]], [[-2.5]]], [[[7.5]], [[1.25]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 4 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.00025, -0.0005]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 12 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp -6 : tensor<1x2x4x4xf32> loc("c")
    nndct.yield %cf : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

// -----

// CHECK: error: loc("c"): no fix points satisfy
// CHECK-NEXT: conv2d 'c': shift_bias = w + i - b >= 0 (a leaky relu follows) (now -3 from c.weight=7 s=2 c.bias=12)
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @conv_leaky(%x0: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 2 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.00025, -0.0005]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 12 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cl = nndct.leaky_relu %c {alpha = 0.1015625 : f32, npu_multiplier = 26 : i64, npu_shift = 8 : i64} : tensor<1x2x4x4xf32> loc("c.act")
    %cf = nndct.fix %cl kind <activation> round <half_up> bits 8 fp 6 : tensor<1x2x4x4xf32> loc("c")
    nndct.yield %cf : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

// -----

// CHECK: error: loc("a"): no fix points satisfy
// CHECK-NEXT: add 'a': shift_read = max(i) - min(i) <= 7 (as i_a - i_b) (now -10 from c=2 t=12)
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @add_read(%x0: tensor<1x2x4x4xf32>, %x1: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 2 : tensor<1x2x4x4xf32> loc("c")
    %t = nndct.quant_stub %x1 : tensor<1x2x4x4xf32> loc("t")
    %tf = nndct.fix %t kind <input> round <half_up> bits 8 fp 12 : tensor<1x2x4x4xf32> loc("t")
    %a = nndct.add %cf, %tf : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("a")
    %af = nndct.fix %a kind <activation> round <half_up> bits 8 fp 1 : tensor<1x2x4x4xf32> loc("a")
    nndct.yield %af : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

// -----

// CHECK: error: loc("a"): no fix points satisfy
// CHECK-NEXT: add 'a': shift_write = min(i) - o >= -7 (now -9 from c=3 a=12)
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @add_write(%x0: tensor<1x2x4x4xf32>, %x1: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 3 : tensor<1x2x4x4xf32> loc("c")
    %t = nndct.quant_stub %x1 : tensor<1x2x4x4xf32> loc("t")
    %tf = nndct.fix %t kind <input> round <half_up> bits 8 fp 3 : tensor<1x2x4x4xf32> loc("t")
    %a = nndct.add %cf, %tf : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("a")
    %af = nndct.fix %a kind <activation> round <half_up> bits 8 fp 12 : tensor<1x2x4x4xf32> loc("a")
    nndct.yield %af : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

// -----

// CHECK: error: loc("m"): no fix points satisfy
// CHECK-NEXT: mul 'm': shift_write = sum(i) - o in [0, 32] (now -3 from c=3 t=2 m=8)
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @mul_write(%x0: tensor<1x2x4x4xf32>, %x1: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 3 : tensor<1x2x4x4xf32> loc("c")
    %t = nndct.quant_stub %x1 : tensor<1x2x4x4xf32> loc("t")
    %tf = nndct.fix %t kind <input> round <half_up> bits 8 fp 2 : tensor<1x2x4x4xf32> loc("t")
    %m = nndct.mul %cf, %tf : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("m")
    %mf = nndct.fix %m kind <activation> round <half_up> bits 8 fp 8 : tensor<1x2x4x4xf32> loc("m")
    nndct.yield %mf : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

// -----

// CHECK: error: loc("h"): no fix points satisfy
// CHECK-NEXT: hard_sigmoid 'h': i in [0, 15] (now -2 from c=-2)
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @hard_sigmoid(%x0: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp -2 : tensor<1x2x4x4xf32> loc("c")
    %h = nndct.hard_sigmoid %cf {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<1x2x4x4xf32> loc("h")
    %hf = nndct.fix %h kind <activation> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("h")
    nndct.yield %hf : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

// -----

// CHECK: error: loc("p"): no fix points satisfy
// CHECK-NEXT: avg_pool2d 'p': input and output fix points equal (now -2 from c=5 p=7)
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @avg_pool(%x0: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("c")
    %p = nndct.avg_pool2d %cf {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> loc("p")
    %pf = nndct.fix %p kind <activation> round <half_up> bits 8 fp 7 : tensor<1x2x2x2xf32> loc("p")
    nndct.yield %pf : tensor<1x2x2x2xf32>
  } : tensor<1x2x2x2xf32>
  return %r : tensor<1x2x2x2xf32>
}
}

// -----

// With max-move=1 the concat's inputs at 5 and 8 cannot meet: both
// equalities are needed for the conflict (a minimal core, not a dump).
// RUN: not nndct-opt %s -split-input-file --nndct-place-ops --nndct-legalize-fix-points=max-move=1 2>&1 | FileCheck %s --check-prefix=CORE
// CORE: error: loc("k"): no fix points satisfy the shift rules of 'AMD_AIE2_Nx4_Overlay_cfg0' within max-move=1: these 2 rules conflict (each one is needed for the conflict); the values are the calibrated fix points:
// CORE-NEXT: concat 'k': input and output fix points equal (now -1 from c=5 k=6)
// CORE-NEXT: concat 'k': input and output fix points equal (now 2 from t=8 k=6)
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @concat_core(%x0: tensor<1x2x4x4xf32>, %x1: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
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
    %tf = nndct.fix %t kind <input> round <half_up> bits 8 fp 8 : tensor<1x2x4x4xf32> loc("t")
    %k = nndct.concat %cf, %tf {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> loc("k")
    %kf = nndct.fix %k kind <activation> round <half_up> bits 8 fp 6 : tensor<1x4x4x4xf32> loc("k")
    nndct.yield %kf : tensor<1x4x4x4xf32>
  } : tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}
}

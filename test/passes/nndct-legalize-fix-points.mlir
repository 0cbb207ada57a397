// RUN: nndct-opt %s -split-input-file --nndct-place-ops --nndct-legalize-fix-points --nndct-verify-target | FileCheck %s
// One case per shift rule of AIE2 (ir/TargetModel.cpp): fix points that
// break it are repaired at the least total cost, and nndct-verify-target
// then passes. Conflicts are in nndct-legalize-fix-points-invalid.mlir,
// greedy against exact in nndct-legalize-fix-points-greedy.mlir.

// Rules that hold keep every fix point; the conv carries its shifts.
// CHECK-LABEL: func.func @conv_legal
// CHECK: kind <input> {{.*}} fp 5
// CHECK: kind <weight> {{.*}} fp 7
// CHECK: kind <bias> {{.*}} fp 8
// CHECK: nndct.conv2d {{.*}}nndct.shifts = #nndct.shifts<cut = 8, bias = 4>
// CHECK: kind <activation> {{.*}} fp 4
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @conv_legal(%x0: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 4 : tensor<1x2x4x4xf32> loc("c")
    nndct.yield %cf : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

// -----

// shift_cut = 7 + 2 - 12 = -3: the cheapest legal point moves the input up
// one step and the output down two (each step of a fix point without
// recorded errors costs 4x the noise; the weights' own data makes moving
// them dearer: 0.75 clips above fix point 7).
// CHECK-LABEL: func.func @conv_cut
// CHECK: kind <input> {{.*}} fp 3
// CHECK: kind <weight> {{.*}} fp 7
// CHECK: nndct.conv2d {{.*}}nndct.shifts = #nndct.shifts<cut = 0, bias = 2>
// CHECK: kind <activation> {{.*}} fp 10
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

// The same conv with the output noise nndct-measure-output-noise would
// record: the input's coarser fix point costs the network output 10 %
// NSR, the output's finer ones almost nothing (beyond the measured range,
// scaled along the tensor's own error), so all three steps go to the
// output fix point.
// CHECK-LABEL: func.func @conv_cut_measured
// CHECK: kind <input> {{.*}} fp 2
// CHECK: kind <weight> {{.*}} fp 7
// CHECK: nndct.conv2d {{.*}}nndct.shifts = #nndct.shifts<cut = 0, bias = 1>
// CHECK: kind <activation> {{.*}} fp 9
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @conv_cut_measured(%x0: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 2 {nndct.output_noise = {fix_point = 2 : i64, nsr = array<f64: 0.4, 0.2, 0.01, 0.1, 0.3>}} : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 12 {nndct.output_noise = {fix_point = 12 : i64, nsr = array<f64: 2.0e-6, 1.0e-6, 1.0e-6, 1.0e-6, 1.0e-6>}} : tensor<1x2x4x4xf32> loc("c")
    nndct.yield %cf : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

// -----

// shift_bias = 10 + 6 - 0 = 16 > 15: the bias (whose values are exact at
// every finer fix point) moves one step.
// CHECK-LABEL: func.func @conv_bias_upper
// CHECK: kind <bias> {{.*}} fp 1
// CHECK: nndct.conv2d {{.*}}nndct.shifts = #nndct.shifts<cut = 8, bias = 15>
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

// shift_bias = 4 - 12 = -8 below min(0, shift_cut - 16) = -6: the tiny
// bias would round to zero at a coarser fix point, so the output moves.
// CHECK-LABEL: func.func @conv_bias_lower
// CHECK: kind <bias> {{.*}} fp 12
// CHECK: nndct.conv2d {{.*}}nndct.shifts = #nndct.shifts<cut = 8, bias = -8>
// CHECK: kind <activation> {{.*}} fp -4
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

// With a leaky relu applied on the accumulator, shift_bias >= 0:
// 7 + 2 - 12 = -3 is repaired on the input (the bias is tiny again).
// CHECK-LABEL: func.func @conv_leaky
// CHECK: kind <input> {{.*}} fp 5
// CHECK: kind <bias> {{.*}} fp 12
// CHECK: nndct.conv2d {{.*}}nndct.shifts = #nndct.shifts<cut = 6, bias = 0>
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

// add inputs at 2 and 12: shift_read = 10 > 7.
// CHECK-LABEL: func.func @add_read
// CHECK: nndct.conv2d {{.*}}nndct.shifts = #nndct.shifts<cut = 9, bias = 4>
// CHECK: kind <activation> {{.*}} fp 3
// CHECK: kind <input> {{.*}} fp 10
// CHECK: nndct.add {{.*}}nndct.shifts = #nndct.shifts<read = 7, write = 2>
// CHECK: kind <activation> {{.*}} fp 1
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

// add inputs at 3 and 3, output at 12: shift_write = -9 < -7.
// CHECK-LABEL: func.func @add_write
// CHECK: nndct.add {{.*}}nndct.shifts = #nndct.shifts<read = 0, write = -7>
// CHECK: kind <activation> {{.*}} fp 11
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

// mul inputs at 3 and 2, output at 8: shift_write = -3 < 0.
// CHECK-LABEL: func.func @mul_write
// CHECK: nndct.mul {{.*}}nndct.shifts = #nndct.shifts<write = 0>
// CHECK: kind <activation> {{.*}} fp 7
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

// Hard sigmoid: its input fix point -2 below 0, its output 5 below 7.
// CHECK-LABEL: func.func @hard_sigmoid
// CHECK: nndct.conv2d {{.*}}nndct.shifts = #nndct.shifts<cut = 12, bias = 4>
// CHECK: kind <activation> {{.*}} fp 0
// CHECK: nndct.hard_sigmoid
// CHECK-NOT: nndct.shifts
// CHECK: kind <activation> {{.*}} fp 7
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

// A chain of concats: 5, 6 -> 4, then with 3 -> 4; every input and
// output becomes one fix point.
// CHECK-LABEL: func.func @concat_chain
// CHECK-COUNT-5: fp 4 :
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

// AIE2 average pools write at their input's fix point: 5 and 7 meet.
// CHECK-LABEL: func.func @avg_pool
// CHECK: kind <activation> {{.*}} fp 6
// CHECK: nndct.avg_pool2d
// CHECK: kind <activation> {{.*}} fp 6
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

// The hard sigmoid window 14 + i - o in (0, 31]: i - o = 0 - 15 = -15.
// Moving both by one step is cheaper than one by two.
// CHECK-LABEL: func.func @hard_sigmoid_window
// CHECK: kind <activation> {{.*}} fp 1
// CHECK: nndct.hard_sigmoid
// CHECK: kind <activation> {{.*}} fp 14
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @hard_sigmoid_window(%x0: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %r = nndct.region "quant_0" {
    %s = nndct.quant_stub %x0 : tensor<1x2x4x4xf32> loc("s")
    %sf = nndct.fix %s kind <input> round <half_up> bits 8 fp 5 : tensor<1x2x4x4xf32> loc("s")
    %cw = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32> loc("c.weight")
    %cwf = nndct.fix %cw kind <weight> round <half_even> bits 8 fp 7 : tensor<2x2x1x1xf32> loc("c.weight")
    %cb = nndct.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("c.bias")
    %cbf = nndct.fix %cb kind <bias> round <half_even> bits 8 fp 8 : tensor<2xf32> loc("c.bias")
    %c = nndct.conv2d %sf, %cwf, %cbf : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("c")
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 0 : tensor<1x2x4x4xf32> loc("c")
    %h = nndct.hard_sigmoid %cf {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<1x2x4x4xf32> loc("h")
    %hf = nndct.fix %h kind <activation> round <half_up> bits 8 fp 15 : tensor<1x2x4x4xf32> loc("h")
    nndct.yield %hf : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
}

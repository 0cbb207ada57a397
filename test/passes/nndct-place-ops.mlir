// RUN: nndct-opt %s -split-input-file --nndct-place-ops | FileCheck %s

// A conv with its relu fused, a pool and a reshape run in one NPU subgraph;
// the softmax after the region is outside any quantized region.
// CHECK-LABEL: func.func @npu_chain
// CHECK: nndct.conv2d {{.*}}nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>
// CHECK: nndct.relu {{.*}}#nndct.placement<device = npu, engine = "conv", subgraph = 0>
// CHECK: nndct.max_pool2d {{.*}}#nndct.placement<device = npu, engine = "pool", subgraph = 0>
// CHECK: nndct.reshape {{.*}}#nndct.placement<device = npu, engine = "data_movement", subgraph = 0>
// CHECK: nndct.softmax {{.*}}#nndct.placement<device = cpu, reason = outside_region, message = "softmax: not in a quantized region", subgraph = 1>
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {
func.func @npu_chain(%x: tensor<1x2x8x8xf32>) -> tensor<1x32xf32> {
  %r = nndct.region "quant_0" {
    %w = nndct.constant dense<1.0> : tensor<2x2x3x3xf32>
    %c = nndct.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x8xf32>
    %a = nndct.relu %c : tensor<1x2x8x8xf32>
    %p = nndct.max_pool2d %a {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32>
    %f = nndct.reshape %p : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32>
    nndct.yield %f : tensor<1x32xf32>
  } : tensor<1x32xf32>
  %s = nndct.softmax %r {axis = 1 : i64} : tensor<1x32xf32>
  return %s : tensor<1x32xf32>
}
}

// An op placed on the NPU that XIR cannot express is an error naming the
// node and the reason: only CPU ops become custom ops. The placements are
// written here (no --xmodel-target) as a faulty placement pass would.
// RUN: nndct-translate --export-xmodel %s -verify-diagnostics -o /dev/null

func.func @main(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = nndct.region "quant_0" {
    %q = nndct.quant_stub %x {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<1x4x4x4xf32>
    %qf = nndct.fix %q kind <input> round <half_up> bits 8 fp 5 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<1x4x4x4xf32>
    %w = nndct.constant dense<1.0> : tensor<4x2x1x1xf32>
    %wf = nndct.fix %w kind <weight> round <half_even> bits 8 fp 6 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<4x2x1x1xf32>
    // expected-error @+1 {{cannot export node 'conv2d' ('nndct.conv2d') to XIR: grouped convolution (groups = 2) has no XIR 2.5 op; only groups = 1 and depthwise (groups = C = O) are expressible; it is placed on the NPU, where no custom op can run it}}
    %c = nndct.conv2d %qf, %wf {groups = 2 : i64, nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : (tensor<1x4x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
    %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 4 {nndct.placement = #nndct.placement<device = npu, engine = "conv", subgraph = 0>} : tensor<1x4x4x4xf32>
    nndct.yield %cf : tensor<1x4x4x4xf32>
  } : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

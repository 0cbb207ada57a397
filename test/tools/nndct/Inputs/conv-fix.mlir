func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = nndct.constant dense<[[[[0.7]]]]> : tensor<1x1x1x1xf32>
  %wf = nndct.fix %w kind <weight> round <std_round> bits 8 fp 7 : tensor<1x1x1x1xf32>
  %y = nndct.conv2d %x, %wf : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %r = nndct.relu %y : tensor<1x1x2x2xf32>
  %f = nndct.fix %r kind <activation> round <half_up> bits 8 fp 4 : tensor<1x1x2x2xf32>
  return %f : tensor<1x1x2x2xf32>
}


// conv -> relu is one group: one fix after the relu; weights and bias get
// std_round fixes; the network input gets an input fix.
func.func @conv_relu(%x: tensor<1x3x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nndct.region "quant_0" {
    %w = nndct.constant dense<0.5> : tensor<2x3x1x1xf32>
    %b = nndct.constant dense<0.1> : tensor<2xf32>
    %c = nndct.conv2d %x, %w, %b : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    %r = nndct.relu %c : tensor<1x2x4x4xf32>
    nndct.yield %r : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// Two heads: a conv then SiLU, and a conv then sigmoid; what --convert-silu,
// --convert-sigmoid and convert_silu_to_hswish act on.
func.func @main(%x: tensor<1x2x8x8xf32>) -> (tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) {
  %w = nndct.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[0.125]]]]> : tensor<2x2x1x1xf32>
  %b = nndct.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %c0 = nndct.conv2d %x, %w, %b : (tensor<1x2x8x8xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32> loc("conv0")
  %s0 = nndct.silu %c0 : tensor<1x2x8x8xf32> loc("act0")
  %c1 = nndct.conv2d %x, %w, %b : (tensor<1x2x8x8xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32> loc("conv1")
  %y = nndct.sigmoid %c1 : tensor<1x2x8x8xf32> loc("head")
  return %s0, %y : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>
}

// Ops and fixes XIR cannot express are errors at the op, and no file is
// written (named nodes are checked in export-partial.test).

func.func @main(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32> {
  %wc = nndct.constant dense<1.0> : tensor<4x2x1x1xf32>
  // expected-error @+1 {{cannot export node 'conv2d' ('nndct.conv2d') to XIR: grouped convolution (groups = 2) has no XIR 2.5 op; only groups = 1 and depthwise (groups = C = O) are expressible}}
  %y = nndct.conv2d %x, %wc {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

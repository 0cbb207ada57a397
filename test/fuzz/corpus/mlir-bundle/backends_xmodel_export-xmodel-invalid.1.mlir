
func.func @main(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %s = nndct.constant dense<0.25> : tensor<4x1x1xf32>
  // expected-error @+1 {{cannot export node 'prelu' ('nndct.prelu') to XIR: XIR 2.5 has no prelu op}}
  %y = nndct.prelu %x, %s : (tensor<1x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

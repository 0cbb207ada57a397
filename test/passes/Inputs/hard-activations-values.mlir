// Hard swish and hard sigmoid as arithmetic, for the canonicalization's
// value check (test/passes/nndct-canonicalize-hard-activations-values.test).
func.func @main(%x: tensor<1x8x4x4xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  %three = nndct.constant dense<3.0> : tensor<f32>
  %six = nndct.constant dense<6.0> : tensor<f32>
  %sixth = nndct.constant dense<0.166666672> : tensor<1xf32>
  %a = nndct.add %x, %three : (tensor<1x8x4x4xf32>, tensor<f32>) -> tensor<1x8x4x4xf32>
  %r = nndct.clamp %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8x4x4xf32>
  %m = nndct.mul %x, %r : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %swish = nndct.div %m, %six : (tensor<1x8x4x4xf32>, tensor<f32>) -> tensor<1x8x4x4xf32>
  %sigmoid = nndct.div %r, %six : (tensor<1x8x4x4xf32>, tensor<f32>) -> tensor<1x8x4x4xf32>
  %rs = nndct.mul %r, %sixth : (tensor<1x8x4x4xf32>, tensor<1xf32>) -> tensor<1x8x4x4xf32>
  %swish2 = nndct.mul %rs, %x : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %swish, %sigmoid, %swish2 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}

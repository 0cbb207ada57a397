// Every exponential and smooth activation once, each on the input
// (test/backends/onnx/activation-ops.test).
func.func @main(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  %e = nndct.elu %x {alpha = 0.5 : f32} : tensor<2x8xf32>
  %s = nndct.selu %x : tensor<2x8xf32>
  %c = nndct.celu %x {alpha = 2.0 : f32} : tensor<2x8xf32>
  %t = nndct.thresholded_relu %x {alpha = 0.25 : f32} : tensor<2x8xf32>
  %p = nndct.softplus %x : tensor<2x8xf32>
  %g = nndct.softsign %x : tensor<2x8xf32>
  %k = nndct.shrink %x {bias = 0.25 : f32, lambd = 0.75 : f32} : tensor<2x8xf32>
  return %e, %s, %c, %t, %p, %g, %k : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}

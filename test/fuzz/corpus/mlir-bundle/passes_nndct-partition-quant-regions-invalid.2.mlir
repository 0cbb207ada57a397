
func.func @negative_batch_norm_in_region(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %q = nndct.quant_stub %x : tensor<1x2x4x4xf32>
  %g = nndct.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{'nndct.batch_norm' cannot be in a quantized region: batch_norm must be folded first}}
  %y = nndct.batch_norm %q, %g, %g, %g, %g : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %d = nndct.dequant_stub %y : tensor<1x2x4x4xf32>
  return %d : tensor<1x2x4x4xf32>
}

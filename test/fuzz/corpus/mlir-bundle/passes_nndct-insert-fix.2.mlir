
// A float op inside a region gets no fix; a quantized op reading it gets an
// input fix. Ops outside regions get nothing.
func.func @float_inside(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = nndct.region "quant_0" {
    %s = nndct.sigmoid %x : tensor<1x1x4x4xf32>
    %p = nndct.max_pool2d %s {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
    nndct.yield %p : tensor<1x1x2x2xf32>
  } : tensor<1x1x2x2xf32>
  %t = nndct.tanh %0 : tensor<1x1x2x2xf32>
  return %t : tensor<1x1x2x2xf32>
}
// Two functions with a body and no @main: no tool or pass may guess.
func.func @first(%x: tensor<1x1x4xf32>) -> tensor<1x1x4xf32> {
  %0 = nndct.region "quant_0" {
    %f = nndct.fix %x kind <input> round <half_up> bits 8 : tensor<1x1x4xf32>
    %r = nndct.relu %f : tensor<1x1x4xf32>
    %g = nndct.fix %r kind <activation> round <half_up> bits 8 : tensor<1x1x4xf32>
    nndct.yield %g : tensor<1x1x4xf32>
  } : tensor<1x1x4xf32>
  return %0 : tensor<1x1x4xf32>
}
func.func @second(%x: tensor<1x1x4xf32>) -> tensor<1x1x4xf32> {
  %r = nndct.relu %x : tensor<1x1x4xf32>
  return %r : tensor<1x1x4xf32>
}

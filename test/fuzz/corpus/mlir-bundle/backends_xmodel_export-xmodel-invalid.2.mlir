
func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %r = nndct.relu %x : tensor<1x8xf32>
  // expected-error @+1 {{nndct.fix of node 'fix' has no fix point: run nndct-assign-fix-points (calibration) before exporting an xmodel}}
  %f = nndct.fix %r kind <activation> round <half_up> bits 8 : tensor<1x8xf32>
  return %f : tensor<1x8xf32>
}

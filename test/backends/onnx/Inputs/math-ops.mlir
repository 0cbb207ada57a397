// Every float math op once (test/backends/onnx/math-ops.test).
func.func @main(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %a = nndct.abs %x : tensor<1x4xf32>
  %s = nndct.sqrt %a : tensor<1x4xf32>
  %e = nndct.exp %s : tensor<1x4xf32>
  %l = nndct.log %e : tensor<1x4xf32>
  %r = nndct.erf %l : tensor<1x4xf32>
  %f = nndct.floor %r : tensor<1x4xf32>
  %c = nndct.ceil %y : tensor<1x4xf32>
  %o = nndct.round %c : tensor<1x4xf32>
  %p = nndct.pow %o, %f : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %p : tensor<1x4xf32>
}

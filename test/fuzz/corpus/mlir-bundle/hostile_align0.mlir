func.func @main(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = nndct.constant dense_resource<blob> : tensor<1x4xf32>
  %1 = nndct.add %arg0, %0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      blob: "0x000000000000803F0000004000004040000080400000"
    }
  }
#-}

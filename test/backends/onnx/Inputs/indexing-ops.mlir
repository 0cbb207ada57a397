// Expand, tile and the gather/scatter family on runtime data, with negative
// indices (test/backends/onnx/indexing-ops.test).
func.func @main(%x: tensor<2x3x4xf32>, %row: tensor<1x4xf32>)
    -> (tensor<2x3x4xf32>, tensor<2x6x4xf32>, tensor<2x2x2x4xf32>,
        tensor<2x3x2xf32>, tensor<2x4xf32>, tensor<2x3x4xf32>,
        tensor<2x3x4xf32>) {
  %e = nndct.expand %row : (tensor<1x4xf32>) -> tensor<2x3x4xf32>
  %ex = nndct.add %e, %x : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %t = nndct.tile %x {repeats = array<i64: 1, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x6x4xf32>
  %gi = nndct.constant dense<[[2, -1], [0, -3]]> : tensor<2x2xi64>
  %g = nndct.gather %x, %gi {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x2x2x4xf32>
  %ei = nndct.constant dense<[[[3, 0], [-1, 1], [2, 2]], [[0, -4], [1, 3], [-2, 0]]]> : tensor<2x3x2xi64>
  %ge = nndct.gather_elements %x, %ei {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<2x3x2xi64>) -> tensor<2x3x2xf32>
  %ni = nndct.constant dense<[[0, 2], [1, -1]]> : tensor<2x2xi64>
  %gn = nndct.gather_nd %x, %ni : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x4xf32>
  %si = nndct.constant dense<[[1, 0], [0, -1]]> : tensor<2x2xi64>
  %sn = nndct.scatter_nd %x, %si, %gn : (tensor<2x3x4xf32>, tensor<2x2xi64>, tensor<2x4xf32>) -> tensor<2x3x4xf32>
  %ci = nndct.constant dense<[[[1], [-1], [0]], [[3], [2], [-4]]]> : tensor<2x3x1xi64>
  %cu = nndct.slice %ge {starts = array<i64: 0, 0, 0>, ends = array<i64: 2, 3, 1>, steps = array<i64: 1, 1, 1>} : (tensor<2x3x2xf32>) -> tensor<2x3x1xf32>
  %se = nndct.scatter_elements %x, %ci, %cu {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<2x3x1xi64>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
  return %ex, %t, %g, %ge, %gn, %sn, %se : tensor<2x3x4xf32>, tensor<2x6x4xf32>, tensor<2x2x2x4xf32>, tensor<2x3x2xf32>, tensor<2x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// Float ops with an XIR 2.5 op of their own (CPU, no region), and the same
// kinds with attribute values XIR's op cannot take, which become custom ops
// (test/backends/xmodel/export-custom-ops.test).
func.func @main(%x: tensor<1x2x3x4xf32> {nndct.name = "x"}, %y: tensor<1x2x3x4xf32> {nndct.name = "y"}) -> (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>, tensor<1x1x3x4xf32>) {
  %e = nndct.elu %x {alpha = 0.5 : f32} : tensor<1x2x3x4xf32> loc("elu")
  %c = nndct.celu %e {alpha = 2.0 : f32} : tensor<1x2x3x4xf32> loc("celu")
  %s = nndct.selu %c : tensor<1x2x3x4xf32> loc("selu")
  %s2 = nndct.selu %s {alpha = 1.5 : f32} : tensor<1x2x3x4xf32> loc("selu_custom")
  %ex = nndct.exp %s2 : tensor<1x2x3x4xf32> loc("exp")
  %n = nndct.neg %ex : tensor<1x2x3x4xf32> loc("neg")
  %mn = nndct.min %n, %y : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> loc("min")
  %mx = nndct.max %mn, %y : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> loc("max")
  %cl = nndct.clamp %mx {min = -1.0 : f32, max = 1.0 : f32} : tensor<1x2x3x4xf32> loc("clamp")
  %p = nndct.reduce_prod %cl {axes = array<i64: 1>, keepdims = true} : (tensor<1x2x3x4xf32>) -> tensor<1x1x3x4xf32> loc("prod")
  return %mx, %cl, %p : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>, tensor<1x1x3x4xf32>
}

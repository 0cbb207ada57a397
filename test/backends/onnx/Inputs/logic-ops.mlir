// Comparison, logic, where, casts, integer arithmetic and the elementwise
// math of issue 15 (test/backends/onnx/logic-ops.test). Inputs and outputs
// are float; the integer and bool tensors live inside.
func.func @main(%x: tensor<2x4xf32>, %y: tensor<1x4xf32>)
    -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  // Comparisons and logic into a where.
  %eq = nndct.equal %x, %y : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xi1>
  %gt = nndct.greater %x, %y : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xi1>
  %ge = nndct.greater_equal %x, %y : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xi1>
  %lt = nndct.less %x, %y : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xi1>
  %le = nndct.less_equal %x, %y : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xi1>
  %and = nndct.logical_and %ge, %le : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  %or = nndct.logical_or %and, %lt : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  %xor = nndct.logical_xor %or, %gt : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  %not = nndct.logical_not %xor : tensor<2x4xi1>
  %nan = nndct.is_nan %x : (tensor<2x4xf32>) -> tensor<2x4xi1>
  %inf = nndct.is_inf %x {detect_negative = false} : (tensor<2x4xf32>) -> tensor<2x4xi1>
  %m0 = nndct.logical_or %not, %nan : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  %m1 = nndct.logical_or %m0, %inf : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  %m2 = nndct.logical_xor %m1, %eq : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  %w = nndct.where %m2, %x, %y : (tensor<2x4xi1>, tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>

  // uint8: |x| * 80 in [0, 240], doubled with wrap-around, clipped, padded
  // and max-pooled as uint8.
  %k80 = nndct.constant dense<80.0> : tensor<f32>
  %ax = nndct.abs %x : tensor<2x4xf32>
  %s8 = nndct.mul %ax, %k80 : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %u = nndct.cast %s8 : (tensor<2x4xf32>) -> tensor<2x4xui8>
  %u2 = nndct.add %u, %u : (tensor<2x4xui8>, tensor<2x4xui8>) -> tensor<2x4xui8>
  %uc = nndct.clamp %u2 {min = 10.0 : f32, max = 200.0 : f32} : tensor<2x4xui8>
  %u4 = nndct.reshape %uc : (tensor<2x4xui8>) -> tensor<1x1x2x4xui8>
  %up = nndct.pad %u4 {pads = array<i64: 0, 0, 0, 1, 0, 0, 0, 1>, value = 7.0 : f32} : (tensor<1x1x2x4xui8>) -> tensor<1x1x2x6xui8>
  %mp = nndct.max_pool2d %up {kernel_size = array<i64: 1, 3>, strides = array<i64: 1, 1>} : (tensor<1x1x2x6xui8>) -> tensor<1x1x2x4xui8>
  %ur = nndct.reshape %mp : (tensor<1x1x2x4xui8>) -> tensor<2x4xui8>
  %uf = nndct.cast %ur : (tensor<2x4xui8>) -> tensor<2x4xf32>

  // int32: x * 10 truncated; division truncates, mod takes the divisor's
  // sign; neg, sign, abs, min, max, sub, pow.
  %k10 = nndct.constant dense<10.0> : tensor<f32>
  %s32 = nndct.mul %x, %k10 : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %i = nndct.cast %s32 : (tensor<2x4xf32>) -> tensor<2x4xi32>
  %k3 = nndct.constant dense<[3, -3, 4, -4]> : tensor<4xi32>
  %q = nndct.div %i, %k3 : (tensor<2x4xi32>, tensor<4xi32>) -> tensor<2x4xi32>
  %r = nndct.mod %i, %k3 : (tensor<2x4xi32>, tensor<4xi32>) -> tensor<2x4xi32>
  %ng = nndct.neg %q : tensor<2x4xi32>
  %sg = nndct.sign %i : tensor<2x4xi32>
  %ab = nndct.abs %r : tensor<2x4xi32>
  %mn = nndct.min %ng, %ab : (tensor<2x4xi32>, tensor<2x4xi32>) -> tensor<2x4xi32>
  %mx = nndct.max %mn, %sg : (tensor<2x4xi32>, tensor<2x4xi32>) -> tensor<2x4xi32>
  %sb = nndct.sub %mx, %r : (tensor<2x4xi32>, tensor<2x4xi32>) -> tensor<2x4xi32>
  %k2 = nndct.constant dense<2> : tensor<i32>
  %pw = nndct.pow %sb, %k2 : (tensor<2x4xi32>, tensor<i32>) -> tensor<2x4xi32>
  %i64 = nndct.cast %pw : (tensor<2x4xi32>) -> tensor<2x4xi64>
  %if = nndct.cast %i64 : (tensor<2x4xi64>) -> tensor<2x4xf32>

  // Float math.
  %neg = nndct.neg %x : tensor<2x4xf32>
  %rec = nndct.reciprocal %y : tensor<1x4xf32>
  %sgn = nndct.sign %neg : tensor<2x4xf32>
  %sin = nndct.sin %x : tensor<2x4xf32>
  %cos = nndct.cos %x : tensor<2x4xf32>
  %tan = nndct.tan %sin : tensor<2x4xf32>
  %asin = nndct.asin %sin : tensor<2x4xf32>
  %acos = nndct.acos %sin : tensor<2x4xf32>
  %atan = nndct.atan %x : tensor<2x4xf32>
  %sinh = nndct.sinh %x : tensor<2x4xf32>
  %cosh = nndct.cosh %x : tensor<2x4xf32>
  %asinh = nndct.asinh %x : tensor<2x4xf32>
  %acosh = nndct.acosh %cosh : tensor<2x4xf32>
  %half = nndct.constant dense<0.5> : tensor<f32>
  %sh = nndct.mul %sin, %half : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %atanh = nndct.atanh %sh : tensor<2x4xf32>
  %f0 = nndct.add %neg, %sgn : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %f1 = nndct.mul %f0, %rec : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  %f2 = nndct.add %f1, %cos : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %f3 = nndct.add %f2, %tan : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %f4 = nndct.sub %f3, %asin : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %f5 = nndct.add %f4, %acos : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %f6 = nndct.max %f5, %atan : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %f7 = nndct.min %f6, %sinh : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %f8 = nndct.add %f7, %asinh : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %f9 = nndct.add %f8, %acosh : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %fa = nndct.add %f9, %atanh : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %fb = nndct.mod %fa, %y {fmod = true} : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  return %w, %uf, %if, %fb : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

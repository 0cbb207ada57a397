// CPU ops XIR 2.5 has no op for, in a quantized region: a 4-D layer norm
// (its axis counts NCHW dims), Paddle's hard sigmoid (alpha 0.2), erf, a
// two-result top_k and a gather by constant indices
// (test/backends/xmodel/export-custom-ops.test).
module {
  func.func @main(%x: tensor<1x4x6x6xf32> {nndct.name = "image"}) -> (tensor<1x4x6x6xf32>, tensor<1x4x6x2xf32>, tensor<1x4x6x2xi64>, tensor<1x4x2x6xf32>) {
    %r:4 = nndct.region "quant_0" {
      %q = nndct.quant_stub %x : tensor<1x4x6x6xf32> loc("stub")
      %qf = nndct.fix %q kind <input> round <half_up> bits 8 fp 5 : tensor<1x4x6x6xf32> loc("stub")
      %w = nndct.constant dense<0.5> : tensor<4x4x1x1xf32> loc("conv.weight")
      %wf = nndct.fix %w kind <weight> round <half_even> bits 8 fp 7 : tensor<4x4x1x1xf32> loc("conv.weight")
      %c = nndct.conv2d %qf, %wf : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32> loc("conv")
      %cf = nndct.fix %c kind <activation> round <half_up> bits 8 fp 4 : tensor<1x4x6x6xf32> loc("conv")
      %g = nndct.constant dense<1.5> : tensor<6xf32> loc("norm.weight")
      %n = nndct.layer_norm %cf, %g {axis = 3 : i64, epsilon = 1.0e-03 : f32} : (tensor<1x4x6x6xf32>, tensor<6xf32>) -> tensor<1x4x6x6xf32> loc("norm")
      %nf = nndct.fix %n kind <activation> round <half_up> bits 8 fp 5 : tensor<1x4x6x6xf32> loc("norm")
      %h = nndct.hard_sigmoid %nf {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : tensor<1x4x6x6xf32> loc("p2o.HardSigmoid.0")
      %e = nndct.erf %h : tensor<1x4x6x6xf32> loc("erf")
      %v, %i = nndct.top_k %e {axis = 3 : i64, k = 2 : i64} : (tensor<1x4x6x6xf32>) -> (tensor<1x4x6x2xf32>, tensor<1x4x6x2xi64>) loc("best")
      %idx = nndct.constant dense<[0, 5]> : tensor<2xi64> loc("rows")
      %rows = nndct.gather %e, %idx {axis = 2 : i64} : (tensor<1x4x6x6xf32>, tensor<2xi64>) -> tensor<1x4x2x6xf32> loc("pick")
      nndct.yield %e, %v, %i, %rows : tensor<1x4x6x6xf32>, tensor<1x4x6x2xf32>, tensor<1x4x6x2xi64>, tensor<1x4x2x6xf32>
    } : tensor<1x4x6x6xf32>, tensor<1x4x6x2xf32>, tensor<1x4x6x2xi64>, tensor<1x4x2x6xf32>
    return %r#0, %r#1, %r#2, %r#3 : tensor<1x4x6x6xf32>, tensor<1x4x6x2xf32>, tensor<1x4x6x2xi64>, tensor<1x4x2x6xf32>
  }
}

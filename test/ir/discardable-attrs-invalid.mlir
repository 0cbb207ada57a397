// RUN: nndct-opt %s -split-input-file -verify-diagnostics
// The dialect's discardable attributes (NNDCTDialect.td): each where it
// belongs and of its kind; no other nndct.* attribute exists.

// expected-error @+1 {{unknown nndct attribute 'nndct.layer'}}
module attributes {nndct.layer = 1 : i64} {}

// -----
// expected-error @+1 {{'nndct.target' must be a #nndct.target}}
module attributes {nndct.target = "AMD_AIE2_Nx4_Overlay_cfg0"} {}

// -----
// expected-error @+1 {{'nndct.bias_corrected' must be a unit attribute}}
module attributes {nndct.bias_corrected = true} {}

// -----
// expected-error @+1 {{'nndct.onnx_opset' must be an integer}}
module attributes {nndct.onnx_opset = "13"} {}

// -----
func.func @target_on_an_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nndct.target' belongs on the module, not on 'nndct.relu'}}
  %0 = nndct.relu %x {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----
func.func @name_on_an_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nndct.name' names function arguments and results}}
  %0 = nndct.relu %x {nndct.name = "relu1"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----
// expected-error @+1 {{'nndct.name' of a function argument must be a string}}
func.func @name_not_a_string(%x: tensor<4xf32> {nndct.name = 3 : i64}) {
  return
}

// -----
// expected-error @+1 {{unknown nndct attribute 'nndct.scale' on a function result}}
func.func @unknown_result_attr(%x: tensor<4xf32>) -> (tensor<4xf32> {nndct.scale = 1.0 : f32}) {
  return %x : tensor<4xf32>
}

// -----
// The attributes as the tools write them verify.
module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">,
                   nndct.onnx_opset = 13 : i64, nndct.producer = "pytorch",
                   nndct.bias_corrected, nndct.fast_finetuned} {
  func.func @main(%x: tensor<4xf32> {nndct.name = "x"}) -> (tensor<4xf32> {nndct.name = "y"}) {
    return %x : tensor<4xf32>
  }
}

// -----
func.func @output_noise_not_on_a_fix(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nndct.output_noise' is for nndct.fix}}
  %0 = nndct.relu %x {nndct.output_noise = {fix_point = 3 : i64, nsr = array<f64: 0.0>}} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----
func.func @output_noise_even(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nndct.output_noise' must be {fix_point = <int>, nsr = array<f64: ...>} with an odd number of values}}
  %0 = nndct.fix %x kind <activation> round <half_up> bits 8 fp 3 {nndct.output_noise = {fix_point = 3 : i64, nsr = array<f64: 0.0, 0.1>}} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----
func.func @output_noise_negative(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nndct.output_noise' values must be finite and >= 0}}
  %0 = nndct.fix %x kind <activation> round <half_up> bits 8 fp 3 {nndct.output_noise = {fix_point = 3 : i64, nsr = array<f64: -1.0>}} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

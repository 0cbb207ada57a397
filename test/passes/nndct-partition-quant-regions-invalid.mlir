// RUN: nndct-opt %s --split-input-file --verify-diagnostics --nndct-partition-quant-regions
// RUN: not nndct-opt %s --split-input-file --nndct-partition-quant-regions="quant-begin=nope" 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: error: quant-begin: no tensor named 'nope' in @negative_unquantizable

func.func @negative_dequant_without_quant(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %r = nndct.relu %x : tensor<1x8xf32>
  // expected-error @+1 {{dequant_stub is not reachable from any quant_stub}}
  %d = nndct.dequant_stub %r : tensor<1x8xf32>
  return %d : tensor<1x8xf32>
}

// -----

func.func @negative_unquantizable(%x: tensor<1x8xi8>) -> tensor<1x8xf32> {
  %s = nndct.constant dense<0.5> : tensor<f32>
  %z = nndct.constant dense<0> : tensor<i8>
  // expected-error @+1 {{'nndct.dequantize_linear' cannot be in a quantized region: it is already quantized}}
  %d = nndct.dequantize_linear %x, %s, %z : (tensor<1x8xi8>, tensor<f32>, tensor<i8>) -> tensor<1x8xf32>
  %r = nndct.relu %d : tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}

// -----

func.func @negative_batch_norm_in_region(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %q = nndct.quant_stub %x : tensor<1x2x4x4xf32>
  %g = nndct.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{'nndct.batch_norm' cannot be in a quantized region: batch_norm must be folded first}}
  %y = nndct.batch_norm %q, %g, %g, %g, %g : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %d = nndct.dequant_stub %y : tensor<1x2x4x4xf32>
  return %d : tensor<1x2x4x4xf32>
}


// -----

// A region must be one block of ops: a float op that both consumes the
// quantized part (through a dequant_stub) and feeds it again cannot be moved
// before or after it.
func.func @negative_float_op_inside_region(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %q = nndct.quant_stub %x : tensor<1x8xf32>
  %r = nndct.relu %q : tensor<1x8xf32>
  %d = nndct.dequant_stub %r : tensor<1x8xf32>
  // expected-error @+1 {{float op 'nndct.relu' is both fed by and feeding quantized region quant_0; split the quantized part with stubs}}
  %f = nndct.relu %d : tensor<1x8xf32>
  %q2 = nndct.quant_stub %f : tensor<1x8xf32>
  %a = nndct.add %r, %q2 : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %e = nndct.dequant_stub %a : tensor<1x8xf32>
  return %e : tensor<1x8xf32>
}

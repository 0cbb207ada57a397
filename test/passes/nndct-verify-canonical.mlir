// RUN: nndct-opt %s -split-input-file --nndct-verify-canonical -verify-diagnostics | FileCheck %s

// Canonical IR passes unchanged.
// CHECK-LABEL: func.func @canonical
// CHECK: nndct.relu
func.func @canonical(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = nndct.relu %x : tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// -----
func.func @batch_norm_left(%x: tensor<1x2x4x4xf32>, %p: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{not in canonical form: batch_norm must be folded (run nndct-fold-batchnorm)}}
  %z = nndct.batch_norm %x, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----
func.func @dropout_left(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{no-op must be removed}}
  %d = nndct.dropout %x : tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----
func.func @identity_left(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{no-op must be removed}}
  %d = nndct.identity %x : tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----
func.func @constant_reshape_left() -> tensor<4xf32> {
  %c = nndct.constant dense<1.0> : tensor<2x2xf32>
  // expected-error @+1 {{data movement of a constant must be folded}}
  %r = nndct.reshape %c : (tensor<2x2xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// RUN: nndct-opt %s --split-input-file --nndct-partition-quant-regions | FileCheck %s

// Stubs: everything between quant_stub and dequant_stub, constants included.
// CHECK-LABEL: func.func @stubs
// CHECK: %[[R:.*]] = nndct.region "quant_0" {
// CHECK-NEXT: nndct.quant_stub
// CHECK-NEXT: nndct.constant
// CHECK-NEXT: nndct.linear
// CHECK-NEXT: nndct.relu
// CHECK-NEXT: nndct.yield
// CHECK: nndct.dequant_stub %[[R]]
// CHECK: nndct.sigmoid
func.func @stubs(%x: tensor<1x8xf32>) -> tensor<1x4xf32> {
  %q = nndct.quant_stub %x : tensor<1x8xf32>
  %w = nndct.constant dense<0.5> : tensor<4x8xf32>
  %l = nndct.linear %q, %w : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %r = nndct.relu %l : tensor<1x4xf32>
  %d = nndct.dequant_stub %r : tensor<1x4xf32>
  %s = nndct.sigmoid %d : tensor<1x4xf32>
  return %s : tensor<1x4xf32>
}

// -----

// Two disconnected quantized parts become quant_0 and quant_1.
// CHECK-LABEL: func.func @two_parts
// CHECK: nndct.region "quant_0"
// CHECK: nndct.dequant_stub
// CHECK: nndct.tanh
// CHECK: nndct.region "quant_1"
func.func @two_parts(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %q = nndct.quant_stub %x : tensor<1x8xf32>
  %r = nndct.relu %q : tensor<1x8xf32>
  %d = nndct.dequant_stub %r : tensor<1x8xf32>
  %t = nndct.tanh %d : tensor<1x8xf32>
  %q2 = nndct.quant_stub %t : tensor<1x8xf32>
  %r2 = nndct.relu6 %q2 : tensor<1x8xf32>
  %d2 = nndct.dequant_stub %r2 : tensor<1x8xf32>
  return %d2 : tensor<1x8xf32>
}

// -----

// No stubs and no names: the whole body is one region; a float op (sigmoid)
// stays inside, unquantized.
// CHECK-LABEL: func.func @whole
// CHECK: nndct.region "quant_0" {
// CHECK: nndct.relu
// CHECK: nndct.sigmoid
// CHECK: nndct.yield
// CHECK-NEXT: } :
// CHECK-NEXT: return
func.func @whole(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %r = nndct.relu %x : tensor<1x8xf32>
  %s = nndct.sigmoid %r : tensor<1x8xf32>
  return %s : tensor<1x8xf32>
}


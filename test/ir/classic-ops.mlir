// RUN: nndct-opt %s | FileCheck %s
// RUN: nndct-opt %s -o %t.1.mlir && nndct-opt %t.1.mlir -o %t.2.mlir && diff -u %t.1.mlir %t.2.mlir
// The classic CNN layers and masks (NNDCTOps.td's last section), a backwards
// slice and an empty split piece parse, verify and print back.

// CHECK-LABEL: func.func @classic
func.func @classic(%x: tensor<1x2x5x5xf32>, %i: tensor<3xi64>) -> (tensor<1x2x5x5xf32>, tensor<1x2x5x5xi64>, tensor<1x2x4x4xf32>, tensor<1x2x5x5xf32>, tensor<1x2x5x5xf32>, tensor<3x6xi32>, tensor<1x2x3x5xf32>, tensor<1x2x5x0xf32>) {
  // CHECK: nndct.max_pool2d_with_indices %{{.*}} {kernel_size = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, storage_order = 1 : i64} : (tensor<1x2x5x5xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x2x5x5xi64>)
  %p, %pi = nndct.max_pool2d_with_indices %x {kernel_size = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, storage_order = 1 : i64}
      : (tensor<1x2x5x5xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x2x5x5xi64>)
  %q, %qi = nndct.max_pool2d_with_indices %x {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : (tensor<1x2x5x5xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>)
  // CHECK: nndct.max_unpool2d %{{.*}}, %{{.*}} {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x4x4xf32>
  %u = nndct.max_unpool2d %q, %qi {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x4x4xf32>
  // CHECK: nndct.lrn %{{.*}} {beta = 5.000000e-01 : f32, size = 2 : i64}
  %l = nndct.lrn %x {size = 2 : i64, beta = 0.5 : f32} : (tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
  // CHECK: nndct.trilu %{{.*}} {k = -1 : i64, upper = false}
  %t = nndct.trilu %x {upper = false, k = -1 : i64} : (tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
  // CHECK: nndct.one_hot %{{.*}} {axis = 1 : i64, depth = 6 : i64, on_value = 5.000000e+00 : f32} : (tensor<3xi64>) -> tensor<3x6xi32>
  %o = nndct.one_hot %i {depth = 6 : i64, axis = 1 : i64, on_value = 5.0 : f32, off_value = 0.0 : f32} : (tensor<3xi64>) -> tensor<3x6xi32>
  // CHECK: nndct.slice %{{.*}} {ends = array<i64: 1, 2, -1, 5>, starts = array<i64: 0, 0, 4, 0>, steps = array<i64: 1, 1, -2, 1>}
  %s = nndct.slice %x {starts = array<i64: 0, 0, 4, 0>, ends = array<i64: 1, 2, -1, 5>, steps = array<i64: 1, 1, -2, 1>}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x5xf32>
  // CHECK: nndct.split %{{.*}} {axis = 3 : i64, sizes = array<i64: 5, 0>}
  %a, %b = nndct.split %x {axis = 3 : i64, sizes = array<i64: 5, 0>} : (tensor<1x2x5x5xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x2x5x0xf32>)
  return %p, %pi, %u, %l, %t, %o, %s, %b : tensor<1x2x5x5xf32>, tensor<1x2x5x5xi64>, tensor<1x2x4x4xf32>, tensor<1x2x5x5xf32>, tensor<1x2x5x5xf32>, tensor<3x6xi32>, tensor<1x2x3x5xf32>, tensor<1x2x5x0xf32>
}

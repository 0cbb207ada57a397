// RUN: nndct-opt %s --split-input-file --nndct-insert-fix | FileCheck %s

// conv -> relu is one group: one fix after the relu; weights and bias get
// std_round fixes; the network input gets an input fix.
// CHECK-LABEL: func.func @conv_relu
// CHECK: nndct.region "quant_0"
// CHECK-DAG: %[[X:.*]] = nndct.fix %arg0 kind <input> round <half_up> bits 8
// CHECK-DAG: %[[W:.*]] = nndct.fix %{{.*}} kind <weight> round <std_round> bits 8
// CHECK-DAG: %[[B:.*]] = nndct.fix %{{.*}} kind <bias> round <std_round> bits 8
// CHECK: %[[C:.*]] = nndct.conv2d %[[X]], %[[W]], %[[B]]
// CHECK-NEXT: %[[R:.*]] = nndct.relu %[[C]]
// CHECK-NEXT: %[[F:.*]] = nndct.fix %[[R]] kind <activation> round <half_up> bits 8
// CHECK-NEXT: nndct.yield %[[F]]
func.func @conv_relu(%x: tensor<1x3x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nndct.region "quant_0" {
    %w = nndct.constant dense<0.5> : tensor<2x3x1x1xf32>
    %b = nndct.constant dense<0.1> : tensor<2xf32>
    %c = nndct.conv2d %x, %w, %b : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    %r = nndct.relu %c : tensor<1x2x4x4xf32>
    nndct.yield %r : tensor<1x2x4x4xf32>
  } : tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// A producer with two consumers ends its group (the add gets its own fix);
// concat inputs consumed only by the concat share the concat's fix.
// CHECK-LABEL: func.func @negative_two_consumers_and_concat
// CHECK: %[[Q:.*]] = nndct.quant_stub
// CHECK-NEXT: %[[QF:.*]] = nndct.fix %[[Q]] kind <input>
// CHECK-NEXT: %[[A:.*]] = nndct.add %[[QF]], %[[QF]]
// CHECK-NEXT: %[[AF:.*]] = nndct.fix %[[A]] kind <activation>
// CHECK-NEXT: %[[R:.*]] = nndct.relu %[[AF]]
// CHECK-NEXT: %[[M:.*]] = nndct.mul %[[AF]], %[[AF]]
// CHECK-NEXT: %[[CAT:.*]] = nndct.concat %[[R]], %[[M]]
// CHECK-NEXT: nndct.fix %[[CAT]] kind <activation>
func.func @negative_two_consumers_and_concat(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %0 = nndct.region "quant_0" {
    %q = nndct.quant_stub %x : tensor<1x4xf32>
    %a = nndct.add %q, %q : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
    %r = nndct.relu %a : tensor<1x4xf32>
    %m = nndct.mul %a, %a : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
    %c = nndct.concat %r, %m {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
    nndct.yield %c : tensor<1x8xf32>
  } : tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// A float op inside a region gets no fix; a quantized op reading it gets an
// input fix. Ops outside regions get nothing.
// CHECK-LABEL: func.func @float_inside
// CHECK: %[[S:.*]] = nndct.sigmoid
// CHECK-NEXT: %[[SF:.*]] = nndct.fix %[[S]] kind <input>
// CHECK-NEXT: nndct.max_pool2d %[[SF]]
// CHECK: nndct.tanh
// CHECK-NOT: nndct.fix
// CHECK: return
func.func @float_inside(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = nndct.region "quant_0" {
    %s = nndct.sigmoid %x : tensor<1x1x4x4xf32>
    %p = nndct.max_pool2d %s {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
    nndct.yield %p : tensor<1x1x2x2xf32>
  } : tensor<1x1x2x2xf32>
  %t = nndct.tanh %0 : tensor<1x1x2x2xf32>
  return %t : tensor<1x1x2x2xf32>
}

// RUN: nndct-opt %s -split-input-file --nndct-canonicalize | FileCheck %s
// Hard swish and hard sigmoid written as their arithmetic (Paddle2ONNX,
// torch before opset 14) become the ops again (ir/ActivationPatterns.cpp);
// near misses stay as they are. Values: hard-activations-values.test.
// RUN: nndct-opt %s -split-input-file --canonicalize | FileCheck %s

// PaddleOCR's form: x * relu6(x + 3) / 6 (the clip already a relu6).
// CHECK-LABEL: func.func @hard_swish_paddle
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>)
// CHECK-NEXT: %[[Y:.*]] = nndct.hard_swish %[[X]]
// CHECK-NEXT: return %[[Y]]
func.func @hard_swish_paddle(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %three = nndct.constant dense<3.0> : tensor<f32>
  %six = nndct.constant dense<6.0> : tensor<f32>
  %a = nndct.add %x, %three : (tensor<1x8x4x4xf32>, tensor<f32>) -> tensor<1x8x4x4xf32>
  %r = nndct.clamp %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8x4x4xf32>
  %m = nndct.mul %x, %r : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %y = nndct.div %m, %six : (tensor<1x8x4x4xf32>, tensor<f32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// The relu6 term first, the constant first in the add, 1/6 as a product.
// CHECK-LABEL: func.func @hard_swish_swapped
// CHECK-NEXT: %[[Y:.*]] = nndct.hard_swish %arg0
// CHECK-NEXT: return %[[Y]]
func.func @hard_swish_swapped(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %three = nndct.constant dense<3.0> : tensor<1xf32>
  %sixth = nndct.constant dense<0.166666672> : tensor<1xf32>
  %a = nndct.add %three, %x : (tensor<1xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %r = nndct.relu6 %a : tensor<1x8xf32>
  %m = nndct.mul %r, %x : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %y = nndct.mul %m, %sixth : (tensor<1x8xf32>, tensor<1xf32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// relu6(x + 3) / 6 is the hard sigmoid; x times it the hard swish.
// CHECK-LABEL: func.func @hard_sigmoid_then_swish
// CHECK-NEXT: %[[S:.*]] = nndct.hard_sigmoid %arg0 {alpha = 0.166666672 : f32} : tensor<1x8xf32>
// CHECK-NEXT: %[[Y:.*]] = nndct.hard_swish %arg0
// CHECK-NEXT: return %[[S]], %[[Y]]
func.func @hard_sigmoid_then_swish(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %three = nndct.constant dense<3.0> : tensor<f32>
  %six = nndct.constant dense<6.0> : tensor<f32>
  %a = nndct.add %x, %three : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %r = nndct.relu6 %a : tensor<1x8xf32>
  %s = nndct.div %r, %six : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %y = nndct.mul %x, %s : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %s, %y : tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// Near misses: x + 2, a divisor of 5, the product with another value (a
// squeeze-excite gate), a broadcasting product, and Paddle's hard sigmoid
// (alpha 0.2), whose product with x is not the hard swish.
// CHECK-LABEL: func.func @near_misses
// CHECK-NOT: nndct.hard_swish
// CHECK: nndct.hard_sigmoid %arg0 {alpha = 0.166666672 : f32} : tensor<1x8xf32>
// CHECK-NOT: nndct.hard_swish
// CHECK: return
func.func @near_misses(%x: tensor<1x8xf32>, %g: tensor<1x8xf32>, %b: tensor<1x1xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
  %two = nndct.constant dense<2.0> : tensor<f32>
  %three = nndct.constant dense<3.0> : tensor<f32>
  %five = nndct.constant dense<5.0> : tensor<f32>
  %six = nndct.constant dense<6.0> : tensor<f32>
  %a2 = nndct.add %x, %two : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %r2 = nndct.relu6 %a2 : tensor<1x8xf32>
  %m2 = nndct.mul %x, %r2 : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %y2 = nndct.div %m2, %six : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %a = nndct.add %x, %three : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %r = nndct.relu6 %a : tensor<1x8xf32>
  %m = nndct.mul %x, %r : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %y5 = nndct.div %m, %five : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %hs = nndct.div %r, %six : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %gate = nndct.mul %g, %hs : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %ab = nndct.add %b, %three : (tensor<1x1xf32>, tensor<f32>) -> tensor<1x1xf32>
  %rb = nndct.relu6 %ab : tensor<1x1xf32>
  %mb = nndct.mul %x, %rb : (tensor<1x8xf32>, tensor<1x1xf32>) -> tensor<1x8xf32>
  %yb = nndct.div %mb, %six : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %p = nndct.hard_sigmoid %x : tensor<1x8xf32>
  %yp = nndct.mul %x, %p : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %y2, %y5, %gate, %yb, %yp : tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
}

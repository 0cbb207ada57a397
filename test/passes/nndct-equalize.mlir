// RUN: nndct-opt %s -split-input-file --nndct-equalize | FileCheck %s

// linear -> relu -> linear. L1's output ranges [4, 1], L2's input ranges
// [1, 4]: s = sqrt(r1 / r2) = [2, 0.5]. W1 = [[4, 0], [0, 1]] becomes
// [[2, 0], [0, 2]], b1 = [8, 2] becomes [4, 4], W2 = [[1, 1], [1, 4]]
// becomes [[2, 0.5], [2, 2]]: every range 2. The parameters keep their
// names.
// CHECK-LABEL: func.func @linear_relu_linear
// CHECK: l1.weight: "0x0400000000000040000000000000000000000040"
// CHECK: l1.bias: "0x040000000000804000008040"
// CHECK: l2.weight: "0x04000000000000400000003F0000004000000040"
func.func @linear_relu_linear(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w1 = nndct.constant dense_resource<l1.weight> : tensor<2x2xf32>
  %b1 = nndct.constant dense_resource<l1.bias> : tensor<2xf32>
  %w2 = nndct.constant dense_resource<l2.weight> : tensor<2x2xf32>
  %b2 = nndct.constant dense_resource<l2.bias> : tensor<2xf32>
  %y = nndct.linear %x, %w1, %b1 : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %a = nndct.relu %y : tensor<1x2xf32>
  %z = nndct.linear %a, %w2, %b2 : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      l1.weight: "0x040000000000804000000000000000000000803F",
      l1.bias: "0x040000000000004100000040",
      l2.weight: "0x040000000000803F0000803F0000803F00008040",
      l2.bias: "0x040000000000803F0000803F"
    }
  }
#-}

// -----

// Not positively homogeneous (relu6 clips at 6, hard swish bends), a
// second reader of L1's output, or an activation feeding another op: the
// function would change, so nothing moves.
// CHECK-LABEL: func.func @not_equalizable
// CHECK: n.w1: "0x040000000000804000000000000000000000803F"
// CHECK: n.w2: "0x040000000000803F0000803F0000803F00008040"
// CHECK: n.w3: "0x040000000000803F0000803F0000803F00008040"
// CHECK: n.w4: "0x040000000000804000000000000000000000803F"
func.func @not_equalizable(%x: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>) {
  %w1 = nndct.constant dense_resource<n.w1> : tensor<2x2xf32>
  %w2 = nndct.constant dense_resource<n.w2> : tensor<2x2xf32>
  %w3 = nndct.constant dense_resource<n.w3> : tensor<2x2xf32>
  %w4 = nndct.constant dense_resource<n.w4> : tensor<2x2xf32>
  %y1 = nndct.linear %x, %w1 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %a1 = nndct.relu6 %y1 : tensor<1x2xf32>
  %z1 = nndct.linear %a1, %w2 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %a2 = nndct.hard_swish %z1 : tensor<1x2xf32>
  %z2 = nndct.linear %a2, %w3 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %z3 = nndct.linear %z2, %w4 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %z2, %z3, %z3 : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      n.w1: "0x040000000000804000000000000000000000803F",
      n.w2: "0x040000000000803F0000803F0000803F00008040",
      n.w3: "0x040000000000803F0000803F0000803F00008040",
      n.w4: "0x040000000000804000000000000000000000803F"
    }
  }
#-}

// -----

// A dead channel (all-zero weights in L2's input 1) keeps its scale.
// CHECK-LABEL: func.func @dead_channel
// CHECK-NOT: nndct.constant dense_resource<d.w{{[12]}}_bias>
// CHECK: d.w1: "0x040000000000004000000000000000000000803F"
// CHECK: d.w2: "0x0400000000000040000000000000004000000000"
func.func @dead_channel(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w1 = nndct.constant dense_resource<d.w1> : tensor<2x2xf32>
  %w2 = nndct.constant dense_resource<d.w2> : tensor<2x2xf32>
  %y = nndct.linear %x, %w1 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %z = nndct.linear %y, %w2 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      d.w1: "0x040000000000804000000000000000000000803F",
      d.w2: "0x040000000000803F000000000000803F00000000"
    }
  }
#-}

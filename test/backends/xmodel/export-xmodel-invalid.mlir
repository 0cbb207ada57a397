// Ops and fixes XIR cannot express are errors at the op, and no file is
// written (named nodes are checked in export-partial.test).
// RUN: nndct-translate --export-xmodel --xmodel-target=AMD_AIE2_Nx4_Overlay_cfg0 %s -split-input-file -verify-diagnostics -o /dev/null

func.func @main(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32> {
  %wc = nndct.constant dense<1.0> : tensor<4x2x1x1xf32>
  // expected-error @+1 {{cannot export node 'conv2d' ('nndct.conv2d') to XIR: grouped convolution (groups = 2) has no XIR 2.5 op; only groups = 1 and depthwise (groups = C = O) are expressible}}
  %y = nndct.conv2d %x, %wc {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @main(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %s = nndct.constant dense<0.25> : tensor<4x1x1xf32>
  // expected-error @+1 {{cannot export node 'prelu' ('nndct.prelu') to XIR: XIR 2.5 has no prelu op}}
  %y = nndct.prelu %x, %s : (tensor<1x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %r = nndct.relu %x : tensor<1x8xf32>
  // expected-error @+1 {{nndct.fix of node 'fix' has no fix point: run nndct-assign-fix-points (calibration) before exporting an xmodel}}
  %f = nndct.fix %r kind <activation> round <half_up> bits 8 : tensor<1x8xf32>
  return %f : tensor<1x8xf32>
}

// -----

func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{rounds with 'floor', which XIR's fix op cannot express}}
  %f = nndct.fix %x kind <input> round <floor> bits 8 fp 4 : tensor<1x8xf32>
  return %f : tensor<1x8xf32>
}

// -----

func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32> {
  // expected-error @+1 {{edge padding has no XIR pad mode (CONSTANT, REFLECT, SYMMETRIC)}}
  %y = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #nndct.pad_mode<edge>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{hard_sigmoid with alpha = 0.200000, beta = 0.500000 differs from XIR's relu6(x + 3) / 6}}
  %y = nndct.hard_sigmoid %x : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  // expected-error @+1 {{nearest resize with coordinate mode 'half_pixel' and nearest mode 'round_prefer_floor' differs from XIR's NEAREST}}
  %y = nndct.resize %x {mode = #nndct.resize_mode<nearest>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// -----

func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{cannot export node 'gelu' ('nndct.gelu') to XIR: XIR's gelu is the exact (erf) form}}
  %y = nndct.gelu %x {approximation = #nndct.gelu_approximation<tanh>} : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// expected-error @+1 {{xmodel export needs a func.func @main (or exactly one function with a body)}}
module {
  func.func @a() { return }
  func.func @b() { return }
}

// Fixes XIR cannot express and graphs with no entry are errors, and no file
// is written (named nodes are checked in export-partial.test; CPU ops XIR
// has no op for are custom ops, export-custom-ops.test; an NPU op XIR
// cannot express is an error, export-npu-invalid.mlir).
// RUN: nndct-translate --export-xmodel --xmodel-target=AMD_AIE2_Nx4_Overlay_cfg0 %s -split-input-file -verify-diagnostics -o /dev/null

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

// expected-error @+1 {{xmodel export needs a func.func @main (or exactly one function with a body)}}
module {
  func.func @a() { return }
  func.func @b() { return }
}

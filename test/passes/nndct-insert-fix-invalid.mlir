// RUN: nndct-opt %s --verify-diagnostics --nndct-insert-fix=bit-width=1
// RUN: nndct-opt %s --verify-diagnostics --pass-pipeline='builtin.module(func.func(nndct-insert-fix{bit-width=33}))'

// nndct-insert-fix reports no error on IR: every verifier-valid region gets
// its fixes. Its one user-facing error is the bit-width range, reported
// when the pipeline is parsed (no location: it is about the command line).
// The same check at run time, for passes built from C++, is tested in
// test/unit/OptionChecksTest.cpp.

// expected-error @unknown {{nndct-insert-fix: bit-width must be in [2, 32], got}}
func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  return %x : tensor<1x4xf32>
}

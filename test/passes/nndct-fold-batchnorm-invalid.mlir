// RUN: nndct-opt %s --split-input-file --verify-diagnostics --nndct-fold-batchnorm

// The folded scale and shift are computed at compile time: parameters that
// are function arguments have no values to fold.
func.func @negative_parameters_are_arguments(%x: tensor<1x2x4x4xf32>, %g: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %c = nndct.constant dense<0.5> : tensor<2xf32>
  // expected-error @+1 {{batch_norm parameters must be constants with data}}
  %y = nndct.batch_norm %x, %g, %c, %c, %c : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A dense_resource whose blob is missing from the file (a truncated bundle)
// has no data either.
func.func @negative_parameter_without_blob(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %c = nndct.constant dense<0.5> : tensor<2xf32>
  %v = nndct.constant dense_resource<bn.running_var> : tensor<2xf32>
  // expected-error @+1 {{batch_norm parameters must be constants with data}}
  %y = nndct.batch_norm %x, %c, %c, %c, %v : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

//===- QuantConfig.h - vai quant_config_file for nndct ----------*- C++ -*-===//
//
// Reads the hardware-aware configuration JSON of vai_q_pytorch
// (quantization-spec.md §quant_config_file) into PTQOptions. What nndct
// supports is applied (methods, percentile, bias correction, opset, SiLU as
// hard swish);
// settings the NPU cannot execute (per-channel, float scales, asymmetric,
// narrow range, unsigned, widths other than the target's, other round
// modes) and unknown keys are errors naming the key path and the reason.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_NNDCT_QUANTCONFIG_H
#define NNDCT_TOOLS_NNDCT_QUANTCONFIG_H

#include "passes/Pipelines.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::nndct {

/// What a config file set (fields left empty were not in the file).
struct QuantConfig {
  std::optional<CalibrationMethod> method; ///< activation/input method
  std::optional<ParamMethod> paramMethod;  ///< weights/bias method
  std::optional<double> percentile;
  std::optional<bool> biasCorrection;
  std::optional<int64_t> onnxOpset;
  /// convert_silu_to_hswish: SiLU runs as hard swish.
  std::optional<bool> convertSilu;
  /// include_cle: cross-layer equalization before calibration.
  std::optional<bool> equalize;
  /// Non-fatal notes about keys that change nothing.
  std::vector<std::string> warnings;

  /// The settings as --nndct-ptq-pipeline options ("method" -> "diffs"),
  /// for fronts that pass options as text (the Python package).
  std::vector<std::pair<std::string, std::string>> pipelineOptions() const;
};

/// Parses the config at `path` for a target whose fixes are `targetBits`
/// wide. Errors read "<path>: <key.path>: <why>".
llvm::Expected<QuantConfig> readQuantConfig(llvm::StringRef path,
                                            int64_t targetBits);

/// Same for the config text `text`; errors start with `name`.
llvm::Expected<QuantConfig> parseQuantConfig(llvm::StringRef text,
                                             llvm::StringRef name,
                                             int64_t targetBits);

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_NNDCT_QUANTCONFIG_H

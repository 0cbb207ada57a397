//===- QuantizeFlow.h - vai's calib/test workflow for every front -*- C++
//-*-===//
//
// What `nndct quantize` does between importing a model and writing its
// results, for every front that offers vai's workflow: the command line and
// the Python package (tools/python). Test mode re-applies a calibration run's
// quant_info.json; both modes write the same set of files into an
// OutputStage, so a failure leaves nothing half-written.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_NNDCT_QUANTIZEFLOW_H
#define NNDCT_TOOLS_NNDCT_QUANTIZEFLOW_H

#include "tools/nndct/OutputStage.h"

#include "passes/PTQOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir::nndct {

struct FloatOpSearchResult;

/// Test mode: prepares `module` as the calibration run did (the ops
/// `quantInfoFile` keeps float stay float), then takes every fix point from
/// the file and the corrected or finetuned parameters from `bundle` (the
/// calibration run's <Model>.nndct.mlir; "" for none). File problems are
/// returned; a file that does not fit the model (called `modelName` in the
/// error) fails after the diagnostics that say why.
llvm::Error applyQuantInfoFile(ModuleOp module, PTQOptions options,
                               llvm::StringRef quantInfoFile,
                               llvm::StringRef bundle,
                               llvm::StringRef modelName);

/// What the outputs are called and how they are written.
struct QuantizeOutputOptions {
  /// Base name of every file (`fmnist_cnn` → fmnist_cnn_int.onnx).
  std::string name;
  std::string target;
  /// The calibration method the report names ("" in test mode).
  std::string method;
  /// quant_info.json is written by calib mode only.
  bool writeQuantInfo = true;
  /// What the accuracy-aware float-op search traded, for the report.
  const FloatOpSearchResult *search = nullptr;
  int64_t onnxOpset = 13;
  /// Bit-exact with nndct's fake quantization instead of plain Q/DQ.
  bool onnxExactRounding = false;
};

/// Writes quant_info.json (calib), the replayable <name>.nndct.mlir bundle,
/// the quant report, <name>_int.onnx and <name>_int.xmodel (the exporters
/// this build has) into `stage`, placing every op first. Returns the file
/// names written, in that order.
llvm::Expected<std::vector<std::string>>
writeQuantizeOutputs(ModuleOp module, OutputStage &stage,
                     const QuantizeOutputOptions &options);

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_NNDCT_QUANTIZEFLOW_H

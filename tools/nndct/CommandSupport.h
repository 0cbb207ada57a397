//===- CommandSupport.h - shared pieces of nndct quantize/eval --*- C++ -*-===//
//
// The data options both commands accept (image preprocessing), opening one
// DataSet per model input, a progress line for long loops (only when stderr
// is a terminal) and top-1 evaluation.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_NNDCT_COMMANDSUPPORT_H
#define NNDCT_TOOLS_NNDCT_COMMANDSUPPORT_H

#include "backends/interpreter/DataSet.h"
#include "backends/interpreter/Interpreter.h"
#include "passes/CalibrationData.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir::nndct {

/// Prints "<tool>: error: <msg>" and returns 1.
int commandError(llvm::StringRef tool, const llvm::Twine &msg);

/// The image preprocessing given on the command line, or an error naming
/// the option.
llvm::Expected<ImagePreprocess> imagePreprocessFromOptions();

/// Opens one DataSet per argument of `func` from `specs` ("[NAME=]PATH",
/// unnamed ones in argument order). `option` names the flag in errors.
llvm::Expected<std::vector<std::unique_ptr<DataSet>>>
openDataSets(func::FuncOp func, const std::vector<std::string> &specs,
             llvm::StringRef option);

/// Samples [first, first + count) of every data set (one per model input),
/// each a tensor with the samples on dim 0.
llvm::Expected<std::vector<Tensor>>
readSamples(std::vector<std::unique_ptr<DataSet>> &sets, int64_t first,
            int64_t count);

/// 10 log10(signal / noise); infinite without noise.
double sqnrDb(double signal, double noise);

/// A "\r"-updated progress line with items/s and ETA on a terminal stderr;
/// silent otherwise.
class Progress {
public:
  Progress(std::string what, int64_t total);
  ~Progress() { finish(); }
  void update(int64_t done);
  void finish();

private:
  std::string what;
  int64_t total;
  bool enabled, active = false;
  std::chrono::steady_clock::time_point start, last;
};

/// Makes `context` print warnings as it prints errors (MLIR's default
/// drops them), so a pass's warning reaches the user; remarks stay quiet
/// (the progress lines say what they would).
void showWarnings(MLIRContext &context);

/// The passes' progress reports (ProgressSink) as a Progress line: one line
/// per loop, started when a loop first reports and cleared when it ends.
class ProgressLine : public ProgressSink {
public:
  void update(llvm::StringRef what, int64_t done, int64_t total) override;
  void finish() override { line.reset(); }
  /// Printed on stderr, terminal or not, above the progress line.
  void note(llvm::StringRef text) override;

private:
  std::unique_ptr<Progress> line;
};

/// A float model and its quantized form: the bundle of `nndct quantize`
/// (`<quantDir>/<stem>.nndct.mlir`, in its own context so its blob names,
/// the quant_info.json names, are not uniqued against the model's), or the
/// model itself when it has fix points and no quantDir is given.
struct QuantizedModel {
  OwningOpRef<ModuleOp> model, bundle;
  func::FuncOp floatFunc, quantFunc;
};

/// The options `nndct eval` and `nndct analyze` share (registered for
/// both in CommandSupport.cpp).
struct QuantizedModelArgs {
  std::string model, quantDir;
  std::vector<std::string> data, inputShapes, binds;
  int threads;
};
QuantizedModelArgs quantizedModelArgs();

/// Loads them; reports "<tool>: error: ..." and returns nullopt on failure
/// (no model, no bundle, no fix points).
std::optional<QuantizedModel> loadQuantizedModel(const QuantizedModelArgs &args,
                                                 MLIRContext &context,
                                                 MLIRContext &bundleContext,
                                                 llvm::StringRef tool);

/// Top-1 accuracy of `func` on the first labels.size() samples of `data`
/// (one DataSet per argument), in runs of the function's batch (a short last
/// run is padded). Fails with a message.
llvm::Expected<double> evaluateTop1(func::FuncOp func, ExecutionMode mode,
                                    std::vector<std::unique_ptr<DataSet>> &data,
                                    const std::vector<int64_t> &labels,
                                    int threads, llvm::StringRef what);

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_NNDCT_COMMANDSUPPORT_H

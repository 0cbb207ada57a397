//===- FloatOpSearch.h - the ops kept float for accuracy ---------*- C++
//-*-===//
//
// Accuracy-aware quantization's last resort: when every quantization
// technique has been applied and the network output is still too far from
// float, the few ops that damage it most run float on the CPU. Which ones
// is measured, not guessed: on the legal fix points, each op is kept float
// alone (its weight, bias and, when nothing quantized reads it, output
// fixes left float in the fake-quant interpreter) and ranked by what the
// output's SQNR gains; then the best are taken one at a time, each only if
// it still helps together with those before it, on the ranking samples and
// on held-out ones (a few samples are easy to overfit), until the output
// reaches the asked SQNR or the asked number of ops is float.
//
// The chosen ops are then marked for nndct-keep-float and the pipeline runs
// again from the start (runPTQPipeline, Pipelines.h), so fixes, fix points,
// bias correction and placement are those of the graph that is deployed,
// and test mode rebuilds it from the names quant_info.json lists.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_FLOATOPSEARCH_H
#define NNDCT_PASSES_FLOATOPSEARCH_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <limits>
#include <string>
#include <vector>

namespace mlir::nndct {

class CalibrationData;

struct FloatOpSearchOptions {
  /// Stop once the output SQNR reaches this (dB).
  double targetSqnr = std::numeric_limits<double>::infinity();
  /// At most this many ops float.
  int64_t maxOps = 0;
  /// Samples the ops are ranked on (the first of the data), and the next
  /// ones, held out, on which each choice must also help (none when the
  /// data has no more).
  int64_t samples = 4;
  int64_t checkSamples = 4;
  /// Ops that gain less than this (dB) are not worth a trip to the CPU.
  double minGainDb = 0.1;
  int threads = 1;
};

/// Ops kept float together, in the order chosen: one op, or one op and
/// the ops that read its output (its output then needs no fix at all).
struct FloatOpChoice {
  /// The ops' names (their locations', as nndct-keep-float takes them).
  std::vector<std::string> names;
  /// What the output's SQNR gained when they were added (dB).
  double gainDb = 0;
  /// "kept float for accuracy: +x dB".
  std::string reason() const;
};

struct FloatOpSearchResult {
  /// Output SQNR with every op quantized, and with the chosen ops float,
  /// as the search measured them on its held-out samples (dB; the worst
  /// output's, which the search raises).
  double sqnrBefore = 0, sqnrAfter = 0;
  /// The same after the pipeline ran again with the chosen ops float
  /// (runPTQPipeline).
  double sqnrRebuilt = 0;
  /// The samples those are measured on: `samples` from sample `first`.
  int64_t first = 0, samples = 0;
  /// Ops that could be kept float (computing quant group heads with a
  /// name).
  int64_t candidates = 0;
  std::vector<FloatOpChoice> chosen;
  /// The number of ops chosen.
  int64_t numOps() const {
    int64_t n = 0;
    for (const FloatOpChoice &c : chosen)
      n += int64_t(c.names.size());
    return n;
  }
};

/// On `func`, whose fix points are legal (a clone: nothing is changed).
/// Emits an error and fails when the interpreter cannot run it.
FailureOr<FloatOpSearchResult>
searchFloatOps(func::FuncOp func, CalibrationData &data,
               const FloatOpSearchOptions &options);

/// The output SQNR of `func` in fake-quant against float on `samples`
/// samples of `data` from `first` (dB; of the worst output, each against its
/// own energy).
FailureOr<double> measureOutputSqnr(func::FuncOp func, CalibrationData &data,
                                    int64_t samples, int threads,
                                    int64_t first = 0);

} // namespace mlir::nndct

#endif // NNDCT_PASSES_FLOATOPSEARCH_H

//===- CalibrationData.h - calibration samples for the passes ---*- C++ -*-===//
//
// Calibration and bias correction read samples through CalibrationSource:
// one input per function argument, samples on dim 0, read a few at a time
// so memory never grows with the data set. The passes' `data=` option is
// the `.npy` implementation (npyCalibrationSource); a tool hands in its own
// (nndct quantize passes its decoded image folders, .pb files, ...) through
// the passes' C++ creation overloads or PTQOptions::source.
//
// CalibrationData cuts a source into runs of the function's batch and
// checks every sample for NaN/Inf, with diagnostics that name the data.
// A source may carry a ProgressSink: the passes' loops over the data report
// to it (nndct quantize shows a progress line with images/s and an ETA).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_CALIBRATIONDATA_H
#define NNDCT_PASSES_CALIBRATIONDATA_H

#include "backends/interpreter/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::nndct {

/// Where the passes report how far a loop over the data has come. Passes
/// report samples processed; a sink decides whether and how to show them.
class ProgressSink {
public:
  virtual ~ProgressSink();
  /// `done` of `total` samples through loop `what` ("calibration").
  virtual void update(StringRef what, int64_t done, int64_t total) = 0;
  /// The loop ended (or failed); clear whatever update() showed.
  virtual void finish() = 0;
  /// A line that stays (one per finetuned layer: its loss and time).
  virtual void note(StringRef line) {}
};

/// Where calibration samples come from.
class CalibrationSource {
public:
  virtual ~CalibrationSource();

  /// Checks the data against `func`: one input per argument, samples shaped
  /// as the argument without its batch dimension, a sample count the batch
  /// divides. Emits an error at `func` naming the data and the argument,
  /// and fails, otherwise. Called (possibly again, by a later pass) before
  /// any read; `func`'s arguments are then static with no empty dimension.
  virtual LogicalResult check(func::FuncOp func) = 0;

  /// Number of samples (after a successful check()).
  virtual int64_t numSamples() const = 0;

  /// How diagnostics name input `index`'s data ("'calib.npy'").
  virtual std::string describe(unsigned index) const = 0;

  /// Samples [first, first + count) of every input, each stacked on a new
  /// leading dimension of `count`. Emits an error at `func` and fails when
  /// they cannot be read.
  virtual FailureOr<std::vector<Tensor>> read(func::FuncOp func, int64_t first,
                                              int64_t count) = 0;

  /// Where the passes reading this source report progress (none: silent).
  virtual ProgressSink *progress() { return nullptr; }
};

/// The `.npy` source: one float32/float64 C-order file per argument,
/// streamed by seeking (only the samples asked for are read). Files are
/// opened by check().
std::shared_ptr<CalibrationSource>
npyCalibrationSource(ArrayRef<std::string> paths);

/// The in-memory source: one float32 tensor of N x sample per argument
/// (what an embedding host such as the Python package holds). `names` say
/// how diagnostics call each tensor ("calibration data of input 'x'").
std::shared_ptr<CalibrationSource>
tensorCalibrationSource(std::vector<Tensor> tensors,
                        std::vector<std::string> names);

/// What a pass that reads samples starts from: its entry function and its
/// samples.
struct DataPassInputs {
  func::FuncOp func;
  std::shared_ptr<CalibrationSource> samples;
};

/// The start of every pass that reads samples, in this order: its options'
/// problem (`problem`, empty when none) reported, its samples (`given` when
/// handed in C++, else the `.npy` `files` of its `data=` option: "<pass>:
/// needs data=<file.npy>[,...]" when neither) and its entry function
/// (`entry`, else the only one or @main). Emits the first error at
/// `module` and fails.
FailureOr<DataPassInputs> openDataPass(ModuleOp module, StringRef pass,
                                       const std::string &problem,
                                       std::shared_ptr<CalibrationSource> given,
                                       ArrayRef<std::string> files,
                                       StringRef entry);

/// Streams runs (groups of `runBatch` samples, the function's batch size)
/// from a source.
class CalibrationData {
public:
  /// Checks `source` against `func`; emits an error at `func` and fails
  /// when an argument cannot take samples or the data does not fit.
  static FailureOr<std::unique_ptr<CalibrationData>>
  open(func::FuncOp func, std::shared_ptr<CalibrationSource> source);

  /// Number of samples in the data set.
  int64_t numSamples() const { return samples; }
  /// Samples per interpreter run (the function's batch dimension).
  int64_t runBatch() const { return batch; }
  /// The inputs of run `index` (samples [index*runBatch, +runBatch)),
  /// shaped as the function's arguments; fails (with an error naming the
  /// data and the sample) on unreadable data or NaN/Inf.
  FailureOr<std::vector<Tensor>> readRun(int64_t index);

  /// The source's progress sink, or null.
  ProgressSink *progress() const { return source->progress(); }

private:
  func::FuncOp func;
  std::shared_ptr<CalibrationSource> source;
  std::vector<std::vector<int64_t>> argShapes;
  int64_t samples = 0;
  int64_t batch = 1;
};

/// One pass's loop over the data, reported to the source's sink (if any):
/// advance() after each run, the line cleared when the loop ends.
class DataProgress {
public:
  DataProgress(const CalibrationData &data, StringRef what, int64_t total)
      : sink(data.progress()), what(what.str()), total(total) {}
  ~DataProgress() {
    if (sink)
      sink->finish();
  }
  void advance(int64_t samples) {
    done += samples;
    if (sink)
      sink->update(what, done, total);
  }

private:
  ProgressSink *sink;
  std::string what;
  int64_t total, done = 0;
};

} // namespace mlir::nndct

#endif // NNDCT_PASSES_CALIBRATIONDATA_H

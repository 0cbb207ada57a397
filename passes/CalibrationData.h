//===- CalibrationData.h - streaming calibration samples --------*- C++ -*-===//
//
// Reads calibration data (one `.npy` file per function argument, samples
// stacked on dim 0) a few samples at a time, so calibration memory never
// grows with the data set, and checks the files against the function's
// argument shapes with diagnostics that name both.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_CALIBRATIONDATA_H
#define NNDCT_PASSES_CALIBRATIONDATA_H

#include "backends/interpreter/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace mlir::nndct {

/// Streams runs (groups of `runBatch` samples, the function's batch size)
/// from the data files of a function.
class CalibrationData {
public:
  /// Opens `paths` for `func`; emits an error at `func` and fails when a
  /// file is missing, not a float C-order .npy, or its sample shape does
  /// not match the argument.
  static FailureOr<std::unique_ptr<CalibrationData>>
  open(func::FuncOp func, ArrayRef<std::string> paths);

  /// Number of samples in the data set.
  int64_t numSamples() const { return samples; }
  /// Samples per interpreter run (the function's batch dimension).
  int64_t runBatch() const { return batch; }
  /// The inputs of run `index` (samples [index*runBatch, +runBatch)).
  FailureOr<std::vector<Tensor>> readRun(int64_t index);

private:
  struct File {
    std::string path;
    std::ifstream stream;
    std::streamoff dataOffset = 0;
    bool isDouble = false;
    int64_t sampleElements = 0;
    std::vector<int64_t> argShape;
  };
  func::FuncOp func;
  std::vector<std::unique_ptr<File>> files;
  int64_t samples = 0;
  int64_t batch = 1;
};

} // namespace mlir::nndct

#endif // NNDCT_PASSES_CALIBRATIONDATA_H

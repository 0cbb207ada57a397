//===- Interpreter.h - executes nndct IR on tensors -------------*- C++ -*-===//
//
// The interpreter runs an nndct function on concrete tensors. Calibration,
// evaluation and finetuning are built on it, so it is streaming (a buffer is
// freed after its last consumer ran) and observable (a TensorObserver sees
// every tensor as it is produced, without keeping it).
//
// Modes: Float ignores nndct.fix; FakeQuant applies every fix that has a
// fix point (round modes exactly as docs/numerics.md); Integer (bit-exact
// NPU arithmetic) is added by the quantization work.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_INTERPRETER_H
#define NNDCT_BACKENDS_INTERPRETER_INTERPRETER_H

#include "backends/interpreter/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"

#include <memory>
#include <vector>

namespace mlir::nndct {

enum class ExecutionMode { Float, FakeQuant, Integer };

struct InterpreterOptions {
  ExecutionMode mode = ExecutionMode::Float;
  /// Worker threads for kernels; results are identical for any count.
  int threads = 1;
  /// Use oneDNN kernels where available (reference kernels otherwise).
  bool useOneDNN = true;
};

/// Sees every tensor the interpreter produces. `op` is the producing op and
/// `result` its result index; the tensor is only valid during the call.
class TensorObserver {
public:
  virtual ~TensorObserver();
  virtual void observe(Operation *op, unsigned result, const Tensor &tensor) = 0;
};

class Interpreter {
public:
  /// Prepares `func` for execution; emits an error naming the first op it
  /// cannot execute and fails.
  static FailureOr<std::unique_ptr<Interpreter>> create(func::FuncOp func,
                                                        InterpreterOptions options = {});
  virtual ~Interpreter();

  /// Runs the function on `inputs` (one per argument, shapes must match)
  /// and returns its results. Emits an error at the function on mismatch.
  virtual FailureOr<std::vector<Tensor>> run(ArrayRef<Tensor> inputs,
                                             TensorObserver *observer = nullptr) = 0;

  /// Largest total size in bytes of the tensors the last run() held at
  /// once (intermediate results only: not inputs, constants or the copies
  /// returned). Buffers are freed right after their last consumer, so this
  /// is the peak of live activations.
  virtual int64_t peakActivationBytes() const = 0;
};

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_INTERPRETER_H

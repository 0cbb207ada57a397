//===- Interpreter.h - executes nndct IR on tensors -------------*- C++ -*-===//
//
// The interpreter runs an nndct function on concrete tensors. Calibration,
// evaluation and finetuning are built on it, so it is streaming (a buffer is
// freed after its last consumer ran) and observable (a TensorObserver sees
// every tensor as it is produced, without keeping it).
//
// This header (with Tensor.h) is all passes may use of the interpreter:
// - Interpreter::run with a TensorObserver reads every tensor (calibration
//   statistics) without changing anything;
// - a TensorAdjuster may also change chosen tensors as they are produced,
//   before anything reads them (bias correction shifts a layer's output by
//   its pending bias change instead of rewriting the IR on every step);
// - OpRunner runs one op alone on tensors the caller supplies, with the
//   kernel the interpreter itself would use (bias correction's float twin
//   of a quantized layer).
// Kernels (Kernels.h, OpKernels.h) stay behind these interfaces.
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

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mlir::nndct {

enum class ExecutionMode { Float, FakeQuant, Integer };

struct InterpreterOptions {
  ExecutionMode mode = ExecutionMode::Float;
  /// Worker threads for kernels; results are identical for any count.
  int threads = 1;
  /// Use oneDNN kernels where available (reference kernels otherwise).
  bool useOneDNN = true;
  /// Time every kernel (Interpreter::profile); off, runs read no clock.
  bool profile = false;
};

/// Kernel time by kind over all runs of an Interpreter created with
/// `profile`. A kind is the op name without the dialect prefix, with the
/// ops fused into it joined by '+' ("conv2d+batch_norm+relu").
struct KernelTime {
  double seconds = 0;
  int64_t calls = 0;
};
using KernelProfile = std::map<std::string, KernelTime>;

/// Sees every tensor the interpreter produces. `op` is the producing op and
/// `result` its result index; the tensor is only valid during the call.
class TensorObserver {
public:
  virtual ~TensorObserver();
  /// Whether observe() wants the results of `op` (asked on every run). An
  /// observer that names the few ops it reads lets the run keep fused
  /// kernels whose intermediate tensors nobody reads.
  virtual bool observes(Operation *op) { return true; }
  virtual void observe(Operation *op, unsigned result,
                       const Tensor &tensor) = 0;
};

/// May change the tensors of chosen ops as they are produced: the change is
/// what every consumer, observer and returned result sees. Unlike a
/// TensorObserver, it changes what the model computes.
class TensorAdjuster {
public:
  virtual ~TensorAdjuster();
  /// Whether adjust() is called for the results of `op` (asked on every
  /// run; a result that forwards an operand is copied first).
  virtual bool adjusts(Operation *op) = 0;
  /// Changes result `result` of `op` in place. Its shape and element count
  /// must stay; the tensor is only valid during the call.
  virtual void adjust(Operation *op, unsigned result, Tensor &tensor) = 0;
};

class Interpreter {
public:
  /// Prepares `func` for execution; emits an error naming the first op it
  /// cannot execute and fails.
  static FailureOr<std::unique_ptr<Interpreter>>
  create(func::FuncOp func, InterpreterOptions options = {});
  virtual ~Interpreter();

  /// Runs the function on `inputs` (one per argument, shapes must match)
  /// and returns its results. Emits an error at the function on mismatch.
  /// `adjuster` changes tensors as they are produced, then `observer` sees
  /// them (both see every op they ask for: a fused kernel that would hide
  /// one of those tensors is not used then).
  virtual FailureOr<std::vector<Tensor>>
  run(ArrayRef<Tensor> inputs, TensorObserver *observer = nullptr,
      TensorAdjuster *adjuster = nullptr) = 0;

  /// Largest total size in bytes of the tensors the last run() held at
  /// once (intermediate results only: not inputs, constants or the copies
  /// returned). Buffers are freed right after their last consumer, so this
  /// is the peak of live activations.
  virtual int64_t peakActivationBytes() const = 0;

  /// Time per kernel kind over every run so far (empty unless created with
  /// InterpreterOptions::profile).
  virtual const KernelProfile &profile() const = 0;
  /// Starts the profile over (after a first run's one-time work).
  virtual void clearProfile() = 0;
};

/// One op run alone on operand tensors the caller supplies (not values the
/// function computes), with the kernel an Interpreter with the same options
/// uses for it. Prepared once, run many times.
class OpRunner {
public:
  /// Prepares `op` (results and operands must be statically shaped
  /// tensors); emits an error at `op` and fails when no kernel runs it.
  /// Operands are not treated as constants, even when the IR's are, except
  /// the non-null entries of `constants` (one per operand, or empty): the
  /// kernel may prepare for those values once (oneDNN reorders a constant
  /// weight once), so every run must pass exactly these tensors for them.
  static FailureOr<std::unique_ptr<OpRunner>>
  create(Operation *op, InterpreterOptions options = {},
         ArrayRef<const Tensor *> constants = {});
  virtual ~OpRunner();

  /// Runs the op on `operands` (one per operand, shaped as its type) and
  /// returns its results. Emits an error at the op on mismatch.
  virtual FailureOr<std::vector<Tensor>>
  run(ArrayRef<const Tensor *> operands) = 0;
};

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_INTERPRETER_H

//===- OpKernels.h - per-op kernels and their registry ----------*- C++ -*-===//
//
// How the interpreter dispatches: for each op it asks the KernelRegistry for
// a factory keyed by (op name, execution mode), falling back from a
// mode-specific entry to the mode-independent one. The factory runs once at
// Interpreter::create(): it reads the op's attributes (and prepares oneDNN
// primitives) and returns a PreparedOp that run() calls per inference.
//
// Each op family registers its mode-independent factories from its own file
// (register*Kernels below, called by registerBuiltinKernels). Integer mode
// registers a factory for every op (IntegerKernels.cpp);
// FakeQuant mode has entries for the ops nndct-emulate-npu-numerics marks
// (NpuEmulationKernels.cpp); everything else uses the mode-independent
// kernel.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_OPKERNELS_H
#define NNDCT_BACKENDS_INTERPRETER_OPKERNELS_H

#include "backends/interpreter/Interpreter.h"
#include "backends/interpreter/Kernels.h"

#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir::nndct {

class Conv2DOp;

/// An op ready to run: reads `inputs`, fills the preallocated `outputs`
/// (shape and kind already set from the result types).
using PreparedOp = std::function<void(ArrayRef<const Tensor *> inputs,
                                      MutableArrayRef<Tensor> outputs)>;

/// What a factory may consult besides the op.
struct KernelConfig {
  InterpreterOptions options;
  /// Constant operand values known at create() (null when not constant), in
  /// operand order; lets kernels prepare weights once.
  SmallVector<const Tensor *> constantOperands;
};

/// Result of preparing an op: a kernel, or "forward operand `aliasOperand`
/// unchanged" (identity, dropout, stubs, fix in Float mode).
struct PreparedKernel {
  PreparedOp run;
  /// Checks the input values before `run` (gather/scatter indices in
  /// range); a non-empty message fails the run with an error at the op.
  std::function<std::string(ArrayRef<const Tensor *> inputs)> check;
  int aliasOperand = -1;
  /// The oneDNN convolution behind `run`, when there is one (lets the
  /// interpreter chain convolutions in their blocked layout).
  std::shared_ptr<onednn::PreparedKernel> conv;
};

using KernelFactory = std::function<FailureOr<PreparedKernel>(
    Operation *op, const KernelConfig &config)>;

class KernelRegistry {
public:
  /// The registry with every built-in kernel.
  static KernelRegistry &get();

  /// Registers `factory` for `opName`; `mode` empty = all modes.
  void add(StringRef opName, KernelFactory factory,
           std::optional<ExecutionMode> mode = std::nullopt);

  /// The factory for `opName` in `mode`, or null.
  const KernelFactory *lookup(StringRef opName, ExecutionMode mode) const;

private:
  llvm::StringMap<KernelFactory> common;
  llvm::StringMap<KernelFactory> perMode[3];
};

/// What Float-mode fusion folds into a convolution: a following
/// batch_norm as a per-output-channel affine map (y = conv * scale + shift,
/// empty when none) and a following activation.
struct ConvFusion {
  std::vector<float> scale, shift;
  ConvPostOp post;
};

/// The shapes, strides, pads and groups of a conv2d, as the kernels take
/// them.
ConvParams convParamsOf(Conv2DOp op);

/// A conv2d with `fusion` folded in (weights and bias rescaled once, the
/// activation as a oneDNN post-op). Fails without a diagnostic when oneDNN
/// cannot run it or the weights are not constant; the caller then runs the
/// ops one by one.
FailureOr<PreparedKernel> prepareFusedConv(Operation *conv,
                                           const KernelConfig &config,
                                           const ConvFusion &fusion);

/// Registers the built-in kernels (called once by KernelRegistry::get()).
void registerBuiltinKernels(KernelRegistry &registry);

/// The families registerBuiltinKernels registers, one file each:
/// add/sub/mul/div/prelu (ElementwiseKernels.cpp); relu ... gelu
/// (ActivationKernels.cpp); conv, matmul, linear, pools (NNKernels.cpp);
/// softmax, norms, reductions (NormalizationKernels.cpp); identity, reshape,
/// transpose, slice, concat, split, pad, resize (DataMovementKernels.cpp);
/// fix and quantize/dequantize_linear (QuantKernels.cpp); the other
/// reductions, arg_max/min, log_softmax, hardmax, cumsum, top_k
/// (ReductionKernels.cpp).
void registerElementwiseKernels(KernelRegistry &registry);
void registerActivationKernels(KernelRegistry &registry);
void registerNNKernels(KernelRegistry &registry);
void registerNormalizationKernels(KernelRegistry &registry);
void registerDataMovementKernels(KernelRegistry &registry);
/// where, cast, expand, tile, gather/scatter (IndexingKernels.cpp).
void registerIndexingKernels(KernelRegistry &registry);
void registerQuantKernels(KernelRegistry &registry);
void registerReductionKernels(KernelRegistry &registry);
/// resize, grid_sample, roi_align (SamplingKernels.cpp).
void registerSamplingKernels(KernelRegistry &registry);
void registerClassicKernels(KernelRegistry &registry);

/// The tensor element kind of an MLIR element type.
ElementKind elementKindOf(Type type);

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_OPKERNELS_H

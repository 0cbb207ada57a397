//===- IntegerKernels.h - bit-exact integer execution -----------*- C++ -*-===//
//
// ExecutionMode::Integer runs a quantized function the way the NPU does:
// tensors between ops hold integer codes q (exact in the float storage of
// Tensor) and mean q * 2^-fp, where fp is known statically from the IR's
// nndct.fix ops. The fixes are the quantization points:
//
// - a fix converts its input to its own fix point (float input: quantize
//   with its round mode; integer input: shift-round-saturate);
// - conv2d (depthwise included), linear, add/sub, avg_pool2d and
//   adaptive_avg_pool2d are "heads": they accumulate in int64 and
//   requantize straight to the fix their result reaches (through relu,
//   relu6, clamp, reshape, transpose, max_pool2d, slice, concat), with
//   shift_cut = acc_fp - o, round-half-up and saturation; a leaky_relu that
//   directly follows a head is applied on the accumulator (slope
//   round(alpha * 256) / 256), as the device's conv+leaky engine does;
// - value-preserving ops (relu, reshape, transpose, max pool, slice, split,
//   stubs) run unchanged on the codes;
// - every other op runs its float kernel on dequantized inputs and, when
//   its result reaches a fix, requantizes it with that fix's rule (exactly
//   fake-quant's arithmetic).
//
// Results are codes too: integerReprOf() gives each value's fix point and
// dequantizeIntegerResults() turns a run's results into floats.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_INTEGERKERNELS_H
#define NNDCT_BACKENDS_INTERPRETER_INTEGERKERNELS_H

#include "backends/interpreter/Tensor.h"
#include "ir/NNDCTDialect.h"
#include "ir/numerics/DeviceArithmetic.h"
#include "ir/numerics/FixArithmetic.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::nndct {

class KernelRegistry;

/// How a value is held in Integer mode.
struct IntegerRepr {
  /// False: plain float values (not quantized, or outside every region).
  bool isInt = false;
  int64_t fixPoint = 0;
  int64_t bitWidth = 8;
  bool isSigned = true;
  /// The rounding of the fix that defines this value (used when a float
  /// kernel's result is requantized).
  Rounding rounding = Rounding::HalfUp;
};

/// The representation of `v` in Integer mode.
IntegerRepr integerReprOf(Value v);

/// Turns the codes a Integer-mode run of `func` returned into floats
/// (q * 2^-fp); float results are left alone.
void dequantizeIntegerResults(func::FuncOp func,
                              MutableArrayRef<Tensor> results);

/// Registers the Integer-mode kernel of every nndct op.
void registerIntegerKernels(KernelRegistry &registry);

/// Registers FakeQuant-mode kernels that honour `npu_numerics` (set by
/// nndct-emulate-npu-numerics): average pools and reduce_mean multiply by
/// the NPU's correction, hard_sigmoid computes relu6(x + 3) * 2731 / 2^14.
void registerNpuEmulationKernels(KernelRegistry &registry);

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_INTEGERKERNELS_H

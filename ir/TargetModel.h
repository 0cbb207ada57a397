//===- TargetModel.h - declarative hardware target descriptions -*- C++ -*-===//
//
// A target model says what a device can run and which numeric rules its fix
// points must obey. Passes query it (selected by the module's #nndct.target)
// instead of scattering constants. The AIE2 description follows
// docs/target-aie2.md: Vitis AI 3.5's AMD_AIE2_Nx4_Overlay engines with AMD
// Quark's NPU shift rules.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_TARGETMODEL_H
#define NNDCT_IR_TARGETMODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>

namespace mlir {
class Operation;
} // namespace mlir

namespace mlir::nndct {

/// An inclusive integer interval.
struct Interval {
  int64_t min;
  int64_t max;
  constexpr bool contains(int64_t v) const { return v >= min && v <= max; }
};

/// An engine the target does not have.
inline constexpr Interval kNoEngine = {1, 0};

/// The nonlinear activations an engine applies to its own output (fused,
/// no extra pass over memory).
enum class Nonlinear : unsigned {
  None = 0,
  Relu = 1 << 0,
  Relu6 = 1 << 1,
  LeakyRelu = 1 << 2,
  PRelu = 1 << 3,
  HardSigmoid = 1 << 4,
  HardSwish = 1 << 5,
};
constexpr Nonlinear operator|(Nonlinear a, Nonlinear b) {
  return Nonlinear(unsigned(a) | unsigned(b));
}
constexpr bool contains(Nonlinear set, Nonlinear n) {
  return (unsigned(set) & unsigned(n)) != 0;
}

/// Limits of one engine. Kernel, stride and dilation bound each spatial
/// dimension; padding on each side must be at most (kernel - 1) * dilation
/// (the DPU/NPU rule; larger padding reads only zeros).
struct EngineLimits {
  Interval kernel;
  Interval stride;
  Interval dilation = {1, 1};
  /// kernel_h must equal kernel_w.
  bool squareKernel = false;
  /// Output channels at most this (0: no limit).
  int64_t maxOutputChannels = 0;
  /// Channels processed in parallel (the bank/tile width).
  int64_t channelParallel = 0;
  /// kernel_h * kernel_w * ceil(in_channels / channelParallel) at most this
  /// (the weight bank depth; 0: no limit).
  int64_t bankDepth = 0;
  /// dilation * in_channels at most this (0: no limit).
  int64_t maxDilationChannels = 0;
  /// Activations fused into the engine's output.
  Nonlinear fused = Nonlinear::None;

  /// Whether the target has this engine at all.
  bool exists() const { return kernel.min <= kernel.max; }
};

/// The engines an op can be placed on, named as reports and tests spell
/// them.
enum class Engine {
  Conv,
  DepthwiseConv,
  TransposedConv,
  Eltwise,
  Pool,
  Activation,
  DataMovement,
};
llvm::StringRef stringifyEngine(Engine e);

/// A difference of fix points no rule bounds.
inline constexpr Interval kAnyShift = {-1024, 1024};

/// Fix-point shift rules (notation of docs/numerics.md: i, w, b, o are the
/// fix points of input, weight, bias and output). nndct-legalize-fix-points
/// turns each into linear constraints; nndct-verify-target checks them.
struct ShiftRules {
  Interval shiftCut;      ///< w + i - o for conv-like ops
  int64_t shiftBiasMax;   ///< upper bound of w + i - b
  int64_t shiftBiasSpan;  ///< lower bound is min(0, -(span - (8 + shift_cut)))
                          ///< (0 when a leaky relu follows)
  Interval shiftRead;     ///< max(i) - min(i) for add/sub
  Interval shiftWriteAdd; ///< min(i) - o for add
  Interval shiftWriteMul; ///< sum(i) - o for mul
  Interval hardSigmoidIn; ///< i of hard sigmoid
  int64_t hardSigmoidOutMin;
  Interval hardSigmoidWindow; ///< i - o of hard sigmoid (AIE2: 14 + i - o in
                              ///< (0, 31])
  Interval hardSwishIn;       ///< i of hard swish
  int64_t hardSwishOutOverIn; ///< o - i of hard swish at most this
  /// Average pools (max pools and data movement keep their input's fix by
  /// the quant groups) write at their input's fix point.
  bool alignAveragePools;
};

/// The device's integer arithmetic where it differs from the float model
/// (docs/numerics.md §Device numerics); nndct-emulate-npu-numerics and the
/// integer interpreter apply these.
struct DeviceNumerics {
  /// Leaky-relu slopes are k / leakyDenominator.
  int64_t leakyDenominator;
  /// When nonzero, the only slope the engine runs (in units of
  /// 1 / leakyDenominator); another slope has no NPU kernel.
  int64_t fixedLeakyNumerator;
  /// The engine's 1/6 in hard sigmoid: multiplier / 2^shift.
  int64_t hardSigmoidMultiplier;
  int64_t hardSigmoidShift;
  /// Averages use the device's multiplier/shift table
  /// (ir/numerics/DeviceArithmetic.h avgFactor).
  bool avgPoolFactors;
};

/// What a target supports and how it computes.
struct TargetModel {
  llvm::StringLiteral name;
  llvm::StringLiteral description;
  int64_t bitWidth; ///< activation/weight/bias bits
  EngineLimits conv;
  EngineLimits depthwiseConv;
  EngineLimits transposedConv;
  EngineLimits maxPool;
  EngineLimits avgPool;
  /// Binary add/sub/mul on two activations.
  Nonlinear eltwiseFused;
  /// Activations with a kernel of their own (not fused into a producer).
  Nonlinear standalone;
  /// Whether nearest-neighbour upsampling by an integer factor runs on the
  /// device.
  bool nearestResize;
  ShiftRules shifts;
  DeviceNumerics numerics;
  /// Whether the conv engine runs group counts other than 1 and depthwise;
  /// if not, nndct-legalize-target splits such a conv per group.
  bool groupedConvolution;
  /// The engine's hard sigmoid, clamp(alpha * x + beta, 0, 1); another
  /// form is rewritten to this one of an affinely mapped input.
  double hardSigmoidAlpha;
  double hardSigmoidBeta;
  /// On-chip memory: bytes per core tile (or per DPU bank) and per memory
  /// tile; reports only, no op is placed by them yet.
  int64_t coreMemoryBytes;
  int64_t sharedMemoryBytes;

  /// The target registered under `name`, or nullptr.
  static const TargetModel *lookup(llvm::StringRef name);
  /// Every registered target.
  static llvm::ArrayRef<const TargetModel *> all();
};

/// The target model named by the `nndct.target` of the module enclosing
/// `op` (or `op` itself), or nullptr when it has none.
const TargetModel *getTargetModel(Operation *op);

} // namespace mlir::nndct

#endif // NNDCT_IR_TARGETMODEL_H

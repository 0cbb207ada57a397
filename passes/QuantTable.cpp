//===- QuantTable.cpp - which nndct ops are quantized, and how ------------===//
//
// The table itself: every nndct op type and its QuantRole. Compute ops are
// the quantizable types of vai_q_pytorch (spec §Quant groups); followers are
// the activation/shape ops that merge into their producer's group.
//
//===----------------------------------------------------------------------===//

#include "passes/QuantTable.h"

#include "ir/NNDCTOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::nndct;

/// True when `op` reads or writes an integer or bool tensor: masks,
/// indices and integer data have no fix point, so such an op never takes
/// part in a quant group (no fix lands on a non-float tensor).
static bool touchesNonFloat(Operation *op) {
  auto nonFloat = [](Type t) {
    auto shaped = dyn_cast<ShapedType>(t);
    return shaped && !isa<FloatType>(shaped.getElementType());
  };
  return llvm::any_of(op->getOperandTypes(), nonFloat) ||
         llvm::any_of(op->getResultTypes(), nonFloat);
}

/// The role by op type alone.
static QuantRole tableRole(Operation *op) {
  return llvm::TypeSwitch<Operation *, QuantRole>(op)
      // Quant group heads: the quantizable op types.
      .Case<Conv2DOp, ConvTranspose2DOp, LinearOp, MatMulOp, AddOp, SubOp,
            MulOp, DivOp, MaxPool2DOp, AvgPool2DOp, AdaptiveAvgPool2DOp,
            ReduceMeanOp, ReduceSumOp, ReduceMaxOp, PadOp, HardSwishOp,
            HardSigmoidOp, SoftmaxOp, PReluOp, GeluOp, LayerNormOp>(
          [](auto) { return QuantRole::Compute; })
      // Activation and shape ops: they merge into their producer's group.
      .Case<ReluOp, Relu6Op, LeakyReluOp, ClampOp, ReshapeOp, TransposeOp,
            SliceOp, SplitOp, DropoutOp, IdentityOp>(
          [](auto) { return QuantRole::Follower; })
      // Nearest resize moves values (a follower, as vai's upsample);
      // bilinear computes new ones (its own group); cubic and crop and
      // resize have no pof2 kernel (float).
      .Case<ResizeOp>([](ResizeOp r) {
        if (r.getMode() == ResizeMode::cubic ||
            r.getCoordinateMode() == CoordinateMode::tf_crop_and_resize)
          return QuantRole::Float;
        return r.getMode() == ResizeMode::nearest ? QuantRole::Follower
                                                  : QuantRole::Compute;
      })
      .Case<ConcatOp>([](auto) { return QuantRole::Concat; })
      .Case<QuantStubOp>([](auto) { return QuantRole::Input; })
      .Case<ConstantOp>([](auto) { return QuantRole::Constant; })
      .Case<DequantStubOp, RegionOp, YieldOp, FixOp>(
          [](auto) { return QuantRole::Structural; })
      // Float ops with no pof2 kernel: they stay float inside a region.
      .Case<SigmoidOp, TanhOp, SiluOp, AbsOp, SqrtOp, ExpOp, LogOp, ErfOp,
            FloorOp, CeilOp, RoundOp, PowOp>(
          [](auto) { return QuantRole::Float; })
      // Reductions, index ops, scans and top-k: float only, on the CPU.
      .Case<ReduceMinOp, ReduceProdOp, ReduceL1Op, ReduceL2Op, ReduceLogSumOp,
            ReduceLogSumExpOp, ReduceSumSquareOp, ArgMaxOp, ArgMinOp,
            LogSoftmaxOp, HardmaxOp, CumSumOp, TopKOp>(
          [](auto) { return QuantRole::Float; })
      // Integer, comparison and logic ops, casts, gather/scatter: float
      // or integer compute with no pof2 kernel.
      .Case<NegOp, SignOp, ReciprocalOp, SinOp, CosOp, TanOp, AsinOp, AcosOp,
            AtanOp, SinhOp, CoshOp, AsinhOp, AcoshOp, AtanhOp, MinOp, MaxOp,
            ModOp, EqualOp, GreaterOp, GreaterEqualOp, LessOp, LessEqualOp,
            LogicalAndOp, LogicalOrOp, LogicalXorOp, LogicalNotOp, IsNaNOp,
            IsInfOp, WhereOp, CastOp, ExpandOp, TileOp, GatherOp,
            GatherElementsOp, GatherNDOp, ScatterNDOp, ScatterElementsOp>(
          [](auto) { return QuantRole::Float; })
      // Exponential and smooth activations: no pof2 kernel.
      .Case<EluOp, SeluOp, CeluOp, ThresholdedReluOp, SoftplusOp, SoftsignOp,
            ShrinkOp>([](auto) { return QuantRole::Float; })
      // Classic CNN layers and masks: no pof2 kernel.
      .Case<MaxPool2DWithIndicesOp, MaxUnpool2DOp, LRNOp, TriluOp, OneHotOp>(
          [](auto) { return QuantRole::Float; })
      // Group/instance norm and the 3-D window ops: no pof2 kernel either.
      .Case<GroupNormOp, Conv3DOp, ConvTranspose3DOp, MaxPool3DOp, AvgPool3DOp>(
          [](auto) { return QuantRole::Float; })
      // Sampling at data-dependent points: float only.
      .Case<GridSampleOp, RoiAlignOp>([](auto) { return QuantRole::Float; })
      .Case<QuantizeLinearOp, DequantizeLinearOp, BatchNormOp>(
          [](auto) { return QuantRole::Forbidden; })
      .Default([](Operation *op) {
        return isa<NNDCTDialect>(op->getDialect()) ? QuantRole::Float
                                                   : QuantRole::Forbidden;
      });
}

QuantRole mlir::nndct::getQuantRole(Operation *op) {
  QuantRole role = tableRole(op);
  if ((role == QuantRole::Compute || role == QuantRole::Follower ||
       role == QuantRole::Concat || role == QuantRole::Input) &&
      touchesNonFloat(op))
    return QuantRole::Float;
  return role;
}

StringRef mlir::nndct::getForbiddenReason(Operation *op) {
  if (isa<QuantizeLinearOp, DequantizeLinearOp>(op))
    return "it is already quantized (affine QDQ)";
  if (isa<BatchNormOp>(op))
    return "batch_norm must be folded first (run nndct-fold-batchnorm)";
  return "it is not an nndct op";
}

bool mlir::nndct::isBiasOperand(Operation *op, unsigned index) {
  // conv2d, conv_transpose2d and linear are (input, weight, bias?).
  if (isa<Conv2DOp, ConvTranspose2DOp, LinearOp>(op))
    return index == 2;
  if (auto ln = dyn_cast<LayerNormOp>(op))
    return ln.getBias() && op->getOperand(index) == ln.getBias();
  return false;
}

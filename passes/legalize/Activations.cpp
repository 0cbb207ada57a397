//===- Activations.cpp - activations in the forms the engines compute -----===//
//
// Hard sigmoid in the engine's own form (exact: an affine map of the input,
// folded into the producer when it can be), and, when asked for, sigmoid as
// hard sigmoid and SiLU as hard swish (approximations, documented in
// docs/target-aie2.md: |sigmoid - hard sigmoid| < 0.07 and
// |silu - hard swish| < 0.143 with the relu6(x + 3) / 6 form). An
// activation after a concat of engine outputs moves before the concat,
// where each engine applies it (exact: the activation is elementwise).
//
//===----------------------------------------------------------------------===//

#include "passes/legalize/LegalizePatterns.h"

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "ir/TargetSupport.h"
#include "passes/ChannelAffineFold.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// An f32 constant of one value, broadcastable against a tensor of `rank`.
Value scalarLike(PatternRewriter &rewriter, Location loc, int64_t rank,
                 float value, StringRef name) {
  auto type = RankedTensorType::get(SmallVector<int64_t>(rank, 1),
                                    rewriter.getF32Type());
  return createFloatConstant(rewriter, loc, type, name, {value});
}

/// Whether the target's hard sigmoid is hard_swish's relu6(x + 3) / 6.
bool engineIsHardSwishForm(const TargetModel &target) {
  return std::fabs(target.hardSigmoidAlpha - 1.0 / 6.0) <= 1e-6 &&
         std::fabs(target.hardSigmoidBeta - 0.5) <= 1e-6;
}

/// The target's hard sigmoid of `x`.
Value engineHardSigmoid(PatternRewriter &rewriter, Location loc, Value x,
                        const TargetModel &target) {
  // The device constants are nndct-emulate-npu-numerics' to record.
  return HardSigmoidOp::create(rewriter, loc, x,
                               APFloat(float(target.hardSigmoidAlpha)),
                               APFloat(float(target.hardSigmoidBeta)),
                               /*npu_multiplier=*/nullptr,
                               /*npu_shift=*/nullptr);
}

/// hard_sigmoid(alpha, beta)(x) = clamp(alpha x + beta, 0, 1) is the
/// engine's clamp(a y + b, 0, 1) of y = (alpha / a) x + (beta - b) / a.
struct HardSigmoidToEngineForm : OpRewritePattern<HardSigmoidOp> {
  HardSigmoidToEngineForm(MLIRContext *context, const TargetModel &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(HardSigmoidOp hs,
                                PatternRewriter &rewriter) const override {
    double alpha = hs.getAlpha().convertToDouble();
    double beta = hs.getBeta().convertToDouble();
    double a = target.hardSigmoidAlpha, b = target.hardSigmoidBeta;
    if (std::fabs(alpha - a) <= 1e-6 && std::fabs(beta - b) <= 1e-6)
      return rewriter.notifyMatchFailure(hs, "already the engine's form");
    if (alpha <= 0.0)
      return rewriter.notifyMatchFailure(hs, "alpha <= 0 (not a sigmoid)");
    float scale = float(alpha / a), shift = float((beta - b) / a);

    Value in = hs.getInput();
    Operation *producer = in.getDefiningOp();
    std::optional<int64_t> channels =
        producer ? outputChannels(producer) : std::nullopt;
    bool folded = false;
    if (channels && in.hasOneUse()) {
      rewriter.startOpModification(producer);
      folded = succeeded(
          foldChannelAffine(producer, uniformAffine(*channels, scale, shift),
                            ".hsfold", producer->getLoc()));
      if (folded)
        rewriter.finalizeOpModification(producer);
      else
        rewriter.cancelOpModification(producer);
    }
    if (!folded) {
      rewriter.setInsertionPoint(hs);
      Location loc = hs.getLoc();
      int64_t rank = cast<RankedTensorType>(in.getType()).getRank();
      in = MulOp::create(rewriter, loc, in,
                         scalarLike(rewriter, loc, rank, scale,
                                    derivedName(hs, ".input_scale")));
      if (shift != 0.0f)
        in = AddOp::create(rewriter, loc, in,
                           scalarLike(rewriter, loc, rank, shift,
                                      derivedName(hs, ".input_shift")));
    }
    rewriter.modifyOpInPlace(hs, [&] {
      hs.getInputMutable().assign(in);
      hs.setAlpha(APFloat(float(a)));
      hs.setBeta(APFloat(float(b)));
    });
    return success();
  }

  const TargetModel &target;
};

/// sigmoid(x) as the engine's hard sigmoid (convert-sigmoid).
struct SigmoidToHardSigmoid : OpRewritePattern<SigmoidOp> {
  SigmoidToHardSigmoid(MLIRContext *context, const TargetModel &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(SigmoidOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, engineHardSigmoid(rewriter, op.getLoc(), op.getInput(), target));
    return success();
  }

  const TargetModel &target;
};

/// x * hard_sigmoid(x) in the engine's form: hard_swish when the engine's
/// hard sigmoid is relu6(x + 3) / 6, else the product.
Value engineHardSwish(PatternRewriter &rewriter, Location loc, Value x,
                      const TargetModel &target) {
  if (engineIsHardSwishForm(target))
    return HardSwishOp::create(rewriter, loc, x);
  return MulOp::create(rewriter, loc, x,
                       engineHardSigmoid(rewriter, loc, x, target));
}

/// silu(x) as hard swish (convert-silu).
struct SiluToHardSwish : OpRewritePattern<SiluOp> {
  SiluToHardSwish(MLIRContext *context, const TargetModel &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(SiluOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, engineHardSwish(rewriter, op.getLoc(), op.getInput(), target));
    return success();
  }

  const TargetModel &target;
};

/// x * sigmoid(x) (either operand order), SiLU written out, as hard swish
/// (convert-silu). The sigmoid stays when something else uses it.
struct MulSigmoidToHardSwish : OpRewritePattern<MulOp> {
  MulSigmoidToHardSwish(MLIRContext *context, const TargetModel &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    Value lhs = op.getLhs(), rhs = op.getRhs();
    Value x;
    if (auto s = rhs.getDefiningOp<SigmoidOp>(); s && s.getInput() == lhs)
      x = lhs;
    else if (auto s = lhs.getDefiningOp<SigmoidOp>(); s && s.getInput() == rhs)
      x = rhs;
    if (!x)
      return rewriter.notifyMatchFailure(op, "not x * sigmoid(x)");
    if (x.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "broadcasting product");
    rewriter.replaceOp(op, engineHardSwish(rewriter, op.getLoc(), x, target));
    return success();
  }

  const TargetModel &target;
};

/// act(concat(x_0, .., x_n)) = concat(act(x_0), .., act(x_n)) for an
/// elementwise activation. Done when every x_i is the only use of an NPU
/// engine op that applies the activation, which then runs fused there
/// instead of alone after the concat (a grouped conv split per group, as
/// in RegNet and ResNeXt, is followed by its activation).
struct ActivationBeforeConcat : RewritePattern {
  ActivationBeforeConcat(MLIRContext *context, const TargetModel &target)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context),
        target(target) {}

  LogicalResult matchAndRewrite(Operation *act,
                                PatternRewriter &rewriter) const override {
    Nonlinear n = nonlinearOf(act, target);
    if (n == Nonlinear::None || act->getNumOperands() != 1 ||
        act->getNumResults() != 1 ||
        act->getOperand(0).getType() != act->getResult(0).getType())
      return rewriter.notifyMatchFailure(act, "not an elementwise activation");
    auto concat = act->getOperand(0).getDefiningOp<ConcatOp>();
    if (!concat || !concat->hasOneUse())
      return rewriter.notifyMatchFailure(act, "not the only user of a concat");
    for (Value part : concat.getInputs()) {
      Operation *producer = part.getDefiningOp();
      if (!producer || !part.hasOneUse())
        return rewriter.notifyMatchFailure(act, "a part is not an op's own");
      OpSupport support = checkOpSupport(target, producer);
      if (!support.onNpu() ||
          !contains(fusedNonlinears(target, support.engine), n))
        return rewriter.notifyMatchFailure(act, "a part's engine cannot "
                                                "apply the activation");
    }
    SmallVector<Value> parts;
    for (auto [i, part] : llvm::enumerate(concat.getInputs())) {
      Operation *copy = rewriter.clone(*act);
      copy->setLoc(derivedLoc(act, ".part" + std::to_string(i)));
      copy->setOperand(0, part);
      copy->getResult(0).setType(part.getType());
      parts.push_back(copy->getResult(0));
    }
    rewriter.replaceOp(act, ConcatOp::create(rewriter, concat.getLoc(), parts,
                                             concat.getAxisAttr()));
    rewriter.eraseOp(concat);
    return success();
  }

  const TargetModel &target;
};

} // namespace

void mlir::nndct::populateActivationLegalization(
    RewritePatternSet &patterns, const TargetModel &target,
    const LegalizeChoices &choices) {
  patterns.add<HardSigmoidToEngineForm, ActivationBeforeConcat>(
      patterns.getContext(), target);
  if (choices.convertSigmoid)
    patterns.add<SigmoidToHardSigmoid>(patterns.getContext(), target);
}

void mlir::nndct::populateSiluLegalization(RewritePatternSet &patterns,
                                           const TargetModel &target) {
  patterns.add<SiluToHardSwish, MulSigmoidToHardSwish>(patterns.getContext(),
                                                       target);
}

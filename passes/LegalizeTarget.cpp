//===- LegalizeTarget.cpp - rewrite ops into what the target runs ---------===//
//
// nndct-legalize-target: an op the target's engines cannot run as written
// but can run in an equivalent form is rewritten into that form before
// quantization, so calibration sees, and the exporters write, what the
// device computes. The target model (ir/TargetModel.h) decides; without a
// `#nndct.target` the pass changes nothing.
//
//===----------------------------------------------------------------------===//

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "ir/Naming.h"
#include "ir/TargetModel.h"
#include "passes/ChannelAffineFold.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::nndct {
#define GEN_PASS_DEF_LEGALIZETARGETPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// A blob name for a constant derived from `op`'s node.
std::string derivedName(Operation *op, StringRef suffix) {
  std::optional<std::string> name = userName(op->getLoc());
  return (name ? *name : op->getName().stripDialect().str()) + suffix.str();
}

/// An f32 constant of one value, broadcastable against a tensor of `rank`.
Value scalarLike(PatternRewriter &rewriter, Location loc, int64_t rank,
                 float value, StringRef name) {
  auto type = RankedTensorType::get(SmallVector<int64_t>(rank, 1),
                                    rewriter.getF32Type());
  return createFloatConstant(rewriter, loc, type, name, {value});
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

/// A grouped conv2d as one conv2d per group on a channel slice of the
/// input, with that group's block of the weights, joined by a concat.
struct SplitGroupedConv : OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DOp conv,
                                PatternRewriter &rewriter) const override {
    int64_t groups = conv.getGroups();
    if (groups == 1 || conv.isDepthwise())
      return rewriter.notifyMatchFailure(conv, "not a grouped conv");
    std::optional<std::vector<float>> weights =
        readFloats(getConstantValue(conv.getWeight()));
    std::optional<std::vector<float>> bias;
    if (conv.getBias())
      bias = readFloats(getConstantValue(conv.getBias()));
    if (!weights || (conv.getBias() && !bias))
      return rewriter.notifyMatchFailure(conv, "parameters are not constant");

    auto inType = cast<RankedTensorType>(conv.getInput().getType());
    auto wType = cast<RankedTensorType>(conv.getWeight().getType());
    ArrayRef<int64_t> in = inType.getShape(), w = wType.getShape();
    int64_t inPerGroup = in[1] / groups, outPerGroup = w[0] / groups;
    int64_t perOut = w[1] * w[2] * w[3];
    std::string weightName =
        resourceName(getConstantValue(conv.getWeight()), "conv");
    std::string biasName =
        conv.getBias() ? resourceName(getConstantValue(conv.getBias()), "conv")
                       : "";

    Location loc = conv.getLoc();
    rewriter.setInsertionPoint(conv);
    SmallVector<Value> parts;
    for (int64_t g = 0; g < groups; ++g) {
      std::string suffix = ".group" + std::to_string(g);
      Value slice = SliceOp::create(
          rewriter, loc, conv.getInput(),
          rewriter.getDenseI64ArrayAttr({0, g * inPerGroup, 0, 0}),
          rewriter.getDenseI64ArrayAttr(
              {in[0], (g + 1) * inPerGroup, in[2], in[3]}),
          rewriter.getDenseI64ArrayAttr({1, 1, 1, 1}));
      auto blockType = RankedTensorType::get({outPerGroup, w[1], w[2], w[3]},
                                             wType.getElementType());
      ArrayRef<float> block(weights->data() + g * outPerGroup * perOut,
                            outPerGroup * perOut);
      Value wg = createFloatConstant(rewriter, loc, blockType,
                                     weightName + suffix, block);
      Value bg;
      if (bias)
        bg = createFloatConstant(
            rewriter, loc,
            RankedTensorType::get({outPerGroup}, wType.getElementType()),
            biasName + suffix,
            ArrayRef<float>(bias->data() + g * outPerGroup, outPerGroup));
      parts.push_back(
          Conv2DOp::create(rewriter, loc, slice, wg, bg, conv.getStridesAttr(),
                           conv.getPadsAttr(), conv.getDilationsAttr(),
                           rewriter.getI64IntegerAttr(1)));
    }
    rewriter.replaceOpWithNewOp<ConcatOp>(conv, parts,
                                          rewriter.getI64IntegerAttr(1));
    return success();
  }
};

struct LegalizeTargetPass
    : public nndct::impl::LegalizeTargetPassBase<LegalizeTargetPass> {
  void runOnOperation() override {
    const TargetModel *target = getTargetModel(getOperation());
    if (!target)
      return;
    RewritePatternSet patterns(&getContext());
    patterns.add<HardSigmoidToEngineForm>(&getContext(), *target);
    if (!target->groupedConvolution)
      patterns.add<SplitGroupedConv>(&getContext());
    // Each rewrite removes what it matched: no fixed-point iteration needed
    // beyond the driver's own.
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

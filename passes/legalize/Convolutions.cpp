//===- Convolutions.cpp - convolutions the conv engine runs ---------------===//
//
// A grouped convolution, on a target whose conv engine runs groups 1 and
// depthwise only, becomes one convolution per group joined by a concat.
//
//===----------------------------------------------------------------------===//

#include "passes/legalize/LegalizePatterns.h"

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"

using namespace mlir;
using namespace mlir::nndct;

namespace {

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
      // Each part has its own name, so every export names it alike (a
      // shared one is uniqued by each exporter on its own).
      Value slice = SliceOp::create(
          rewriter, derivedLoc(conv, suffix + ".input"), conv.getInput(),
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
      parts.push_back(Conv2DOp::create(
          rewriter, derivedLoc(conv, suffix), slice, wg, bg,
          conv.getStridesAttr(), conv.getPadsAttr(), conv.getDilationsAttr(),
          rewriter.getI64IntegerAttr(1)));
    }
    rewriter.replaceOpWithNewOp<ConcatOp>(conv, parts,
                                          rewriter.getI64IntegerAttr(1));
    return success();
  }
};

} // namespace

void mlir::nndct::populateConvLegalization(RewritePatternSet &patterns,
                                           const TargetModel &target) {
  if (!target.groupedConvolution)
    patterns.add<SplitGroupedConv>(patterns.getContext());
}

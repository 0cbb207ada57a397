//===- PadFolding.cpp - explicit zero padding into the consumer -----------===//
//
// ONNX exports often write "same" padding as a Pad node before the conv or
// pool. The engines pad themselves, within the rule pad <= kernel - 1 per
// side: an explicit zero pad of H and W folds into a conv2d (depthwise or
// not) or an avg_pool2d that then stays within the engine's limits.
//
//===----------------------------------------------------------------------===//

#include "passes/legalize/LegalizePatterns.h"

#include "ir/NNDCTOps.h"

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// The largest padding per side an engine applies to a window of `kernel`
/// taps: the DPU/NPU rule pad <= kernel - 1. It becomes the padding limit
/// of the target's EngineLimits once the target model records one.
int64_t maxEnginePad(int64_t kernel) { return kernel - 1; }

/// The `[top, left, bottom, right]` padding of an explicit zero pad of H and
/// W only, or nullopt for another pad.
std::optional<SmallVector<int64_t, 4>> spatialZeroPad(PadOp pad) {
  if (pad.getMode() != PadMode::constant || !pad.getValue().isZero())
    return std::nullopt;
  ArrayRef<int64_t> p = pad.getPads();
  if (p.size() != 8 || p[0] || p[1] || p[4] || p[5] ||
      llvm::any_of(p, [](int64_t v) { return v < 0; }))
    return std::nullopt;
  return SmallVector<int64_t, 4>{p[2], p[3], p[6], p[7]};
}

/// `own` plus the explicit pad, or nullopt when a side exceeds the engine's
/// padding for a `kh` x `kw` window.
std::optional<SmallVector<int64_t, 4>>
combinedPads(ArrayRef<int64_t> own, ArrayRef<int64_t> explicitPad, int64_t kh,
             int64_t kw) {
  SmallVector<int64_t, 4> pads;
  for (int i = 0; i < 4; ++i) {
    pads.push_back(own[i] + explicitPad[i]);
    if (pads.back() > maxEnginePad(i % 2 == 0 ? kh : kw))
      return std::nullopt;
  }
  return pads;
}

struct FoldPadIntoConv : OpRewritePattern<Conv2DOp> {
  FoldPadIntoConv(MLIRContext *context, const TargetModel &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(Conv2DOp conv,
                                PatternRewriter &rewriter) const override {
    auto pad = conv.getInput().getDefiningOp<PadOp>();
    std::optional<SmallVector<int64_t, 4>> p =
        pad ? spatialZeroPad(pad) : std::nullopt;
    if (!p)
      return rewriter.notifyMatchFailure(conv, "input is not a zero pad");
    ArrayRef<int64_t> w =
        cast<RankedTensorType>(conv.getWeight().getType()).getShape();
    const EngineLimits &limits =
        conv.isDepthwise() ? target.depthwiseConv : target.conv;
    if (!fitsEngine(limits, w[2], w[3], conv.getStrides()[0],
                    conv.getStrides()[1]))
      return rewriter.notifyMatchFailure(conv, "outside the engine's limits");
    std::optional<SmallVector<int64_t, 4>> pads =
        combinedPads(conv.getPads(), *p, w[2], w[3]);
    if (!pads)
      return rewriter.notifyMatchFailure(conv, "padding beyond kernel - 1");
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getInputMutable().assign(pad.getInput());
      conv.setPads(*pads);
    });
    return success();
  }

  const TargetModel &target;
};

/// With count_include_pad the explicit zeros and the pool's own padding
/// both count in the divisor, as the pad's zeros did; without it the fold
/// is exact only when the pool had no padding of its own.
struct FoldPadIntoAvgPool : OpRewritePattern<AvgPool2DOp> {
  FoldPadIntoAvgPool(MLIRContext *context, const TargetModel &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(AvgPool2DOp pool,
                                PatternRewriter &rewriter) const override {
    auto pad = pool.getInput().getDefiningOp<PadOp>();
    std::optional<SmallVector<int64_t, 4>> p =
        pad ? spatialZeroPad(pad) : std::nullopt;
    if (!p)
      return rewriter.notifyMatchFailure(pool, "input is not a zero pad");
    ArrayRef<int64_t> k = pool.getKernelSize();
    if (!fitsEngine(target.avgPool, k[0], k[1], pool.getStrides()[0],
                    pool.getStrides()[1]))
      return rewriter.notifyMatchFailure(pool, "outside the engine's limits");
    if (!pool.getCountIncludePad() &&
        llvm::any_of(pool.getPads(), [](int64_t v) { return v != 0; }))
      return rewriter.notifyMatchFailure(
          pool, "own padding excluded from the divisor");
    std::optional<SmallVector<int64_t, 4>> pads =
        combinedPads(pool.getPads(), *p, k[0], k[1]);
    if (!pads)
      return rewriter.notifyMatchFailure(pool, "padding beyond kernel - 1");
    rewriter.modifyOpInPlace(pool, [&] {
      pool.getInputMutable().assign(pad.getInput());
      pool.setPads(*pads);
      pool.setCountIncludePad(true);
    });
    return success();
  }

  const TargetModel &target;
};

} // namespace

void mlir::nndct::populatePadFolding(RewritePatternSet &patterns,
                                     const TargetModel &target) {
  patterns.add<FoldPadIntoConv, FoldPadIntoAvgPool>(patterns.getContext(),
                                                    target);
}

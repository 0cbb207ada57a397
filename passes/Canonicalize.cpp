//===- Canonicalize.cpp - canonical form of nndct IR -----------------------===//
//
// nndct-canonicalize: inference-time no-ops disappear and constant shape
// manipulation is done at compile time, so later passes see one form:
// quant groups do not stop at a dropout, and weights reach their consumers
// as plain constants.
//
//===----------------------------------------------------------------------===//

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::nndct {
#define GEN_PASS_DEF_CANONICALIZEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {
/// dropout and identity are the identity at inference.
template <typename OpTy>
struct RemovePassThrough : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

/// Replaces a data-movement op of a constant by a constant holding the moved
/// data. `gather(i)` gives the source index of result element i.
LogicalResult foldMovedConstant(Operation *op, Value input, PatternRewriter &rewriter,
                                function_ref<int64_t(int64_t)> gather) {
  ElementsAttr value = getConstantValue(input);
  if (!value)
    return rewriter.notifyMatchFailure(op, "input is not a constant");
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (auto dense = dyn_cast<DenseElementsAttr>(value); dense && dense.isSplat()) {
    rewriter.replaceOpWithNewOp<ConstantOp>(op, type, dense.resizeSplat(type));
    return success();
  }
  if (type.getElementType().isF32()) {
    auto data = readFloats(value);
    if (!data)
      return rewriter.notifyMatchFailure(op, "constant has no data");
    std::vector<float> moved(type.getNumElements());
    for (int64_t i = 0; i < type.getNumElements(); ++i)
      moved[i] = (*data)[gather(i)];
    rewriter.replaceOp(op, createFloatConstant(rewriter, op->getLoc(), type,
                                               resourceName(value, "folded"), moved));
    return success();
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense)
    return rewriter.notifyMatchFailure(op, "unsupported constant form");
  auto values = llvm::to_vector(dense.getValues<Attribute>());
  SmallVector<Attribute> moved;
  for (int64_t i = 0; i < type.getNumElements(); ++i)
    moved.push_back(values[gather(i)]);
  rewriter.replaceOpWithNewOp<ConstantOp>(op, type, DenseElementsAttr::get(type, moved));
  return success();
}

struct FoldConstantReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op, PatternRewriter &rewriter) const override {
    return foldMovedConstant(op, op.getInput(), rewriter, [](int64_t i) { return i; });
  }
};

struct FoldConstantTranspose : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op, PatternRewriter &rewriter) const override {
    auto inShape = cast<RankedTensorType>(op.getInput().getType()).getShape();
    auto outShape = cast<RankedTensorType>(op.getType()).getShape();
    ArrayRef<int64_t> perm = op.getPerm();
    SmallVector<int64_t> inStrides(inShape.size(), 1);
    for (int64_t d = int64_t(inShape.size()) - 2; d >= 0; --d)
      inStrides[d] = inStrides[d + 1] * inShape[d + 1];
    return foldMovedConstant(op, op.getInput(), rewriter, [&](int64_t i) {
      int64_t src = 0;
      for (int64_t d = int64_t(outShape.size()) - 1; d >= 0; --d) {
        src += (i % outShape[d]) * inStrides[perm[d]];
        i /= outShape[d];
      }
      return src;
    });
  }
};

/// reshape(reshape(x)) -> reshape(x).
struct CombineReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op, PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a reshape");
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), inner.getInput());
    return success();
  }
};

/// transpose with the identity permutation is a no-op.
struct RemoveIdentityTranspose : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op, PatternRewriter &rewriter) const override {
    for (auto [i, p] : llvm::enumerate(op.getPerm()))
      if (int64_t(i) != p)
        return rewriter.notifyMatchFailure(op, "not the identity permutation");
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

/// A pad that adds nothing (exporters emit these before pools) is a no-op.
struct RemoveZeroPad : OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PadOp op, PatternRewriter &rewriter) const override {
    if (llvm::any_of(op.getPads(), [](int64_t p) { return p != 0; }))
      return rewriter.notifyMatchFailure(op, "pads are not all zero");
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

/// clamp(0, 6) is relu6 and clamp(0, +inf) is relu: the NPU fuses those.
struct ClampToRelu : OpRewritePattern<ClampOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ClampOp op, PatternRewriter &rewriter) const override {
    float lo = op.getMin().convertToFloat(), hi = op.getMax().convertToFloat();
    if (lo != 0.0f)
      return rewriter.notifyMatchFailure(op, "lower bound is not 0");
    if (hi == 6.0f) {
      rewriter.replaceOpWithNewOp<Relu6Op>(op, op.getInput());
      return success();
    }
    if (hi >= std::numeric_limits<float>::max()) {
      rewriter.replaceOpWithNewOp<ReluOp>(op, op.getInput());
      return success();
    }
    return rewriter.notifyMatchFailure(op, "upper bound is neither 6 nor +inf");
  }
};

struct CanonicalizePass : public nndct::impl::CanonicalizePassBase<CanonicalizePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateCanonicalizePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace

void mlir::nndct::populateCanonicalizePatterns(RewritePatternSet &patterns) {
  patterns.add<RemovePassThrough<DropoutOp>, RemovePassThrough<IdentityOp>,
               FoldConstantReshape, FoldConstantTranspose, CombineReshapes,
               RemoveIdentityTranspose, RemoveZeroPad, ClampToRelu>(patterns.getContext());
}

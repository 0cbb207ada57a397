//===- NormalizationPatterns.cpp - normalizations from their decomposed form =//
//
// Exporters without a LayerNormalization op (Paddle2ONNX, torch at opset <
// 17) write it as
//   d = x - reduce_mean(x); y = d / sqrt(reduce_mean(d^2) + eps) * g + b
// and GroupNorm as that (or an InstanceNormalization) on a [N, G, rest]
// reshape of the input followed by a per-channel affine part. These
// canonicalization patterns put the ops back together (nndct.layer_norm,
// nndct.group_norm), so the normalization is quantized or placed as one unit.
// Every structural fact is checked: the reduced axes are the trailing ones
// and the same for both means, the exponent is 2 (or d * d), epsilon is one
// non-negative constant added to the variance, and the affine parameters
// are constants that only cover the normalized dims (per channel for
// group_norm).
//
//===----------------------------------------------------------------------===//

#include "ir/ActivationPatterns.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::nndct;

namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// The first dim of the trailing run `axes` reduces ([a, rank)), if the
/// reduction keeps dims and covers exactly such a run.
std::optional<int64_t> trailingAxis(ReduceMeanOp mean) {
  if (!mean || !mean.getKeepdims() || mean.getNpuNumerics())
    return std::nullopt;
  int64_t rank = shapeOf(mean.getInput()).size();
  ArrayRef<int64_t> axes = mean.getAxes();
  if (axes.empty())
    return std::nullopt;
  int64_t first = rank - int64_t(axes.size());
  for (auto [i, a] : llvm::enumerate(axes))
    if (a != first + int64_t(i))
      return std::nullopt;
  return first;
}

/// `d * d` or `d ^ 2`.
bool isSquareOf(Value v, Value d) {
  if (auto mul = v.getDefiningOp<MulOp>())
    return mul.getLhs() == d && mul.getRhs() == d;
  if (auto pow = v.getDefiningOp<PowOp>()) {
    std::optional<float> e = uniformConstant(pow.getRhs());
    return pow.getLhs() == d && e && *e == 2.0f && pow.getType() == d.getType();
  }
  return false;
}

/// (x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps) -> layer_norm(x).
struct ComposeLayerNorm : OpRewritePattern<DivOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DivOp div,
                                PatternRewriter &rewriter) const override {
    auto sub = div.getLhs().getDefiningOp<SubOp>();
    if (!sub)
      return rewriter.notifyMatchFailure(div, "numerator is not x - mean");
    Value x = sub.getLhs();
    auto mean = sub.getRhs().getDefiningOp<ReduceMeanOp>();
    std::optional<int64_t> axis = trailingAxis(mean);
    if (!axis || mean.getInput() != x || sub.getType() != x.getType() ||
        div.getType() != x.getType())
      return rewriter.notifyMatchFailure(
          div, "numerator is not x minus its mean over trailing dims");
    auto sqrt = div.getRhs().getDefiningOp<SqrtOp>();
    if (!sqrt)
      return rewriter.notifyMatchFailure(div, "denominator is not a sqrt");
    auto add = sqrt.getInput().getDefiningOp<AddOp>();
    if (!add)
      return rewriter.notifyMatchFailure(div, "no epsilon added");
    Value var = add.getLhs(), epsValue = add.getRhs();
    std::optional<float> eps = uniformConstant(epsValue);
    if (!eps) {
      std::swap(var, epsValue);
      eps = uniformConstant(epsValue);
    }
    if (!eps || !(*eps >= 0) || add.getType() != var.getType())
      return rewriter.notifyMatchFailure(
          div, "the added epsilon is not one non-negative constant");
    auto varMean = var.getDefiningOp<ReduceMeanOp>();
    std::optional<int64_t> varAxis = trailingAxis(varMean);
    if (!varAxis || *varAxis != *axis ||
        !isSquareOf(varMean.getInput(), sub.getResult()))
      return rewriter.notifyMatchFailure(
          div, "variance is not the mean of the squared deviation over the "
               "same dims");
    auto norm = LayerNormOp::create(
        rewriter, div.getLoc(), div.getType(), x, Value(), Value(),
        rewriter.getI64IntegerAttr(*axis), rewriter.getF32FloatAttr(*eps));
    rewriter.replaceOp(div, norm.getResult());
    return success();
  }
};

/// The normalized shape when `param` (an operand of a mul/add of `norm`'s
/// result that keeps its type) is only over the normalized dims; the
/// parameter then reshapes to it.
std::optional<SmallVector<int64_t>> layerNormParamShape(LayerNormOp norm,
                                                        Value param) {
  ArrayRef<int64_t> x = shapeOf(norm.getInput()), p = shapeOf(param);
  int64_t rank = x.size(), axis = norm.getAxis();
  if (axis < 0)
    axis += rank;
  ArrayRef<int64_t> normalized = x.drop_front(axis);
  // Right-aligned: the parameter's dims over [axis, rank) must equal the
  // normalized dims, and any dims it has over [0, axis) must be 1.
  if (p.size() < normalized.size() || int64_t(p.size()) > rank)
    return std::nullopt;
  size_t lead = p.size() - normalized.size();
  for (size_t i = 0; i < lead; ++i)
    if (p[i] != 1)
      return std::nullopt;
  if (p.drop_front(lead) != normalized)
    return std::nullopt;
  return SmallVector<int64_t>(normalized);
}

/// The channel count when `param` is one value per channel of `norm`'s
/// input ([C, 1, ...] right-aligned with dims 1.., with leading 1s).
std::optional<int64_t> groupNormParamSize(GroupNormOp norm, Value param) {
  ArrayRef<int64_t> x = shapeOf(norm.getInput()), p = shapeOf(param);
  int64_t rank = x.size(), channels = x[1];
  if (int64_t(p.size()) < rank - 1 || int64_t(p.size()) > rank)
    return std::nullopt;
  size_t c = p.size() - (rank - 1);
  for (size_t i = 0; i < p.size(); ++i)
    if (p[i] != (i == c ? channels : 1))
      return std::nullopt;
  return channels;
}

Value reshapeTo(PatternRewriter &rewriter, Location loc, Value v,
                ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == shape)
    return v;
  return ReshapeOp::create(rewriter, loc, type.clone(shape), v);
}

/// mul(norm(x), g) and add(norm(x), b): the affine part joins the norm when
/// the norm has none yet (scale before bias) and is used only there.
template <typename BinOp, bool IsScale>
struct AbsorbAffine : OpRewritePattern<BinOp> {
  using OpRewritePattern<BinOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(BinOp op,
                                PatternRewriter &rewriter) const override {
    for (int side = 0; side < 2; ++side) {
      Value normValue = side == 0 ? op.getLhs() : op.getRhs();
      Value param = side == 0 ? op.getRhs() : op.getLhs();
      // Only constant parameters: a runtime tensor is an activation, which
      // quantization must not treat as the norm's weight or bias.
      if (!normValue.hasOneUse() || op.getType() != normValue.getType() ||
          !getConstantValue(param))
        continue;
      if (auto ln = normValue.getDefiningOp<LayerNormOp>()) {
        if (ln.getBias() || (IsScale && ln.getScale()))
          continue;
        std::optional<SmallVector<int64_t>> shape =
            layerNormParamShape(ln, param);
        if (!shape)
          continue;
        Value p = reshapeTo(rewriter, op.getLoc(), param, *shape);
        Value scale = IsScale ? p : ln.getScale();
        Value bias = IsScale ? Value() : p;
        auto fused = LayerNormOp::create(rewriter, ln.getLoc(), ln.getType(),
                                         ln.getInput(), scale, bias,
                                         ln.getAxisAttr(), ln.getEpsilonAttr());
        rewriter.replaceOp(op, fused.getResult());
        return success();
      }
      if (auto gn = normValue.getDefiningOp<GroupNormOp>()) {
        if (gn.getBias() || (IsScale && gn.getScale()))
          continue;
        std::optional<int64_t> channels = groupNormParamSize(gn, param);
        if (!channels)
          continue;
        Value p = reshapeTo(rewriter, op.getLoc(), param, {*channels});
        Value scale = IsScale ? p : gn.getScale();
        Value bias = IsScale ? Value() : p;
        auto fused = GroupNormOp::create(
            rewriter, gn.getLoc(), gn.getType(), gn.getInput(), scale, bias,
            gn.getNumGroupsAttr(), gn.getEpsilonAttr());
        rewriter.replaceOp(op, fused.getResult());
        return success();
      }
    }
    return rewriter.notifyMatchFailure(
        op, "no operand is an affine-free normalization used only here");
  }
};

/// reshape(norm(reshape(x, [N, G, ...])), shape(x)), the norm over all dims
/// after the group dim with no affine part (a layer_norm from axis 2, or an
/// instance norm with unit scale and zero bias) -> group_norm(x, G).
struct ComposeGroupNorm : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp outer,
                                PatternRewriter &rewriter) const override {
    Value normValue = outer.getInput();
    Operation *norm = normValue.getDefiningOp();
    if (!norm || !normValue.hasOneUse())
      return rewriter.notifyMatchFailure(outer, "not a reshape of a norm");
    Value grouped;
    FloatAttr eps;
    if (auto ln = dyn_cast<LayerNormOp>(norm)) {
      int64_t rank = shapeOf(ln.getInput()).size();
      int64_t axis = ln.getAxis() < 0 ? ln.getAxis() + rank : ln.getAxis();
      if (ln.getScale() || ln.getBias() || axis != 2)
        return rewriter.notifyMatchFailure(outer,
                                           "layer_norm is not per group");
      grouped = ln.getInput();
      eps = ln.getEpsilonAttr();
    } else if (auto gn = dyn_cast<GroupNormOp>(norm)) {
      std::optional<float> one, zero;
      if (gn.getScale())
        one = uniformConstant(gn.getScale());
      if (gn.getBias())
        zero = uniformConstant(gn.getBias());
      if (!gn.isInstanceNorm() || (gn.getScale() && one != 1.0f) ||
          (gn.getBias() && zero != 0.0f))
        return rewriter.notifyMatchFailure(outer,
                                           "not an affine-free instance norm");
      grouped = gn.getInput();
      eps = gn.getEpsilonAttr();
    } else {
      return rewriter.notifyMatchFailure(outer, "not a reshape of a norm");
    }
    auto inner = grouped.getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(outer, "norm input is no reshape");
    Value x = inner.getInput();
    ArrayRef<int64_t> xs = shapeOf(x), gs = shapeOf(grouped);
    if (outer.getType() != x.getType() || xs.size() < 2 || gs.size() < 3 ||
        gs[0] != xs[0] || gs[1] <= 0 || xs[1] % gs[1] != 0)
      return rewriter.notifyMatchFailure(
          outer, "not a [N, G, ...] view of an [N, C, ...] tensor");
    auto group = GroupNormOp::create(rewriter, outer.getLoc(), outer.getType(),
                                     x, Value(), Value(),
                                     rewriter.getI64IntegerAttr(gs[1]), eps);
    rewriter.replaceOp(outer, group.getResult());
    return success();
  }
};

} // namespace

void DivOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<ComposeLayerNorm>(context);
  populateHardActivationsOnDiv(patterns);
}

void MulOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<AbsorbAffine<MulOp, true>>(context);
  populateHardActivationsOnMul(patterns);
}

void AddOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<AbsorbAffine<AddOp, false>>(context);
}

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<ComposeGroupNorm>(context);
}

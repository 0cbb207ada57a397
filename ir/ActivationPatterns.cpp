//===- ActivationPatterns.cpp - hard activations from their parts ---------===//
//
// Paddle2ONNX and older torch exports write hard swish and hard sigmoid as
// their arithmetic: relu6(x + 3) (or clip(x + 3, 0, 6), which nndct.clamp's
// canonicalization makes a relu6) times x, divided by 6 or times 1/6. Split
// up, the NPU sees an add, a relu6, a mul and a div, none of which fuses,
// and each gets its own fix point. These patterns put the op back together:
//   relu6(x + 3) / 6, relu6(x + 3) * (1/6)     -> hard_sigmoid(x)
//   x * relu6(x + 3) / 6, x * hard_sigmoid(x)  -> hard_swish(x)
// where hard_sigmoid is the relu6(x + 3) / 6 form (alpha 1/6, beta 1/2).
// The rewrites are exact in real arithmetic; in float the hard ops'
// kernels compute the same operations (test/ir/hard-activations.test).
//
//===----------------------------------------------------------------------===//

#include "ir/ActivationPatterns.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;

namespace {

bool isConstant(Value v, float value) {
  std::optional<float> c = uniformConstant(v);
  return c && *c == value;
}

/// x when `v` is relu6(x + 3) with the add not broadcasting x.
Value relu6OfPlus3(Value v) {
  auto relu6 = v.getDefiningOp<Relu6Op>();
  if (!relu6)
    return {};
  auto add = relu6.getInput().getDefiningOp<AddOp>();
  if (!add || add.getType() != add.getLhs().getType())
    return {};
  if (isConstant(add.getRhs(), 3.0f))
    return add.getLhs();
  if (isConstant(add.getLhs(), 3.0f) && add.getType() == add.getRhs().getType())
    return add.getRhs();
  return {};
}

/// x when `v` is hard_sigmoid(x) in the relu6(x + 3) / 6 form.
Value hardSigmoidOf(Value v) {
  auto hs = v.getDefiningOp<HardSigmoidOp>();
  if (!hs || std::fabs(hs.getAlpha().convertToDouble() - 1.0 / 6.0) > 1e-7 ||
      hs.getBeta().convertToDouble() != 0.5)
    return {};
  return hs.getInput();
}

/// `op`'s operand that is not the constant `value` (`op` = v op value),
/// for mul either way round.
Value scaledBy(Operation *op, float value) {
  if (op->getNumOperands() != 2)
    return {};
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  if (isConstant(rhs, value))
    return lhs;
  if (isa<MulOp>(op) && isConstant(lhs, value))
    return rhs;
  return {};
}

/// The value `product` is x * relu6(x + 3) of, or null.
Value hardSwishNumerator(Value product) {
  auto mul = product.getDefiningOp<MulOp>();
  if (!mul)
    return {};
  for (auto [x, r] : {std::pair(mul.getLhs(), mul.getRhs()),
                      std::pair(mul.getRhs(), mul.getLhs())})
    if (Value inner = relu6OfPlus3(r); inner && inner == x)
      return x;
  return {};
}

/// On a div by 6 or a mul by 1/6: the hard sigmoid or hard swish it ends.
template <typename OpTy>
struct ComposeFromScaledRelu6 : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value scaled =
        scaledBy(op, std::is_same_v<OpTy, DivOp> ? 6.0f : float(1.0 / 6.0));
    if (!scaled || scaled.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "not a scaling by 1/6");
    if (Value x = relu6OfPlus3(scaled)) {
      rewriter.replaceOpWithNewOp<HardSigmoidOp>(
          op, x, APFloat(float(1.0 / 6.0)), APFloat(0.5f),
          /*npu_multiplier=*/nullptr, /*npu_shift=*/nullptr);
      return success();
    }
    if (Value x = hardSwishNumerator(scaled)) {
      rewriter.replaceOpWithNewOp<HardSwishOp>(op, x);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not relu6(x + 3) [* x]");
  }
};

/// x * hard_sigmoid(x) -> hard_swish(x).
struct ComposeHardSwish : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulOp mul,
                                PatternRewriter &rewriter) const override {
    for (auto [x, hs] : {std::pair(mul.getLhs(), mul.getRhs()),
                         std::pair(mul.getRhs(), mul.getLhs())})
      if (hardSigmoidOf(hs) == x && x.getType() == mul.getType()) {
        rewriter.replaceOpWithNewOp<HardSwishOp>(mul, x);
        return success();
      }
    return rewriter.notifyMatchFailure(mul, "not x * hard_sigmoid(x)");
  }
};

} // namespace

void mlir::nndct::populateHardActivationsOnDiv(RewritePatternSet &patterns) {
  patterns.add<ComposeFromScaledRelu6<DivOp>>(patterns.getContext());
}

void mlir::nndct::populateHardActivationsOnMul(RewritePatternSet &patterns) {
  patterns.add<ComposeFromScaledRelu6<MulOp>, ComposeHardSwish>(
      patterns.getContext());
}

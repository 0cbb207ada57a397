//===- Math.cpp - aten elementwise math: unary functions, remainder, bounds
//-===//
//
// The unary functions (neg, reciprocal, sign, abs, trig and hyperbolic,
// exp/log/sqrt/rsqrt/erf, floor/ceil/round) with torch's int-to-float
// promotion, pow, remainder/fmod (nndct.mod; a float remainder, which takes
// the divisor's sign, is fmod corrected by the divisor) and the one-sided
// clamps clamp_min/clamp_max.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

#include <limits>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

/// A unary op on argument 0 converted to the result's element type (torch
/// computes sin/exp/... of an integer tensor in float).
template <typename OpTy>
LogicalResult unary(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = tensorOf(ctx, 0u, ctx.resultType().getElementType());
  if (failed(x))
    return failure();
  return createOp<OpTy>(ctx, results, {*x});
}

/// floor/ceil/round/trunc of an integer tensor is the tensor itself.
template <typename OpTy>
LogicalResult rounding(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (ctx.hasArg("decimals")) {
    auto d = ctx.getInt("decimals");
    if (failed(d))
      return failure();
    if (*d != 0)
      return ctx.unsupported("round with decimals = " + Twine(*d));
  }
  if (!isa<FloatType>(ctx.resultType().getElementType())) {
    auto x = ctx.tensor(0u);
    if (failed(x))
      return failure();
    results.push_back(*x);
    return success();
  }
  return unary<OpTy>(ctx, results);
}

/// rsqrt(x) = 1 / sqrt(x).
LogicalResult rsqrt(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  RankedTensorType type = ctx.resultType();
  auto x = tensorOf(ctx, 0u, type.getElementType());
  if (failed(x))
    return failure();
  Value s = build<SqrtOp>(ctx, type, {*x});
  return createOp<ReciprocalOp>(ctx, results, {s});
}

/// A binary op in torch's promoted type.
template <typename OpTy>
LogicalResult promotedBinary(NodeContext &ctx, SmallVectorImpl<Value> &results,
                             ArrayRef<NamedAttribute> attrs = {}) {
  Type elem = promotedElementType(ctx, 0, 1);
  auto a = tensorOf(ctx, 0u, elem), b = tensorOf(ctx, 1u, elem);
  if (failed(a) || failed(b))
    return failure();
  return createOp<OpTy>(ctx, results, {*a, *b}, attrs);
}

LogicalResult pow(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  return promotedBinary<PowOp>(ctx, results);
}

/// fmod (the dividend's sign) and remainder (the divisor's sign, Python's
/// %). nndct.mod computes a float remainder as fmod only, so torch's
/// `m = fmod(a, b); if (m != 0 && (m < 0) != (b < 0)) m += b` is spelled
/// out with comparisons and a where.
LogicalResult remainder(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  bool isFmod = ctx.kind() == "aten::fmod";
  Type elem = promotedElementType(ctx, 0, 1);
  auto a = tensorOf(ctx, 0u, elem), b = tensorOf(ctx, 1u, elem);
  if (failed(a) || failed(b))
    return failure();
  bool isFloat = isa<FloatType>(elem);
  NamedAttribute fmod =
      attr(ctx, "fmod", ctx.builder.getBoolAttr(isFmod || isFloat));
  if (isFmod || !isFloat)
    return createOp<ModOp>(ctx, results, {*a, *b}, {fmod});
  RankedTensorType type = ctx.resultType();
  RankedTensorType boolType = type.clone(ctx.builder.getI1Type());
  auto bType = cast<RankedTensorType>(b->getType());
  Value m = build<ModOp>(ctx, type, {*a, *b}, {fmod});
  Value zero = ctx.floatConstant({}, {0.0f});
  Value mNeg = build<LessOp>(ctx, boolType, {m, zero});
  Value bNeg =
      build<LessOp>(ctx, bType.clone(ctx.builder.getI1Type()), {*b, zero});
  Value signsDiffer = build<LogicalXorOp>(ctx, boolType, {mNeg, bNeg});
  Value isZero = build<EqualOp>(ctx, boolType, {m, zero});
  Value nonZero = build<LogicalNotOp>(ctx, boolType, {isZero});
  Value fix = build<LogicalAndOp>(ctx, boolType, {signsDiffer, nonZero});
  Value shifted = build<AddOp>(ctx, type, {m, *b});
  return createOp<WhereOp>(ctx, results, {fix, shifted, m});
}

/// clamp_min/clamp_max: a one-sided clamp with a number bound, an
/// elementwise max/min with a tensor bound.
template <bool isMin>
LogicalResult clampOneSide(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  StringRef name = isMin ? "min" : "max";
  const TValue &bound = ctx.arg(name);
  if (!bound.isConstant() || bound.value.isTensor()) {
    if (isMin)
      return promotedBinary<MaxOp>(ctx, results);
    return promotedBinary<MinOp>(ctx, results);
  }
  auto x = tensorOf(ctx, 0u, ctx.resultType().getElementType());
  auto v = ctx.getDouble(name);
  if (failed(x) || failed(v))
    return failure();
  if (isMin && *v == 0.0)
    return createOp<ReluOp>(ctx, results, {*x});
  float lo = -std::numeric_limits<float>::max(),
        hi = std::numeric_limits<float>::max();
  (isMin ? lo : hi) = float(*v);
  return createOp<ClampOp>(ctx, results, {*x},
                           {attr(ctx, "min", ctx.builder.getF32FloatAttr(lo)),
                            attr(ctx, "max", ctx.builder.getF32FloatAttr(hi))});
}

} // namespace

void torchscript::registerMathConverters(ConverterMap &converters) {
  converters.insert({
      // Sign and magnitude.
      {"aten::neg", unary<NegOp>},
      {"aten::negative", unary<NegOp>},
      {"aten::abs", unary<AbsOp>},
      {"aten::absolute", unary<AbsOp>},
      {"aten::sign", unary<SignOp>},
      {"aten::reciprocal", unary<ReciprocalOp>},
      // Trigonometric and hyperbolic.
      {"aten::sin", unary<SinOp>},
      {"aten::cos", unary<CosOp>},
      {"aten::tan", unary<TanOp>},
      {"aten::asin", unary<AsinOp>},
      {"aten::arcsin", unary<AsinOp>},
      {"aten::acos", unary<AcosOp>},
      {"aten::arccos", unary<AcosOp>},
      {"aten::atan", unary<AtanOp>},
      {"aten::arctan", unary<AtanOp>},
      {"aten::sinh", unary<SinhOp>},
      {"aten::cosh", unary<CoshOp>},
      {"aten::asinh", unary<AsinhOp>},
      {"aten::arcsinh", unary<AsinhOp>},
      {"aten::acosh", unary<AcoshOp>},
      {"aten::arccosh", unary<AcoshOp>},
      {"aten::atanh", unary<AtanhOp>},
      {"aten::arctanh", unary<AtanhOp>},
      // Exponentials, roots and rounding.
      {"aten::exp", unary<ExpOp>},
      {"aten::log", unary<LogOp>},
      {"aten::sqrt", unary<SqrtOp>},
      {"aten::rsqrt", rsqrt},
      {"aten::erf", unary<ErfOp>},
      {"aten::floor", rounding<FloorOp>},
      {"aten::ceil", rounding<CeilOp>},
      {"aten::round", rounding<RoundOp>},
      {"aten::pow", pow},
      // Remainders and one-sided clamps.
      {"aten::remainder", remainder},
      {"aten::fmod", remainder},
      {"aten::clamp_min", clampOneSide<true>},
      {"aten::clamp_max", clampOneSide<false>},
  });
}

//===- Elementwise.cpp - aten arithmetic and activation ops
//-----------------===//
//
// add/sub/rsub (with alpha)/mul/div with scalar operands made constants,
// the activations (relu6 and relu recognized in hardtanh/clamp; elu, selu,
// celu, softplus, softshrink, hardshrink), and the ops
// that are identities in inference (dropout in eval mode or with p = 0,
// contiguous, to).
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

#include <ATen/ATen.h>

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

std::string debugString(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  t.print(os);
  return s;
}

LogicalResult identity(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  if (x->getType() != ctx.resultType())
    return ctx.unsupported("conversion from " +
                           Twine(debugString(x->getType())) + " to " +
                           debugString(ctx.resultType()));
  results.push_back(*x);
  return success();
}

template <typename OpTy>
LogicalResult unary(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  return createOp<OpTy>(ctx, results, {*x});
}

/// add/sub with `alpha`, mul, div; scalar operands become constants.
template <typename OpTy>
LogicalResult binary(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  bool reversed = ctx.kind() == "aten::rsub";
  if (reversed && ctx.hasArg("alpha")) {
    auto a = ctx.getDouble("alpha");
    if (failed(a))
      return failure();
    if (*a != 1.0)
      return ctx.unsupported("rsub with alpha other than 1");
  }
  if (ctx.hasArg("rounding_mode") && !ctx.isNone("rounding_mode"))
    return ctx.unsupported("div with a rounding mode (integer division)");
  double alpha = 1.0;
  if (ctx.hasArg("alpha")) {
    auto a = ctx.getDouble("alpha");
    if (failed(a))
      return failure();
    alpha = *a;
  }
  // Integer operands (index arithmetic) compute in torch's result type;
  // div of integers is a float division.
  Type elem = ctx.resultType().getElementType();
  auto lhs = tensorOf(ctx, 0u, elem);
  if (failed(lhs))
    return failure();
  Value rhs;
  const TValue &other = ctx.arg(1u);
  if (alpha != 1.0 && other.isConstant()) {
    TValue scaled = other;
    at::Tensor t = other.value.isTensor()
                       ? other.value.toTensor().to(at::kFloat)
                       : at::scalar_tensor(other.value.toScalar(), at::kFloat);
    scaled.value = t * alpha;
    scaled.name = other.name.empty() ? "" : other.name + ".alpha";
    rhs = ctx.importer.materialize(scaled, ctx.loc);
    alpha = 1.0;
  } else {
    auto r = tensorOf(ctx, 1u, elem);
    if (failed(r))
      return failure();
    rhs = *r;
  }
  if (!rhs)
    return failure();
  if (alpha != 1.0) {
    Value a = ctx.floatConstant({}, {float(alpha)});
    auto rt = cast<RankedTensorType>(rhs.getType());
    rhs = MulOp::create(ctx.builder, ctx.loc, rt, rhs, a);
  }
  if (reversed)
    std::swap(*lhs, rhs);
  return createOp<OpTy>(ctx, results, {*lhs, rhs});
}

LogicalResult hardtanh(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto lo = ctx.getDouble("min_val"), hi = ctx.getDouble("max_val");
  auto x = ctx.tensor(0u);
  if (failed(lo) || failed(hi) || failed(x))
    return failure();
  if (*lo == 0.0 && *hi == 6.0)
    return createOp<Relu6Op>(ctx, results, {*x});
  return createOp<ClampOp>(
      ctx, results, {*x},
      {attr(ctx, "min", ctx.builder.getF32FloatAttr(*lo)),
       attr(ctx, "max", ctx.builder.getF32FloatAttr(*hi))});
}

LogicalResult clamp(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  double lo = -std::numeric_limits<float>::max(),
         hi = std::numeric_limits<float>::max();
  if (!ctx.isNone("min")) {
    auto v = ctx.getDouble("min");
    if (failed(v))
      return failure();
    lo = *v;
  }
  if (!ctx.isNone("max")) {
    auto v = ctx.getDouble("max");
    if (failed(v))
      return failure();
    hi = *v;
  }
  if (lo == 0.0 && hi == 6.0)
    return createOp<Relu6Op>(ctx, results, {*x});
  if (lo == 0.0 && hi == std::numeric_limits<float>::max())
    return createOp<ReluOp>(ctx, results, {*x});
  return createOp<ClampOp>(ctx, results, {*x},
                           {attr(ctx, "min", ctx.builder.getF32FloatAttr(lo)),
                            attr(ctx, "max", ctx.builder.getF32FloatAttr(hi))});
}

LogicalResult leakyRelu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto slope = ctx.getDouble("negative_slope");
  if (failed(x) || failed(slope))
    return failure();
  return createOp<LeakyReluOp>(
      ctx, results, {*x},
      {attr(ctx, "alpha", ctx.builder.getF32FloatAttr(*slope))});
}

LogicalResult prelu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  // torch's weight [C] applies along dim 1: make it [C, 1, ..., 1].
  const TValue &w = ctx.arg(1u);
  int64_t rank = ctx.shapeOf(0u).size();
  TValue slope = w;
  if (w.isConstant() && w.value.isTensor() && w.value.toTensor().dim() == 1 &&
      w.value.toTensor().numel() > 1 && rank >= 2) {
    std::vector<int64_t> shape(rank - 1, 1);
    shape[0] = w.value.toTensor().numel();
    slope.value = w.value.toTensor().reshape(shape);
  }
  Value s = ctx.importer.materialize(slope, ctx.loc);
  if (!s)
    return failure();
  return createOp<PReluOp>(ctx, results, {*x, s});
}

LogicalResult hardsigmoid(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  return createOp<HardSigmoidOp>(
      ctx, results, {*x},
      {attr(ctx, "alpha", ctx.builder.getF32FloatAttr(1.0f / 6.0f)),
       attr(ctx, "beta", ctx.builder.getF32FloatAttr(0.5f))});
}

LogicalResult gelu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  GeluApproximation approx = GeluApproximation::none;
  if (ctx.hasArg("approximate")) {
    auto mode = ctx.getString("approximate");
    if (failed(mode))
      return failure();
    if (*mode == "tanh")
      approx = GeluApproximation::tanh;
    else if (*mode != "none")
      return ctx.unsupported("gelu approximation '" + *mode + "'");
  }
  return createOp<GeluOp>(
      ctx, results, {*x},
      {attr(ctx, "approximation",
            GeluApproximationAttr::get(ctx.builder.getContext(), approx))});
}

LogicalResult dropout(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto p = ctx.getDouble("p");
  if (failed(x) || failed(p))
    return failure();
  if (ctx.hasArg("train")) {
    auto train = ctx.getBool("train");
    if (failed(train))
      return failure();
    // p == 0 is the identity in any mode (torchvision's Swin attention
    // calls dropout(p=0.0) with the functional's training=True default).
    if (*train && *p != 0.0)
      return ctx.unsupported(
          "dropout in training mode with p = " + llvm::formatv("{0}", *p) +
          "; export the model in eval()");
  }
  return createOp<DropoutOp>(
      ctx, results, {*x},
      {attr(ctx, "ratio", ctx.builder.getF32FloatAttr(*p))});
}

// Exponential and smooth activations.

/// aten::elu(x, alpha, scale, input_scale): scale * (x > 0 ? x : alpha *
/// (e^(x * input_scale) - 1)); a scale other than 1 is selu's form.
LogicalResult elu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto alpha = ctx.getDouble("alpha");
  auto scale = ctx.getDouble("scale");
  auto inputScale = ctx.getDouble("input_scale");
  if (failed(x) || failed(alpha) || failed(scale) || failed(inputScale))
    return failure();
  if (*inputScale != 1.0)
    return ctx.unsupported("elu with input_scale " +
                           llvm::formatv("{0}", *inputScale) +
                           "; only input_scale = 1 is supported");
  auto a = attr(ctx, "alpha", ctx.builder.getF32FloatAttr(*alpha));
  if (*scale == 1.0)
    return createOp<EluOp>(ctx, results, {*x}, {a});
  return createOp<SeluOp>(
      ctx, results, {*x},
      {a, attr(ctx, "gamma", ctx.builder.getF32FloatAttr(*scale))});
}

LogicalResult celu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto alpha = ctx.getDouble("alpha");
  if (failed(x) || failed(alpha))
    return failure();
  if (*alpha == 0.0)
    return ctx.unsupported("celu with alpha = 0");
  return createOp<CeluOp>(
      ctx, results, {*x},
      {attr(ctx, "alpha", ctx.builder.getF32FloatAttr(*alpha))});
}

/// torch's softplus(x, beta, threshold) is x * beta > threshold ? x :
/// log1p(e^(x * beta)) / beta; nndct.softplus is beta = 1, threshold = 20.
LogicalResult softplus(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto beta = ctx.getDouble("beta");
  auto threshold = ctx.getDouble("threshold");
  if (failed(x) || failed(beta) || failed(threshold))
    return failure();
  if (*beta != 1.0 || *threshold != 20.0)
    return ctx.unsupported(
        "softplus with beta " + llvm::formatv("{0}", *beta) +
        " and threshold " + llvm::formatv("{0}", *threshold) +
        "; only beta = 1, threshold = 20 (the defaults) are supported");
  return createOp<SoftplusOp>(ctx, results, {*x});
}

/// softshrink is Shrink with bias = lambd, hardshrink with bias = 0.
LogicalResult shrink(NodeContext &ctx, SmallVectorImpl<Value> &results,
                     bool soft) {
  auto x = ctx.tensor(0u);
  auto lambd = ctx.getDouble("lambd");
  if (failed(x) || failed(lambd))
    return failure();
  double l = *lambd;
  if (l < 0.0) {
    if (soft)
      return ctx.unsupported("softshrink with lambd " +
                             llvm::formatv("{0}", l) + " < 0");
    // hardshrink keeps every x then, as it does with lambd = 0.
    l = 0.0;
  }
  return createOp<ShrinkOp>(
      ctx, results, {*x},
      {attr(ctx, "bias", ctx.builder.getF32FloatAttr(soft ? l : 0.0)),
       attr(ctx, "lambd", ctx.builder.getF32FloatAttr(l))});
}

LogicalResult softshrink(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  return shrink(ctx, results, true);
}

LogicalResult hardshrink(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  return shrink(ctx, results, false);
}

} // namespace

void torchscript::registerElementwiseConverters(ConverterMap &converters) {
  converters.insert({
      // Activations.
      {"aten::relu", unary<ReluOp>},
      {"aten::relu6", unary<Relu6Op>},
      {"aten::hardtanh", hardtanh},
      {"aten::clamp", clamp},
      {"aten::leaky_relu", leakyRelu},
      {"aten::prelu", prelu},
      {"aten::sigmoid", unary<SigmoidOp>},
      {"aten::hardsigmoid", hardsigmoid},
      {"aten::hardswish", unary<HardSwishOp>},
      {"aten::silu", unary<SiluOp>},
      {"aten::tanh", unary<TanhOp>},
      {"aten::gelu", gelu},
      // Exponential and smooth activations.
      {"aten::elu", elu},
      {"aten::selu", unary<SeluOp>},
      {"aten::celu", celu},
      {"aten::softplus", softplus},
      {"aten::softshrink", softshrink},
      {"aten::hardshrink", hardshrink},
      // Elementwise arithmetic.
      {"aten::add", binary<AddOp>},
      {"aten::sub", binary<SubOp>},
      {"aten::rsub", binary<SubOp>},
      {"aten::mul", binary<MulOp>},
      {"aten::div", binary<DivOp>},
      // Identities in inference.
      {"aten::dropout", dropout},
      {"aten::feature_dropout", dropout},
      {"aten::alpha_dropout", dropout},
      {"aten::contiguous", identity},
      {"aten::clone", identity},
      {"aten::detach", identity},
      {"aten::alias", identity},
      {"aten::to", identity},
      {"aten::type_as", identity},
  });
}

//===- Elementwise.cpp - ONNX elementwise ops to nndct --------------------===//
//
// Binary arithmetic (Add/Sub/Mul/Div/Pow/Mod, Sum/Mean/Min/Max), float and
// integer math (Abs, Neg, Sign, Sqrt, Exp, trigonometry ...), comparison and
// logic (Equal, Less, And, Not, Where, IsNaN ...), activations (Relu, Clip,
// LeakyRelu, HardSigmoid, HardSwish, Sigmoid, Tanh, Gelu, PRelu, Elu, Selu,
// Celu, ThresholdedRelu, Softplus, Softsign, Shrink), Identity
// and Dropout. On host constants they fold at import time (shape
// arithmetic); on runtime values they become nndct ops, on float and, where
// ONNX allows it, integer and bool tensors.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"
#include "ir/ShapeInference.h"
#include "ir/numerics/FixArithmetic.h"
#include "mlir/IR/TypeUtilities.h"

#include <cfloat>
#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

namespace {

using BinaryFn = std::function<double(double, double)>;

/// `v` converted to element type `elem` (an nndct.cast unless it has it).
Value castElements(NodeContext &nc, Value v, Type elem) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getElementType() == elem)
    return v;
  return nc.createTyped<CastOp>({type.clone(elem)}, {v})->getResult(0);
}

/// Requires input `i` to be a float32 or integer (not bool) tensor: what
/// nndct's arithmetic accepts.
LogicalResult requireNumeric(NodeContext &nc, size_t i) {
  int32_t t = nc.inputElemType(i);
  if (t == kFloat || (!isFloatElem(t) && t != kBool && t != kString))
    return success();
  return nc.error() << "input " << i << " is a non-constant " << elemTypeName(t)
                    << " tensor; nndct computes on FLOAT and integer tensors";
}

LogicalResult foldBinary(NodeContext &nc, const HostTensor &a,
                         const HostTensor &b, int32_t elem,
                         const BinaryFn &fn) {
  std::optional<HostTensor> r = hostBinary(a, b, elem, fn);
  if (!r)
    return nc.error() << "operand shapes do not broadcast";
  nc.setOutput(0, std::move(*r));
  return success();
}

/// Opset < 7 (legacy) broadcasting: with `broadcast = 1`, B's shape is a
/// contiguous run of A's dimensions starting at `axis` (default: the
/// suffix). Returns B's shape padded with trailing 1s so that numpy
/// broadcasting means the same, or an error when the shapes do not fit.
FailureOr<std::vector<int64_t>> legacyBroadcastShape(NodeContext &nc) {
  std::vector<int64_t> as = nc.inputShape(0), bs = nc.inputShape(1);
  if (!nc.attrInt("broadcast", 0)) {
    if (as != bs)
      return nc.error() << "shapes differ and broadcast = 0 (opset "
                        << nc.opset() << ")";
    return bs;
  }
  int64_t rank = as.size(), brank = bs.size();
  int64_t axis = nc.hasAttr("axis") ? nc.attrInt("axis", 0) : rank - brank;
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis + brank > rank)
    return nc.error() << "axis " << nc.attrInt("axis", 0)
                      << " does not fit B's rank " << brank;
  for (int64_t i = 0; i < brank; ++i)
    if (bs[i] != 1 && bs[i] != as[axis + i])
      return nc.error() << "B's dimension " << i << " (" << bs[i]
                        << ") does not match A's dimension " << axis + i;
  std::vector<int64_t> shape = bs;
  shape.resize(rank - axis, 1);
  return shape;
}

template <typename OpTy> OpHandler binary(BinaryFn fn) {
  return [fn](NodeContext &nc) -> LogicalResult {
    if (nc.numInputs() != 2 || !nc.hasInput(0) || !nc.hasInput(1))
      return nc.error() << "expects 2 inputs";
    std::optional<std::vector<int64_t>> legacyB;
    if (nc.opset() < 7) {
      auto shape = legacyBroadcastShape(nc);
      if (failed(shape))
        return failure();
      if (*shape != nc.inputShape(1))
        legacyB = *shape;
    }
    if (nc.allInputsConstant()) {
      const HostTensor *a = nc.constInput(0);
      HostTensor b = *nc.constInput(1);
      if (legacyB)
        b.shape = *legacyB;
      return foldBinary(nc, *a, b, a->elemType, fn);
    }
    if (failed(requireNumeric(nc, 0)) || failed(requireNumeric(nc, 1)))
      return failure();
    Value rhs = nc.input(1);
    if (legacyB)
      rhs = nc.reshape(rhs, *legacyB);
    // Pow's exponent may have another type than its base.
    rhs = castElements(nc, rhs, getElementTypeOrSelf(nc.input(0).getType()));
    Operation *op = nc.createInferred<OpTy>({nc.input(0), rhs});
    if (!op)
      return failure();
    nc.setOutput(0, op->getResult(0));
    return success();
  };
}

OpHandler foldOnlyUnary(std::function<double(double)> fn) {
  return [fn](NodeContext &nc) -> LogicalResult {
    const HostTensor *a = nc.constInput(0);
    if (!a)
      return nc.error() << "is only supported on constant inputs (it folds at "
                           "import time; nndct has no such op)";
    HostTensor r = *a;
    r.name.clear();
    for (float &f : r.floats)
      f = float(fn(f));
    for (int64_t &v : r.ints)
      v = int64_t(fn(double(v)));
    nc.setOutput(0, std::move(r));
    return success();
  };
}

/// A unary nndct op (same operand and result type) with extra attributes.
template <typename OpTy>
LogicalResult emitUnary(NodeContext &nc, ArrayRef<NamedAttribute> attrs = {},
                        bool allowInt = false) {
  if (!nc.hasInput(0))
    return nc.error() << "expects an input";
  if (failed(allowInt ? requireNumeric(nc, 0) : requireFloat(nc, 0)))
    return failure();
  Value x = nc.input(0);
  nc.setOutput(0,
               nc.createTyped<OpTy>({x.getType()}, {x}, attrs)->getResult(0));
  return success();
}

template <typename OpTy> OpHandler unary() {
  return [](NodeContext &nc) { return emitUnary<OpTy>(nc); };
}

/// Folds `fn` over a constant input (shape arithmetic), else the op (on
/// float, or also integer tensors with `allowInt`).
template <typename OpTy>
OpHandler foldOrUnary(std::function<double(double)> fn, bool allowInt = false) {
  OpHandler fold = foldOnlyUnary(fn);
  return [fold, allowInt](NodeContext &nc) -> LogicalResult {
    if (nc.constInput(0))
      return fold(nc);
    return emitUnary<OpTy>(nc, {}, allowInt);
  };
}

/// Variadic Sum/Mean: a chain of nndct.add (times 1/n for Mean).
OpHandler variadicSum(bool mean) {
  return [mean](NodeContext &nc) -> LogicalResult {
    size_t n = nc.numInputs();
    if (n == 0)
      return nc.error() << "expects at least one input";
    if (nc.allInputsConstant()) {
      HostTensor acc = *nc.constInput(0);
      for (size_t i = 1; i < n; ++i) {
        auto r = hostBinary(acc, *nc.constInput(i), acc.elemType,
                            [](double a, double b) { return a + b; });
        if (!r)
          return nc.error() << "operand shapes do not broadcast";
        acc = *r;
      }
      if (mean)
        for (float &f : acc.floats)
          f /= float(n);
      nc.setOutput(0, acc);
      return success();
    }
    for (size_t i = 0; i < n; ++i)
      if (failed(mean ? requireFloat(nc, i) : requireNumeric(nc, i)))
        return failure();
    Value acc = nc.input(0);
    for (size_t i = 1; i < n; ++i) {
      Operation *op = nc.createInferred<AddOp>({acc, nc.input(i)});
      if (!op)
        return failure();
      acc = op->getResult(0);
    }
    if (mean && n > 1) {
      Value k = nc.materialize(HostTensor::makeFloats({}, {1.0f / float(n)}),
                               nc.name().str() + "_scale");
      acc = nc.createInferred<MulOp>({acc, k})->getResult(0);
    }
    if (n == 1)
      acc = nc.createTyped<IdentityOp>({acc.getType()}, {acc})->getResult(0);
    nc.setOutput(0, acc);
    return success();
  };
}

LogicalResult importClip(NodeContext &nc) {
  float lo = -FLT_MAX, hi = FLT_MAX;
  bool hasLo = false, hasHi = false;
  if (nc.opset() < 11) {
    hasLo = nc.hasAttr("min");
    hasHi = nc.hasAttr("max");
    lo = nc.attrFloat("min", lo);
    hi = nc.attrFloat("max", hi);
  } else {
    for (size_t i = 1; i <= 2; ++i) {
      if (!nc.hasInput(i))
        continue;
      const HostTensor *t = nc.requireConstInput(i, i == 1 ? "min" : "max");
      if (!t)
        return failure();
      if (t->numElements() != 1)
        return nc.error() << (i == 1 ? "min" : "max")
                          << " must be a constant scalar";
      (i == 1 ? lo : hi) = float(t->at(0));
      (i == 1 ? hasLo : hasHi) = true;
    }
  }
  if (lo > hi)
    return nc.error() << "min " << lo << " is greater than max " << hi;
  // Integer data (ONNX Clip int8 ...): always a clamp, bounds as given.
  if (nc.inputElemType(0) != kFloat)
    return emitUnary<ClampOp>(
        nc, {nc.namedF32("min", lo), nc.namedF32("max", hi)}, true);
  if (hasLo && lo == 0 && (!hasHi || hi == FLT_MAX))
    return emitUnary<ReluOp>(nc);
  if (hasLo && lo == 0 && hasHi && hi == 6)
    return emitUnary<Relu6Op>(nc);
  return emitUnary<ClampOp>(nc,
                            {nc.namedF32("min", lo), nc.namedF32("max", hi)});
}

LogicalResult importDropout(NodeContext &nc) {
  if (nc.outputUsed(1))
    return nc.error() << "the mask output is not supported (inference only)";
  float ratio = nc.attrFloat("ratio", 0.5f);
  if (nc.opset() >= 12) {
    if (nc.hasInput(1)) {
      const HostTensor *r = nc.requireConstInput(1, "ratio");
      if (!r)
        return failure();
      if (r->numElements() != 1)
        return nc.error() << "ratio must be a constant scalar";
      ratio = float(r->at(0));
    }
    // Training mode with ratio 0 drops nothing (torch exports attention
    // dropout so, e.g. Swin's): still the identity.
    if (nc.hasInput(2)) {
      const HostTensor *t = nc.requireConstInput(2, "training_mode");
      if (!t)
        return failure();
      if (t->numElements() != 1 || (t->at(0) != 0 && ratio != 0))
        return nc.error() << "training_mode must be a constant false (or "
                             "the ratio 0)";
    }
  }
  if (nc.constInput(0)) {
    nc.setOutput(0, *nc.constInput(0));
    return success();
  }
  return emitUnary<DropoutOp>(nc, {nc.namedF32("ratio", ratio)});
}

LogicalResult importIdentity(NodeContext &nc) {
  if (const HostTensor *t = nc.constInput(0)) {
    nc.setOutput(0, *t);
    return success();
  }
  // nndct.identity is an f32 op (it folds away); an integer, bool or
  // narrow float value (DynamicQuantizeLinear's uint8 zero point) passes
  // through as it is.
  Value x = nc.rawInput(0);
  if (!cast<RankedTensorType>(x.getType()).getElementType().isF32()) {
    nc.setOutput(0, x);
    return success();
  }
  nc.setOutput(0, nc.createTyped<IdentityOp>({x.getType()}, {x})->getResult(0));
  return success();
}

LogicalResult importPRelu(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)) || failed(requireFloat(nc, 1)))
    return failure();
  Value x = nc.input(0);
  std::vector<int64_t> xs = nc.inputShape(0), ss = nc.inputShape(1);
  Value slope = nc.input(1);
  // A per-channel slope [C] of an NCHW input means [C, 1, 1] (as PyTorch
  // exports it and runtimes accept it).
  if (ss.size() == 1 && xs.size() >= 3 && ss[0] == xs[1] &&
      ss[0] != xs.back()) {
    std::vector<int64_t> shape(xs.size() - 1, 1);
    shape[0] = ss[0];
    slope = nc.reshape(slope, shape);
  }
  Operation *op = nc.createInferred<PReluOp>({x, slope});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

LogicalResult importLeakyRelu(NodeContext &nc) {
  return emitUnary<LeakyReluOp>(
      nc, {nc.namedF32("alpha", nc.attrFloat("alpha", 0.01f))});
}

LogicalResult importHardSigmoid(NodeContext &nc) {
  return emitUnary<HardSigmoidOp>(
      nc, {nc.namedF32("alpha", nc.attrFloat("alpha", 0.2f)),
           nc.namedF32("beta", nc.attrFloat("beta", 0.5f))});
}

LogicalResult importGelu(NodeContext &nc) {
  std::string approx = nc.attrString("approximate", "none");
  if (approx != "none" && approx != "tanh")
    return nc.error() << "unknown approximate '" << approx << "'";
  auto mode =
      approx == "tanh" ? GeluApproximation::tanh : GeluApproximation::none;
  return emitUnary<GeluOp>(
      nc, {nc.named("approximation",
                    GeluApproximationAttr::get(nc.context(), mode))});
}

// Exponential and smooth activations: folded on a constant input like the
// other unary ops, else the nndct op carrying the node's attributes.

/// Folds `fn` over a constant input, else `OpTy` with `attrs`.
template <typename OpTy>
LogicalResult foldOrEmit(NodeContext &nc, std::function<double(double)> fn,
                         ArrayRef<NamedAttribute> attrs = {}) {
  if (nc.constInput(0))
    return foldOnlyUnary(fn)(nc);
  return emitUnary<OpTy>(nc, attrs);
}

LogicalResult importElu(NodeContext &nc) {
  float a = nc.attrFloat("alpha", 1.0f);
  return foldOrEmit<EluOp>(
      nc, [a](double x) { return x >= 0 ? x : a * std::expm1(x); },
      {nc.namedF32("alpha", a)});
}

LogicalResult importSelu(NodeContext &nc) {
  float a = nc.attrFloat("alpha", 1.67326319217681884765625f),
        g = nc.attrFloat("gamma", 1.05070102214813232421875f);
  return foldOrEmit<SeluOp>(
      nc, [a, g](double x) { return g * (x > 0 ? x : a * std::expm1(x)); },
      {nc.namedF32("alpha", a), nc.namedF32("gamma", g)});
}

LogicalResult importCelu(NodeContext &nc) {
  float a = nc.attrFloat("alpha", 1.0f);
  if (a == 0.0f)
    return nc.error() << "alpha must not be 0";
  return foldOrEmit<CeluOp>(
      nc, [a](double x) { return x > 0 ? x : a * std::expm1(x / a); },
      {nc.namedF32("alpha", a)});
}

LogicalResult importThresholdedRelu(NodeContext &nc) {
  float a = nc.attrFloat("alpha", 1.0f);
  return foldOrEmit<ThresholdedReluOp>(
      nc, [a](double x) { return x > a ? x : 0.0; }, {nc.namedF32("alpha", a)});
}

LogicalResult importSoftplus(NodeContext &nc) {
  return foldOrEmit<SoftplusOp>(
      nc, [](double x) { return x > 20 ? x : std::log1p(std::exp(x)); });
}

LogicalResult importSoftsign(NodeContext &nc) {
  return foldOrEmit<SoftsignOp>(
      nc, [](double x) { return x / (1 + std::fabs(x)); });
}

LogicalResult importShrink(NodeContext &nc) {
  float b = nc.attrFloat("bias", 0.0f), l = nc.attrFloat("lambd", 0.5f);
  if (!(l >= 0.0f))
    return nc.error() << "lambd must be >= 0";
  return foldOrEmit<ShrinkOp>(
      nc, [b, l](double x) { return x < -l ? x + b : (x > l ? x - b : 0.0); },
      {nc.namedF32("bias", b), nc.namedF32("lambd", l)});
}

/// Comparison (`boolResult`) and logic ops: fold on constants, else
/// `OpTy` (operands of one element type; logic ops take bool).
template <typename OpTy> OpHandler compare(BinaryFn fn, bool logic = false) {
  return [fn, logic](NodeContext &nc) -> LogicalResult {
    if (!nc.hasInput(0) || !nc.hasInput(1))
      return nc.error() << "expects 2 inputs";
    if (nc.allInputsConstant())
      return foldBinary(nc, *nc.constInput(0), *nc.constInput(1), kBool, fn);
    for (size_t i = 0; i < 2; ++i) {
      int32_t t = nc.inputElemType(i);
      if (logic ? t != kBool
                : (t != kFloat && (isFloatElem(t) || t == kString)))
        return nc.error() << "input " << i << " is a non-constant "
                          << elemTypeName(t) << " tensor; nndct compares "
                          << (logic ? "BOOL" : "FLOAT, integer and BOOL")
                          << " tensors";
    }
    Operation *op = nc.createInferred<OpTy>({nc.input(0), nc.input(1)});
    if (!op)
      return failure();
    nc.setOutput(0, op->getResult(0));
    return success();
  };
}

LogicalResult importNot(NodeContext &nc) {
  if (nc.constInput(0))
    return foldOnlyUnary([](double a) { return double(a == 0); })(nc);
  if (nc.inputElemType(0) != kBool)
    return nc.error() << "expects a BOOL input";
  Value x = nc.input(0);
  nc.setOutput(0,
               nc.createTyped<LogicalNotOp>({x.getType()}, {x})->getResult(0));
  return success();
}

/// IsNaN / IsInf: fold on constants, else the bool-valued test.
template <typename OpTy> OpHandler floatTest(bool inf) {
  return [inf](NodeContext &nc) -> LogicalResult {
    bool neg = nc.attrInt("detect_negative", 1),
         pos = nc.attrInt("detect_positive", 1);
    if (const HostTensor *a = nc.constInput(0)) {
      HostTensor r = HostTensor::makeInts(a->shape, {}, kBool);
      for (int64_t i = 0; i < a->numElements(); ++i) {
        double v = a->at(i);
        r.ints.push_back(inf ? std::isinf(v) && (v < 0 ? neg : pos)
                             : std::isnan(v));
      }
      nc.setOutput(0, std::move(r));
      return success();
    }
    if (failed(requireFloat(nc, 0)))
      return failure();
    Value x = nc.input(0);
    auto type = cast<RankedTensorType>(x.getType())
                    .clone(IntegerType::get(nc.context(), 1));
    SmallVector<NamedAttribute> attrs;
    if (inf)
      attrs = {nc.namedBool("detect_negative", neg),
               nc.namedBool("detect_positive", pos)};
    nc.setOutput(0, nc.createTyped<OpTy>({type}, {x}, attrs)->getResult(0));
    return success();
  };
}

LogicalResult importWhere(NodeContext &nc) {
  if (!nc.allInputsConstant()) {
    if (nc.inputElemType(0) != kBool)
      return nc.error() << "condition must be a BOOL tensor";
    Operation *op =
        nc.createInferred<WhereOp>({nc.input(0), nc.input(1), nc.input(2)});
    if (!op)
      return failure();
    nc.setOutput(0, op->getResult(0));
    return success();
  }
  const HostTensor *c = nc.constInput(0), *x = nc.constInput(1),
                   *y = nc.constInput(2);
  auto s = broadcastShapes(c->shape, x->shape);
  if (s)
    s = broadcastShapes(*s, y->shape);
  if (!s)
    return nc.error() << "operand shapes do not broadcast";
  HostTensor cb = hostBroadcast(*c, *s), xb = hostBroadcast(*x, *s),
             yb = hostBroadcast(*y, *s);
  HostTensor r = xb;
  r.name.clear();
  for (int64_t i = 0; i < r.numElements(); ++i) {
    bool take = cb.at(i) != 0;
    if (r.isFloat())
      r.floats[i] = take ? xb.floats[i] : yb.floats[i];
    else
      r.ints[i] = take ? xb.ints[i] : yb.ints[i];
  }
  nc.setOutput(0, r);
  return success();
}

/// Variadic Min/Max: fold on constants, else a chain of `OpTy`.
template <typename OpTy> OpHandler variadic(BinaryFn fn) {
  return [fn](NodeContext &nc) -> LogicalResult {
    size_t n = nc.numInputs();
    if (n == 0)
      return nc.error() << "expects at least one input";
    if (nc.allInputsConstant()) {
      HostTensor acc = *nc.constInput(0);
      for (size_t i = 1; i < n; ++i) {
        auto r = hostBinary(acc, *nc.constInput(i), acc.elemType, fn);
        if (!r)
          return nc.error() << "operand shapes do not broadcast";
        acc = *r;
      }
      nc.setOutput(0, acc);
      return success();
    }
    for (size_t i = 0; i < n; ++i)
      if (failed(requireNumeric(nc, i)))
        return failure();
    Value acc = nc.input(0);
    for (size_t i = 1; i < n; ++i) {
      Operation *op = nc.createInferred<OpTy>({acc, nc.input(i)});
      if (!op)
        return failure();
      acc = op->getResult(0);
    }
    if (n == 1)
      acc = nc.createTyped<IdentityOp>({acc.getType()}, {acc})->getResult(0);
    nc.setOutput(0, acc);
    return success();
  };
}

LogicalResult importMod(NodeContext &nc) {
  bool fmod = nc.attrInt("fmod", 0);
  BinaryFn fn = [fmod](double a, double b) {
    if (b == 0)
      return fmod ? std::nan("") : 0.0;
    double m = std::fmod(a, b);
    if (!fmod && m != 0 && ((m < 0) != (b < 0)))
      m += b;
    return m;
  };
  if (nc.allInputsConstant())
    return foldBinary(nc, *nc.constInput(0), *nc.constInput(1),
                      nc.constInput(0)->elemType, fn);
  if (failed(requireNumeric(nc, 0)) || failed(requireNumeric(nc, 1)))
    return failure();
  if (nc.inputElemType(0) == kFloat && !fmod)
    return nc.error() << "fmod = 0 is defined for integer inputs only";
  Operation *op = nc.createInferred<ModOp>({nc.input(0), nc.input(1)},
                                           {nc.namedBool("fmod", fmod)});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

} // namespace

void onnx_import::registerElementwiseOps(OpRegistry &r) {
  auto add = [](double a, double b) { return a + b; };
  auto sub = [](double a, double b) { return a - b; };
  auto mul = [](double a, double b) { return a * b; };
  auto div = [](double a, double b) { return b == 0 ? 0.0 : a / b; };
  auto fdiv = [](double a, double b) { return a / b; };
  // Opsets 1 and 6 (legacy `broadcast`/`axis` attributes; opset 1's
  // `consumed_inputs` is an optimization hint) share the handlers.
  for (int64_t v : {1, 6, 7, 13, 14}) {
    r.add("Add", v, binary<AddOp>(add));
    r.add("Sub", v, binary<SubOp>(sub));
    r.add("Mul", v, binary<MulOp>(mul));
    r.add("Div", v, [=](NodeContext &nc) -> LogicalResult {
      bool isInt = !isFloatElem(nc.inputElemType(0));
      return binary<DivOp>(isInt ? BinaryFn(div) : BinaryFn(fdiv))(nc);
    });
  }
  // Sum/Mean 6 only lack multidirectional broadcasting (same shapes).
  r.add("Sum", 6, variadicSum(false));
  r.add("Mean", 6, variadicSum(true));
  // Max/Min 6 only lack broadcasting (same shapes).
  for (int64_t v : {6, 8}) {
    r.add("Max", v,
          variadic<MaxOp>([](double a, double b) { return std::max(a, b); }));
    r.add("Min", v,
          variadic<MinOp>([](double a, double b) { return std::min(a, b); }));
  }
  r.add("Pow", 7,
        binary<PowOp>([](double a, double b) { return std::pow(a, b); }));
  r.add("Mod", 10, importMod);
  r.add("Equal", 7,
        compare<EqualOp>([](double a, double b) { return double(a == b); }));
  r.add("Less", 7,
        compare<LessOp>([](double a, double b) { return double(a < b); }));
  r.add("Greater", 7,
        compare<GreaterOp>([](double a, double b) { return double(a > b); }));
  r.add("LessOrEqual", 12, compare<LessEqualOp>([](double a, double b) {
          return double(a <= b);
        }));
  r.add("GreaterOrEqual", 12, compare<GreaterEqualOp>([](double a, double b) {
          return double(a >= b);
        }));
  r.add("And", 7,
        compare<LogicalAndOp>(
            [](double a, double b) { return double(a != 0 && b != 0); }, true));
  r.add("Or", 7,
        compare<LogicalOrOp>(
            [](double a, double b) { return double(a != 0 || b != 0); }, true));
  r.add("Xor", 7,
        compare<LogicalXorOp>(
            [](double a, double b) { return double((a != 0) != (b != 0)); },
            true));
  r.add("Not", 1, importNot);
  r.add("IsNaN", 9, floatTest<IsNaNOp>(false));
  r.add("IsInf", 10, floatTest<IsInfOp>(true));
  r.add("Where", 9, importWhere);
  r.add("Abs", 6,
        foldOrUnary<AbsOp>([](double a) { return std::fabs(a); }, true));
  r.add("Sqrt", 6, foldOrUnary<SqrtOp>([](double a) { return std::sqrt(a); }));
  r.add("Exp", 6, foldOrUnary<ExpOp>([](double a) { return std::exp(a); }));
  r.add("Log", 6, foldOrUnary<LogOp>([](double a) { return std::log(a); }));
  r.add("Erf", 9, foldOrUnary<ErfOp>([](double a) { return std::erf(a); }));
  r.add("Floor", 6,
        foldOrUnary<FloorOp>([](double a) { return std::floor(a); }));
  r.add("Ceil", 6, foldOrUnary<CeilOp>([](double a) { return std::ceil(a); }));
  r.add("Round", 11, foldOrUnary<RoundOp>([](double a) {
          return roundWithMode(a, Rounding::HalfEven);
        }));
  r.add("Sign", 9,
        foldOrUnary<SignOp>([](double a) { return double((a > 0) - (a < 0)); },
                            true));
  r.add("Neg", 6, foldOrUnary<NegOp>([](double a) { return -a; }, true));
  r.add("Reciprocal", 6,
        foldOrUnary<ReciprocalOp>([](double a) { return 1.0 / a; }));
  r.add("Sin", 7, foldOrUnary<SinOp>([](double a) { return std::sin(a); }));
  r.add("Cos", 7, foldOrUnary<CosOp>([](double a) { return std::cos(a); }));
  r.add("Tan", 7, foldOrUnary<TanOp>([](double a) { return std::tan(a); }));
  r.add("Asin", 7, foldOrUnary<AsinOp>([](double a) { return std::asin(a); }));
  r.add("Acos", 7, foldOrUnary<AcosOp>([](double a) { return std::acos(a); }));
  r.add("Atan", 7, foldOrUnary<AtanOp>([](double a) { return std::atan(a); }));
  r.add("Sinh", 9, foldOrUnary<SinhOp>([](double a) { return std::sinh(a); }));
  r.add("Cosh", 9, foldOrUnary<CoshOp>([](double a) { return std::cosh(a); }));
  r.add("Asinh", 9,
        foldOrUnary<AsinhOp>([](double a) { return std::asinh(a); }));
  r.add("Acosh", 9,
        foldOrUnary<AcoshOp>([](double a) { return std::acosh(a); }));
  r.add("Atanh", 9,
        foldOrUnary<AtanhOp>([](double a) { return std::atanh(a); }));

  r.add("Relu", 6, unary<ReluOp>());
  r.add("Sigmoid", 6, unary<SigmoidOp>());
  r.add("Tanh", 6, unary<TanhOp>());
  r.add("HardSwish", 14, unary<HardSwishOp>());
  r.add("LeakyRelu", 6, importLeakyRelu);
  r.add("HardSigmoid", 6, importHardSigmoid);
  r.add("Gelu", 20, importGelu);
  r.add("PRelu", 6, importPRelu);
  r.add("Clip", 6, importClip);
  r.add("Clip", 11, importClip);
  r.add("Identity", 1, importIdentity);
  r.add("Dropout", 7, importDropout);
  r.add("Dropout", 12, importDropout);
  // Exponential and smooth activations.
  r.add("Elu", 6, importElu);
  r.add("Selu", 6, importSelu);
  r.add("Celu", 12, importCelu);
  r.add("ThresholdedRelu", 10, importThresholdedRelu);
  r.add("Softplus", 1, importSoftplus);
  r.add("Softsign", 1, importSoftsign);
  r.add("Shrink", 9, importShrink);
}

//===- AtenConversions.cpp - aten ops to nndct ops -------------------------===//
//
// One converter per aten op (or family) whose operands depend on the model
// input. Arguments are read by their schema names, so every overload of an
// op (conv2d vs _convolution, upsample .vec) shares one converter. Result
// types come from the shadow tensors the importer computed with libtorch;
// the nndct verifiers then check them against nndct's own shape inference.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/GraphImporter.h"

#include "ir/NNDCTOps.h"

#include <ATen/ATen.h>

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <iomanip>
#include <sstream>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

NodeContext::NodeContext(GraphImporter &importer, torch::jit::Node *node,
                         std::vector<TValue> &args, std::vector<c10::IValue> &shadows,
                         Location loc)
    : node(node), loc(loc), builder(importer.getBuilder()), importer(importer),
      args(args), shadows(shadows) {}

std::string NodeContext::kind() const { return node->kind().toQualString(); }

int NodeContext::argIndex(StringRef name) const {
  const c10::FunctionSchema *schema = node->maybeSchema();
  if (!schema)
    return -1;
  auto index = schema->argumentIndexWithName(name.str());
  if (!index || *index >= int(args.size()))
    return -1;
  return *index;
}

const TValue &NodeContext::arg(StringRef name) const {
  int i = argIndex(name);
  assert(i >= 0 && "no such argument");
  return args[i];
}

bool NodeContext::isNone(StringRef name) const {
  int i = argIndex(name);
  return i < 0 || (args[i].isConstant() && args[i].value.isNone());
}

LogicalResult NodeContext::unsupported(const Twine &why) {
  std::string where;
  if (auto nameLoc = dyn_cast<NameLoc>(loc))
    where = nameLoc.getName().str();
  InFlightDiagnostic diag = emitError(loc);
  diag << "unsupported TorchScript op '" << kind() << "'";
  if (where != kind())
    diag << " ('" << where << "')";
  diag << ": " << why;
  importer.noteError();
  return failure();
}

/// The constant behind argument `name`, or a diagnostic.
static FailureOr<c10::IValue> constArg(NodeContext &ctx, StringRef name) {
  int i = ctx.argIndex(name);
  if (i < 0)
    return ctx.unsupported("missing argument '" + name + "'");
  const TValue &tv = ctx.arg(i);
  if (!tv.isConstant())
    return ctx.unsupported("argument '" + name +
                           "' depends on the input data; it must be a constant");
  return tv.value;
}

FailureOr<int64_t> NodeContext::getInt(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isInt())
    return v->toInt();
  if (v->isBool())
    return int64_t(v->toBool());
  if (v->isTensor() && v->toTensor().numel() == 1)
    return v->toTensor().item<int64_t>();
  return unsupported("argument '" + name + "' is not an integer");
}

FailureOr<double> NodeContext::getDouble(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isDouble())
    return v->toDouble();
  if (v->isInt())
    return double(v->toInt());
  if (v->isTensor() && v->toTensor().numel() == 1)
    return v->toTensor().item<double>();
  return unsupported("argument '" + name + "' is not a number");
}

FailureOr<bool> NodeContext::getBool(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isBool())
    return v->toBool();
  if (v->isInt())
    return v->toInt() != 0;
  return unsupported("argument '" + name + "' is not a bool");
}

FailureOr<SmallVector<int64_t>> NodeContext::getInts(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isInt())
    return SmallVector<int64_t>{v->toInt()};
  if (v->isIntList()) {
    auto list = v->toIntVector();
    return SmallVector<int64_t>(list.begin(), list.end());
  }
  return unsupported("argument '" + name + "' is not a list of integers");
}

FailureOr<std::string> NodeContext::getString(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isString())
    return v->toStringRef();
  return unsupported("argument '" + name + "' is not a string");
}

FailureOr<Value> NodeContext::tensor(unsigned i) {
  if (i >= args.size())
    return unsupported("missing operand " + Twine(i));
  Value v = importer.materialize(args[i], loc);
  if (!v)
    return failure();
  return v;
}

FailureOr<Value> NodeContext::tensor(StringRef name) {
  int i = argIndex(name);
  if (i < 0)
    return unsupported("missing operand '" + name + "'");
  return tensor(unsigned(i));
}

RankedTensorType NodeContext::resultType(unsigned i) const {
  std::vector<at::Tensor> tensors;
  for (const c10::IValue &s : shadows) {
    if (s.isTensor())
      tensors.push_back(s.toTensor());
    else if (s.isTensorList())
      for (const at::Tensor &t : s.toTensorVector())
        tensors.push_back(t);
  }
  return tensorTypeFor(builder.getContext(), tensors.at(i));
}

SmallVector<int64_t> NodeContext::shapeOf(unsigned i) const {
  const c10::IValue &v = args.at(i).value;
  if (v.isTensor())
    return SmallVector<int64_t>(v.toTensor().sizes().begin(), v.toTensor().sizes().end());
  return {};
}

SmallVector<int64_t> NodeContext::shapeOf(StringRef name) const {
  int i = argIndex(name);
  return i < 0 ? SmallVector<int64_t>() : shapeOf(unsigned(i));
}

Value NodeContext::floatConstant(ArrayRef<int64_t> shape, ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return ConstantOp::create(builder, loc, type,
                            DenseElementsAttr::get(type, values));
}

//===----------------------------------------------------------------------===//
// Converters
//===----------------------------------------------------------------------===//

namespace {

std::string debugString(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  t.print(os);
  return s;
}

std::string formatDouble(double v) {
  std::ostringstream os;
  os << std::setprecision(9) << v;
  return os.str();
}

/// `int[2]` arguments may arrive as one int.
SmallVector<int64_t> pair(SmallVector<int64_t> v) {
  if (v.size() == 1)
    v.push_back(v[0]);
  return v;
}

int64_t normAxis(int64_t axis, int64_t rank) { return axis < 0 ? axis + rank : axis; }

template <typename OpTy>
LogicalResult createOp(NodeContext &ctx, SmallVectorImpl<Value> &results,
                       ValueRange operands, ArrayRef<NamedAttribute> attrs = {}) {
  results.push_back(OpTy::create(ctx.builder, ctx.loc,
                                 TypeRange{ctx.resultType()}, operands, attrs));
  return success();
}

NamedAttribute attr(NodeContext &ctx, StringRef name, Attribute value) {
  return ctx.builder.getNamedAttr(name, value);
}

LogicalResult identity(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  if (x->getType() != ctx.resultType())
    return ctx.unsupported("conversion from " + Twine(debugString(x->getType())) +
                           " to " + debugString(ctx.resultType()));
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

LogicalResult convolution(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto input = ctx.tensor("input");
  auto weight = ctx.tensor("weight");
  if (failed(input) || failed(weight))
    return failure();
  if (ctx.shapeOf("input").size() != 4)
    return ctx.unsupported(Twine(ctx.shapeOf("input").size()) +
                           "-D input; only 2-D convolutions (NCHW) are supported");
  SmallVector<Value> operands{*input, *weight};
  if (!ctx.isNone("bias")) {
    auto bias = ctx.tensor("bias");
    if (failed(bias))
      return failure();
    operands.push_back(*bias);
  }
  auto stride = ctx.getInts("stride");
  auto dilation = ctx.getInts("dilation");
  auto groups = ctx.getInt("groups");
  if (failed(stride) || failed(dilation) || failed(groups))
    return failure();
  bool transposed = false;
  if (ctx.hasArg("transposed")) {
    auto t = ctx.getBool("transposed");
    if (failed(t))
      return failure();
    transposed = *t;
  }
  transposed |= StringRef(ctx.kind()).starts_with("aten::conv_transpose");

  SmallVector<int64_t> padding;
  const TValue &padArg = ctx.arg("padding");
  if (padArg.isConstant() && padArg.value.isString()) {
    // conv2d(padding="same"|"valid"): the shadow tells the output size, but
    // "same" may be asymmetric; derive it like PyTorch does.
    std::string mode = padArg.value.toStringRef();
    SmallVector<int64_t> k = ctx.shapeOf("weight");
    SmallVector<int64_t> d = pair(*dilation);
    if (mode == "valid") {
      padding = {0, 0, 0, 0};
    } else {
      for (int i = 0; i < 2; ++i) {
        int64_t total = d[i] * (k[2 + i] - 1);
        padding.push_back(total / 2);
      }
      int64_t totalH = d[0] * (k[2] - 1), totalW = d[1] * (k[3] - 1);
      padding = {totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2};
    }
  } else {
    auto p = ctx.getInts("padding");
    if (failed(p))
      return failure();
    SmallVector<int64_t> p2 = pair(*p);
    padding = {p2[0], p2[1], p2[0], p2[1]};
  }

  SmallVector<NamedAttribute> attrs{
      attr(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(pair(*stride))),
      attr(ctx, "pads", ctx.builder.getDenseI64ArrayAttr(padding)),
      attr(ctx, "dilations", ctx.builder.getDenseI64ArrayAttr(pair(*dilation))),
      attr(ctx, "groups", ctx.builder.getI64IntegerAttr(*groups))};
  if (transposed) {
    auto outPad = ctx.getInts("output_padding");
    if (failed(outPad))
      return failure();
    attrs.push_back(
        attr(ctx, "output_padding", ctx.builder.getDenseI64ArrayAttr(pair(*outPad))));
    return createOp<ConvTranspose2DOp>(ctx, results, operands, attrs);
  }
  return createOp<Conv2DOp>(ctx, results, operands, attrs);
}

LogicalResult batchNorm(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto input = ctx.tensor("input");
  auto eps = ctx.getDouble("eps");
  if (failed(input) || failed(eps))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf("input");
  if (shape.size() < 2)
    return ctx.unsupported("batch_norm input needs a channel dimension");
  if (ctx.isNone("running_mean") || ctx.isNone("running_var"))
    return ctx.unsupported("batch_norm without running statistics "
                           "(track_running_stats=False) normalizes with batch "
                           "statistics, which is not an inference op");
  int64_t c = shape[1];
  auto get = [&](StringRef name, float fill) -> FailureOr<Value> {
    if (ctx.isNone(name))
      return ctx.floatConstant({c}, std::vector<float>(c, fill));
    return ctx.tensor(name);
  };
  auto w = get("weight", 1.0f), b = get("bias", 0.0f), m = get("running_mean", 0.0f),
       v = get("running_var", 1.0f);
  if (failed(w) || failed(b) || failed(m) || failed(v))
    return failure();
  return createOp<BatchNormOp>(ctx, results, {*input, *w, *b, *m, *v},
                               {attr(ctx, "epsilon", ctx.builder.getF32FloatAttr(*eps))});
}

LogicalResult layerNorm(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto input = ctx.tensor("input");
  auto normalized = ctx.getInts("normalized_shape");
  auto eps = ctx.getDouble("eps");
  if (failed(input) || failed(normalized) || failed(eps))
    return failure();
  Value scale, bias;
  if (!ctx.isNone("weight")) {
    auto w = ctx.tensor("weight");
    if (failed(w))
      return failure();
    scale = *w;
  }
  if (!ctx.isNone("bias")) {
    auto b = ctx.tensor("bias");
    if (failed(b))
      return failure();
    bias = *b;
  }
  int64_t axis = int64_t(ctx.shapeOf("input").size()) - int64_t(normalized->size());
  results.push_back(LayerNormOp::create(
      ctx.builder, ctx.loc, ctx.resultType(), *input, scale, bias,
      ctx.builder.getI64IntegerAttr(axis), ctx.builder.getF32FloatAttr(*eps)));
  return success();
}

LogicalResult linear(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto input = ctx.tensor("input");
  auto weight = ctx.tensor("weight");
  if (failed(input) || failed(weight))
    return failure();
  SmallVector<Value> operands{*input, *weight};
  if (!ctx.isNone("bias")) {
    auto bias = ctx.tensor("bias");
    if (failed(bias))
      return failure();
    operands.push_back(*bias);
  }
  return createOp<LinearOp>(ctx, results, operands);
}

LogicalResult matmul(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto a = ctx.tensor(0u), b = ctx.tensor(1u);
  if (failed(a) || failed(b))
    return failure();
  return createOp<MatMulOp>(ctx, results, {*a, *b});
}

/// addmm(bias, x, W^T): a linear layer when the matrix is a constant.
LogicalResult addmm(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto beta = ctx.getDouble("beta"), alpha = ctx.getDouble("alpha");
  if (failed(beta) || failed(alpha))
    return failure();
  if (*beta != 1.0 || *alpha != 1.0)
    return ctx.unsupported("addmm with beta/alpha other than 1");
  const TValue &mat2 = ctx.arg("mat2");
  const TValue &bias = ctx.arg("self");
  auto x = ctx.tensor("mat1");
  if (failed(x))
    return failure();
  if (mat2.isConstant() && mat2.value.isTensor() && bias.isConstant() &&
      bias.value.isTensor() && bias.value.toTensor().dim() == 1) {
    TValue w = mat2;
    w.value = mat2.value.toTensor().t().contiguous();
    w.name = mat2.name.empty() ? "" : mat2.name + ".t";
    Value wv = ctx.importer.materialize(w, ctx.loc);
    Value bv = ctx.importer.materialize(bias, ctx.loc);
    if (!wv || !bv)
      return failure();
    return createOp<LinearOp>(ctx, results, {*x, wv, bv});
  }
  auto m = ctx.tensor("mat2"), b = ctx.tensor("self");
  if (failed(m) || failed(b))
    return failure();
  Value mm = MatMulOp::create(ctx.builder, ctx.loc, ctx.resultType(), *x, *m);
  return createOp<AddOp>(ctx, results, {mm, *b});
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
  auto lhs = ctx.tensor(0u);
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
    auto r = ctx.tensor(1u);
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
  return createOp<ClampOp>(ctx, results, {*x},
                           {attr(ctx, "min", ctx.builder.getF32FloatAttr(*lo)),
                            attr(ctx, "max", ctx.builder.getF32FloatAttr(*hi))});
}

LogicalResult clamp(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  double lo = -std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::max();
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
  return createOp<LeakyReluOp>(ctx, results, {*x},
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

LogicalResult softmax(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto dim = ctx.getInt("dim");
  if (failed(x) || failed(dim))
    return failure();
  int64_t rank = ctx.shapeOf(0u).size();
  return createOp<SoftmaxOp>(
      ctx, results, {*x},
      {attr(ctx, "axis", ctx.builder.getI64IntegerAttr(normAxis(*dim, rank)))});
}

LogicalResult maxPool(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto kernel = ctx.getInts("kernel_size"), stride = ctx.getInts("stride"),
       padding = ctx.getInts("padding"), dilation = ctx.getInts("dilation");
  auto ceil = ctx.getBool("ceil_mode");
  if (failed(x) || failed(kernel) || failed(stride) || failed(padding) ||
      failed(dilation) || failed(ceil))
    return failure();
  if (ctx.shapeOf(0u).size() != 4)
    return ctx.unsupported("only 4-D (NCHW) max pooling is supported");
  SmallVector<int64_t> k = pair(*kernel), s = stride->empty() ? k : pair(*stride),
                       p = pair(*padding);
  return createOp<MaxPool2DOp>(
      ctx, results, {*x},
      {attr(ctx, "kernel_size", ctx.builder.getDenseI64ArrayAttr(k)),
       attr(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(s)),
       attr(ctx, "pads", ctx.builder.getDenseI64ArrayAttr({p[0], p[1], p[0], p[1]})),
       attr(ctx, "dilations", ctx.builder.getDenseI64ArrayAttr(pair(*dilation))),
       attr(ctx, "ceil_mode", ctx.builder.getBoolAttr(*ceil))});
}

LogicalResult avgPool(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto kernel = ctx.getInts("kernel_size"), stride = ctx.getInts("stride"),
       padding = ctx.getInts("padding");
  auto ceil = ctx.getBool("ceil_mode"), include = ctx.getBool("count_include_pad");
  if (failed(x) || failed(kernel) || failed(stride) || failed(padding) ||
      failed(ceil) || failed(include))
    return failure();
  if (!ctx.isNone("divisor_override"))
    return ctx.unsupported("avg_pool2d with divisor_override");
  if (ctx.shapeOf(0u).size() != 4)
    return ctx.unsupported("only 4-D (NCHW) average pooling is supported");
  SmallVector<int64_t> k = pair(*kernel), s = stride->empty() ? k : pair(*stride),
                       p = pair(*padding);
  return createOp<AvgPool2DOp>(
      ctx, results, {*x},
      {attr(ctx, "kernel_size", ctx.builder.getDenseI64ArrayAttr(k)),
       attr(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(s)),
       attr(ctx, "pads", ctx.builder.getDenseI64ArrayAttr({p[0], p[1], p[0], p[1]})),
       attr(ctx, "ceil_mode", ctx.builder.getBoolAttr(*ceil)),
       attr(ctx, "count_include_pad", ctx.builder.getBoolAttr(*include))});
}

LogicalResult adaptiveAvgPool(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  if (ctx.shapeOf(0u).size() != 4)
    return ctx.unsupported("only 4-D (NCHW) adaptive pooling is supported");
  ArrayRef<int64_t> out = ctx.resultShape();
  return createOp<AdaptiveAvgPool2DOp>(
      ctx, results, {*x},
      {attr(ctx, "output_size", ctx.builder.getDenseI64ArrayAttr({out[2], out[3]}))});
}

template <typename OpTy>
LogicalResult reduce(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  if (ctx.hasArg("dtype") && !ctx.isNone("dtype"))
    return ctx.unsupported("reduction with a dtype conversion");
  int64_t rank = ctx.shapeOf(0u).size();
  SmallVector<int64_t> axes;
  if (ctx.isNone("dim")) {
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  } else {
    auto dims = ctx.getInts("dim");
    if (failed(dims))
      return failure();
    for (int64_t d : *dims)
      axes.push_back(normAxis(d, rank));
    if (axes.empty())
      for (int64_t i = 0; i < rank; ++i)
        axes.push_back(i);
  }
  bool keep = false;
  if (ctx.hasArg("keepdim")) {
    auto k = ctx.getBool("keepdim");
    if (failed(k))
      return failure();
    keep = *k;
  }
  llvm::sort(axes);
  return createOp<OpTy>(ctx, results, {*x},
                        {attr(ctx, "axes", ctx.builder.getDenseI64ArrayAttr(axes)),
                         attr(ctx, "keepdims", ctx.builder.getBoolAttr(keep))});
}

LogicalResult cat(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  const TValue &list = ctx.arg(0u);
  auto dim = ctx.getInt("dim");
  if (failed(dim))
    return failure();
  SmallVector<Value> operands;
  if (list.kind == TValue::Kind::Sequence) {
    for (const TValue &e : list.elements) {
      Value v = ctx.importer.materialize(e, ctx.loc);
      if (!v)
        return failure();
      operands.push_back(v);
    }
  } else {
    return ctx.unsupported("concatenation of a list that is not built in the graph");
  }
  int64_t rank = ctx.resultShape().size();
  return createOp<ConcatOp>(
      ctx, results, operands,
      {attr(ctx, "axis", ctx.builder.getI64IntegerAttr(normAxis(*dim, rank)))});
}

/// view/reshape/flatten/squeeze/unsqueeze: the shadow gives the shape.
LogicalResult reshape(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  if (cast<RankedTensorType>(x->getType()).getShape() == ctx.resultShape()) {
    results.push_back(*x);
    return success();
  }
  return createOp<ReshapeOp>(ctx, results, {*x});
}

LogicalResult permute(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  int64_t rank = ctx.shapeOf(0u).size();
  SmallVector<int64_t> perm;
  std::string k = ctx.kind();
  if (k == "aten::permute") {
    auto dims = ctx.getInts("dims");
    if (failed(dims))
      return failure();
    for (int64_t d : *dims)
      perm.push_back(normAxis(d, rank));
  } else {
    for (int64_t i = 0; i < rank; ++i)
      perm.push_back(i);
    if (k == "aten::t") {
      if (rank == 2)
        std::swap(perm[0], perm[1]);
    } else {
      // transpose/swapaxes(self, dim0, dim1) in either naming.
      auto a = ctx.getInt(ctx.hasArg("dim0") ? "dim0" : "axis0");
      auto b = ctx.getInt(ctx.hasArg("dim1") ? "dim1" : "axis1");
      if (failed(a) || failed(b))
        return failure();
      std::swap(perm[normAxis(*a, rank)], perm[normAxis(*b, rank)]);
    }
  }
  return createOp<TransposeOp>(ctx, results, {*x},
                               {attr(ctx, "perm", ctx.builder.getDenseI64ArrayAttr(perm))});
}

/// chunk/split/split_with_sizes/unbind: one nndct.split, sizes from shadows.
LogicalResult split(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  int64_t rank = ctx.shapeOf(0u).size();
  auto dim = ctx.getInt("dim");
  if (failed(dim))
    return failure();
  int64_t axis = normAxis(*dim, rank);
  SmallVector<Type> types;
  SmallVector<int64_t> sizes;
  std::vector<at::Tensor> outs = ctx.outputs()[0].toTensorVector();
  for (size_t i = 0; i < outs.size(); ++i) {
    types.push_back(ctx.resultType(i));
    sizes.push_back(outs[i].size(axis));
  }
  bool unbind = ctx.kind() == "aten::unbind";
  if (unbind) {
    for (Type &t : types) {
      auto rt = cast<RankedTensorType>(t);
      SmallVector<int64_t> shape(rt.getShape());
      shape.insert(shape.begin() + axis, 1);
      t = rt.clone(shape);
    }
  }
  auto op = SplitOp::create(
      ctx.builder, ctx.loc, types, ValueRange{*x},
      ArrayRef<NamedAttribute>{
          attr(ctx, "axis", ctx.builder.getI64IntegerAttr(axis)),
          attr(ctx, "sizes", ctx.builder.getDenseI64ArrayAttr(sizes))});
  for (size_t i = 0; i < outs.size(); ++i) {
    Value r = op.getResult(i);
    if (unbind)
      r = ReshapeOp::create(ctx.builder, ctx.loc, ctx.resultType(i), r);
    results.push_back(r);
  }
  return success();
}

LogicalResult slice(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto dim = ctx.getInt("dim");
  if (failed(x) || failed(dim))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf(0u);
  int64_t rank = shape.size(), axis = normAxis(*dim, rank), n = shape[axis];
  auto bound = [&](StringRef name, int64_t dflt) -> FailureOr<int64_t> {
    if (ctx.isNone(name))
      return dflt;
    auto v = ctx.getInt(name);
    if (failed(v))
      return failure();
    int64_t i = *v < 0 ? *v + n : *v;
    return std::clamp<int64_t>(i, 0, n);
  };
  auto start = bound("start", 0), end = bound("end", n);
  auto step = ctx.getInt("step");
  if (failed(start) || failed(end) || failed(step))
    return failure();
  if (*step < 1)
    return ctx.unsupported("slice with a non-positive step");
  SmallVector<int64_t> starts(rank, 0), ends(shape), steps(rank, 1);
  starts[axis] = *start;
  ends[axis] = std::max(*start, *end);
  steps[axis] = *step;
  return createOp<SliceOp>(ctx, results, {*x},
                           {attr(ctx, "starts", ctx.builder.getDenseI64ArrayAttr(starts)),
                            attr(ctx, "ends", ctx.builder.getDenseI64ArrayAttr(ends)),
                            attr(ctx, "steps", ctx.builder.getDenseI64ArrayAttr(steps))});
}

LogicalResult select(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto dim = ctx.getInt("dim"), index = ctx.getInt("index");
  if (failed(x) || failed(dim) || failed(index))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf(0u);
  int64_t rank = shape.size(), axis = normAxis(*dim, rank);
  int64_t i = *index < 0 ? *index + shape[axis] : *index;
  SmallVector<int64_t> starts(rank, 0), ends(shape), steps(rank, 1);
  starts[axis] = i;
  ends[axis] = i + 1;
  SmallVector<int64_t> sliced(shape);
  sliced[axis] = 1;
  Value s = SliceOp::create(
      ctx.builder, ctx.loc,
      TypeRange{
          RankedTensorType::get(sliced, ctx.resultType().getElementType())},
      ValueRange{*x},
      ArrayRef<NamedAttribute>{
          attr(ctx, "starts", ctx.builder.getDenseI64ArrayAttr(starts)),
          attr(ctx, "ends", ctx.builder.getDenseI64ArrayAttr(ends)),
          attr(ctx, "steps", ctx.builder.getDenseI64ArrayAttr(steps))});
  return createOp<ReshapeOp>(ctx, results, {s});
}

LogicalResult pad(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto p = ctx.getInts("pad");
  if (failed(x) || failed(p))
    return failure();
  PadMode mode = PadMode::constant;
  if (ctx.hasArg("mode")) {
    auto m = ctx.getString("mode");
    if (failed(m))
      return failure();
    if (*m == "reflect")
      mode = PadMode::reflect;
    else if (*m == "replicate")
      mode = PadMode::edge;
    else if (*m != "constant")
      return ctx.unsupported("padding mode '" + *m + "'");
  }
  double value = 0.0;
  if (!ctx.isNone("value")) {
    auto v = ctx.getDouble("value");
    if (failed(v))
      return failure();
    value = *v;
  }
  // torch lists (begin, end) pairs from the last dimension backwards.
  int64_t rank = ctx.shapeOf(0u).size();
  if (p->size() % 2 || int64_t(p->size()) / 2 > rank)
    return ctx.unsupported("pad list of length " + Twine(p->size()));
  SmallVector<int64_t> pads(2 * rank, 0);
  for (size_t i = 0; i < p->size() / 2; ++i) {
    int64_t d = rank - 1 - i;
    pads[d] = (*p)[2 * i];
    pads[rank + d] = (*p)[2 * i + 1];
  }
  for (int64_t v : pads)
    if (v < 0)
      return ctx.unsupported("negative padding (cropping)");
  return createOp<PadOp>(
      ctx, results, {*x},
      {attr(ctx, "pads", ctx.builder.getDenseI64ArrayAttr(pads)),
       attr(ctx, "mode", PadModeAttr::get(ctx.builder.getContext(), mode)),
       attr(ctx, "value", ctx.builder.getF32FloatAttr(value))});
}

LogicalResult upsample(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  if (ctx.shapeOf(0u).size() != 4)
    return ctx.unsupported("only 4-D (NCHW) resizing is supported");
  bool bilinear = StringRef(ctx.kind()).contains("bilinear");
  MLIRContext *mctx = ctx.builder.getContext();
  SmallVector<NamedAttribute> attrs;
  attrs.push_back(attr(ctx, "mode", ResizeModeAttr::get(mctx, bilinear
                                                                  ? ResizeMode::bilinear
                                                                  : ResizeMode::nearest)));
  CoordinateMode coord = CoordinateMode::asymmetric;
  if (bilinear) {
    auto align = ctx.getBool("align_corners");
    if (failed(align))
      return failure();
    coord = *align ? CoordinateMode::align_corners : CoordinateMode::pytorch_half_pixel;
  } else {
    attrs.push_back(
        attr(ctx, "nearest_mode", NearestModeAttr::get(mctx, NearestMode::floor)));
  }
  attrs.push_back(attr(ctx, "coordinate_mode", CoordinateModeAttr::get(mctx, coord)));
  // Explicit scale factors define the coordinate mapping in PyTorch.
  SmallVector<float> scales;
  if (ctx.hasArg("scale_factors") && !ctx.isNone("scale_factors")) {
    const TValue &s = ctx.arg("scale_factors");
    if (s.isConstant() && s.value.isDoubleList())
      for (double d : s.value.toDoubleVector())
        scales.push_back(float(d));
  } else if (ctx.hasArg("scales_h") && !ctx.isNone("scales_h") && !ctx.isNone("scales_w")) {
    auto h = ctx.getDouble("scales_h"), w = ctx.getDouble("scales_w");
    if (failed(h) || failed(w))
      return failure();
    scales = {float(*h), float(*w)};
  }
  if (scales.size() == 2)
    attrs.push_back(attr(ctx, "scales", ctx.builder.getDenseF32ArrayAttr(scales)));
  return createOp<ResizeOp>(ctx, results, {*x}, attrs);
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
    if (*train)
      return ctx.unsupported("dropout in training mode; export the model in eval()");
  }
  return createOp<DropoutOp>(ctx, results, {*x},
                             {attr(ctx, "ratio", ctx.builder.getF32FloatAttr(*p))});
}

/// channel_shuffle(x, g): [N, g, C/g, H, W] -> swap 1, 2 -> [N, C, H, W].
LogicalResult channelShuffle(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto groups = ctx.getInt("groups");
  if (failed(x) || failed(groups))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf(0u);
  if (shape.size() < 3 || *groups <= 0 || shape[1] % *groups)
    return ctx.unsupported("channel_shuffle needs C divisible by groups");
  SmallVector<int64_t> split{shape[0], *groups, shape[1] / *groups};
  split.append(shape.begin() + 2, shape.end());
  Type elem = ctx.resultType().getElementType();
  Value r = ReshapeOp::create(ctx.builder, ctx.loc,
                              RankedTensorType::get(split, elem), *x);
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < int64_t(split.size()); ++i)
    perm.push_back(i);
  std::swap(perm[1], perm[2]);
  SmallVector<int64_t> swapped(split);
  std::swap(swapped[1], swapped[2]);
  Value t = TransposeOp::create(
      ctx.builder, ctx.loc, TypeRange{RankedTensorType::get(swapped, elem)},
      ValueRange{r},
      ArrayRef<NamedAttribute>{
          attr(ctx, "perm", ctx.builder.getDenseI64ArrayAttr(perm))});
  return createOp<ReshapeOp>(ctx, results, {t});
}

/// QAT fake quantization with a power-of-two scale is exactly a fix.
LogicalResult fakeQuant(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto scale = ctx.getDouble("scale");
  auto zeroPoint = ctx.getInt("zero_point");
  auto qmin = ctx.getInt("quant_min"), qmax = ctx.getInt("quant_max");
  if (failed(x) || failed(scale) || failed(zeroPoint) || failed(qmin) || failed(qmax))
    return failure();
  int exponent = 0;
  double mantissa = std::frexp(*scale, &exponent);
  if (!(*scale > 0) || mantissa != 0.5)
    return ctx.unsupported("scale " + formatDouble(*scale) +
                           " is not a power of two; nndct fixes need "
                           "scale = 2^-fix_point");
  if (*zeroPoint != 0)
    return ctx.unsupported("zero_point " + Twine(*zeroPoint) +
                           " is not 0; nndct fixes are symmetric");
  int64_t levels = *qmax - *qmin + 1;
  int64_t bits = llvm::Log2_64(uint64_t(std::max<int64_t>(levels, 1)));
  bool isSigned = *qmin < 0;
  bool exact = levels > 1 && (int64_t(1) << bits) == levels &&
               (isSigned ? *qmin == -(int64_t(1) << (bits - 1)) : *qmin == 0);
  if (!exact || bits < 2 || bits > 32)
    return ctx.unsupported("quant range [" + Twine(*qmin) + ", " + Twine(*qmax) +
                           "] is not a full 2..32-bit integer range");
  int64_t fixPoint = 1 - exponent; // scale = 0.5 * 2^exponent = 2^-fixPoint
  MLIRContext *mctx = ctx.builder.getContext();
  return createOp<FixOp>(
      ctx, results, {*x},
      {attr(ctx, "kind", FixKindAttr::get(mctx, FixKind::activation)),
       attr(ctx, "round_mode", RoundModeAttr::get(mctx, RoundMode::half_up)),
       attr(ctx, "bit_width", ctx.builder.getI64IntegerAttr(bits)),
       attr(ctx, "fix_point", ctx.builder.getI64IntegerAttr(fixPoint)),
       attr(ctx, "is_signed", ctx.builder.getBoolAttr(isSigned))});
}

} // namespace

const llvm::StringMap<ConvertFn> &mlir::nndct::torchscript::getAtenConverters() {
  static const llvm::StringMap<ConvertFn> converters = {
      // Convolution and dense.
      {"aten::_convolution", convolution},
      {"aten::conv2d", convolution},
      {"aten::convolution", convolution},
      {"aten::conv_transpose2d", convolution},
      {"aten::linear", linear},
      {"aten::addmm", addmm},
      {"aten::matmul", matmul},
      {"aten::mm", matmul},
      {"aten::bmm", matmul},
      // Normalization.
      {"aten::batch_norm", batchNorm},
      {"aten::layer_norm", layerNorm},
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
      {"aten::softmax", softmax},
      // Pooling and reductions.
      {"aten::max_pool2d", maxPool},
      {"aten::avg_pool2d", avgPool},
      {"aten::adaptive_avg_pool2d", adaptiveAvgPool},
      {"aten::mean", reduce<ReduceMeanOp>},
      {"aten::sum", reduce<ReduceSumOp>},
      {"aten::amax", reduce<ReduceMaxOp>},
      // Elementwise arithmetic.
      {"aten::add", binary<AddOp>},
      {"aten::sub", binary<SubOp>},
      {"aten::rsub", binary<SubOp>},
      {"aten::mul", binary<MulOp>},
      {"aten::div", binary<DivOp>},
      // Data movement.
      {"aten::cat", cat},
      {"aten::concat", cat},
      {"aten::flatten", reshape},
      {"aten::view", reshape},
      {"aten::reshape", reshape},
      {"aten::squeeze", reshape},
      {"aten::unsqueeze", reshape},
      {"aten::permute", permute},
      {"aten::transpose", permute},
      {"aten::swapaxes", permute},
      {"aten::t", permute},
      {"aten::chunk", split},
      {"aten::split", split},
      {"aten::split_with_sizes", split},
      {"aten::unbind", split},
      {"aten::slice", slice},
      {"aten::select", select},
      {"aten::pad", pad},
      {"aten::constant_pad_nd", pad},
      {"aten::upsample_nearest2d", upsample},
      {"aten::upsample_bilinear2d", upsample},
      {"aten::channel_shuffle", channelShuffle},
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
      // Quantization.
      {"aten::fake_quantize_per_tensor_affine", fakeQuant},
  };
  return converters;
}

//===- NN.cpp - aten convolution, dense, normalization, pooling ops
//---------===//
//
// conv1d/conv2d/conv3d/_convolution/conv_transpose (NCHW, NCL as a 2-D
// convolution over a height of 1, NCDHW; "same"/"valid" string padding),
// linear, addmm (a linear layer when the matrix is a constant),
// matmul/mm/bmm, batch_norm and layer_norm in inference form, 2-D and 3-D
// max/avg/adaptive-avg pooling, softmax and the mean/sum/amax reductions.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/EinsumLowering.h"
#include "ir/NNDCTOps.h"

#include <ATen/ATen.h>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

/// A 1-D convolution operand as its 2-D form: [N, C, L] -> [N, C, 1, L]
/// (weights [O, I, K] -> [O, I, 1, K]; constants are reshaped at import).
FailureOr<Value> unsqueezeH(NodeContext &ctx, StringRef name) {
  const TValue &tv = ctx.arg(name);
  if (tv.isConstant() && tv.value.isTensor()) {
    TValue w = tv;
    w.value = tv.value.toTensor().unsqueeze(2);
    w.name = tv.name.empty() ? "" : tv.name + ".2d";
    Value v = ctx.importer.materialize(w, ctx.loc);
    if (!v)
      return failure();
    return v;
  }
  auto v = ctx.tensor(name);
  if (failed(v))
    return failure();
  auto type = cast<RankedTensorType>(v->getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.begin() + 2, 1);
  return Value(ReshapeOp::create(ctx.builder, ctx.loc, type.clone(shape), *v));
}

//===----------------------------------------------------------------------===//
// 3-D convolution and pooling (NCDHW): nndct.conv3d / conv_transpose3d /
// max_pool3d / avg_pool3d; adaptive average pooling where it is exactly an
// average pool (every input size a multiple of the output size).
//===----------------------------------------------------------------------===//

/// torch's `int[3]` (one int repeats).
SmallVector<int64_t> triple(SmallVector<int64_t> v) {
  if (v.size() == 1)
    v.append(2, v[0]);
  return v;
}

/// A `(begin, end)` pad list per spatial dim in nndct's order: every begin,
/// then every end.
SmallVector<int64_t> symmetricPads(ArrayRef<int64_t> p) {
  SmallVector<int64_t> pads(p);
  pads.append(p.begin(), p.end());
  return pads;
}

/// The operands (input, weight, bias if given) and the stride, dilation and
/// groups arguments every aten convolution form has.
struct ConvArgs {
  SmallVector<Value> operands;
  FailureOr<SmallVector<int64_t>> stride, dilation;
  FailureOr<int64_t> groups;
};

FailureOr<ConvArgs> readConvArgs(NodeContext &ctx, Value input, Value weight) {
  SmallVector<Value> operands{input, weight};
  if (!ctx.isNone("bias")) {
    auto bias = ctx.tensor("bias");
    if (failed(bias))
      return failure();
    operands.push_back(*bias);
  }
  ConvArgs args{operands, ctx.getInts("stride"), ctx.getInts("dilation"),
                ctx.getInt("groups")};
  if (failed(args.stride) || failed(args.dilation) || failed(args.groups))
    return failure();
  return args;
}

LogicalResult convolution3D(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto input = ctx.tensor("input");
  auto weight = ctx.tensor("weight");
  if (failed(input) || failed(weight))
    return failure();
  FailureOr<ConvArgs> args = readConvArgs(ctx, *input, *weight);
  if (failed(args))
    return failure();
  SmallVector<Value> &operands = args->operands;
  auto &stride = args->stride, &dilation = args->dilation;
  auto &groups = args->groups;
  SmallVector<int64_t> s = triple(*stride), d = triple(*dilation);
  if (s.size() != 3 || d.size() != 3)
    return ctx.unsupported("stride/dilation lists of a 3-D convolution need "
                           "1 or 3 values");
  bool transposed = StringRef(ctx.kind()).starts_with("aten::conv_transpose");
  if (ctx.hasArg("transposed")) {
    auto t = ctx.getBool("transposed");
    if (failed(t))
      return failure();
    transposed |= *t;
  }
  SmallVector<int64_t> pads;
  const TValue &padArg = ctx.arg("padding");
  if (padArg.isConstant() && padArg.value.isString()) {
    // "same" puts the odd element of the total padding at the end, as
    // PyTorch does; "valid" pads nothing.
    auto k = cast<RankedTensorType>(weight->getType()).getShape();
    pads.assign(6, 0);
    if (padArg.value.toStringRef() == "same")
      for (int i = 0; i < 3; ++i) {
        int64_t total = d[i] * (k[2 + i] - 1);
        pads[i] = total / 2;
        pads[3 + i] = total - total / 2;
      }
  } else {
    auto p = ctx.getInts("padding");
    if (failed(p))
      return failure();
    SmallVector<int64_t> p3 = triple(*p);
    if (p3.size() != 3)
      return ctx.unsupported("padding list of a 3-D convolution needs 1 or 3 "
                             "values");
    pads = symmetricPads(p3);
  }
  SmallVector<NamedAttribute> attrs{
      attr(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(s)),
      attr(ctx, "pads", ctx.builder.getDenseI64ArrayAttr(pads)),
      attr(ctx, "dilations", ctx.builder.getDenseI64ArrayAttr(d)),
      attr(ctx, "groups", ctx.builder.getI64IntegerAttr(*groups))};
  if (!transposed)
    return createOp<Conv3DOp>(ctx, results, operands, attrs);
  auto outPad = ctx.getInts("output_padding");
  if (failed(outPad))
    return failure();
  SmallVector<int64_t> op3 = triple(*outPad);
  if (op3.size() != 3)
    return ctx.unsupported("output_padding of a 3-D convolution needs 1 or 3 "
                           "values");
  attrs.push_back(
      attr(ctx, "output_padding", ctx.builder.getDenseI64ArrayAttr(op3)));
  return createOp<ConvTranspose3DOp>(ctx, results, operands, attrs);
}

/// max_pool3d / avg_pool3d (self, kernel_size, stride, padding, ...).
LogicalResult pool3D(NodeContext &ctx, SmallVectorImpl<Value> &results,
                     bool isMax) {
  auto x = ctx.tensor(0u);
  auto kernel = ctx.getInts("kernel_size"), stride = ctx.getInts("stride"),
       padding = ctx.getInts("padding");
  auto ceil = ctx.getBool("ceil_mode");
  if (failed(x) || failed(kernel) || failed(stride) || failed(padding) ||
      failed(ceil))
    return failure();
  if (ctx.shapeOf(0u).size() != 5)
    return ctx.unsupported("only 5-D (NCDHW) 3-D pooling is supported");
  SmallVector<int64_t> k = triple(*kernel),
                       s = stride->empty() ? k : triple(*stride),
                       p = triple(*padding);
  if (k.size() != 3 || s.size() != 3 || p.size() != 3)
    return ctx.unsupported("kernel/stride/padding lists of a 3-D pooling need "
                           "1 or 3 values");
  SmallVector<NamedAttribute> attrs{
      attr(ctx, "kernel_size", ctx.builder.getDenseI64ArrayAttr(k)),
      attr(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(s)),
      attr(ctx, "pads", ctx.builder.getDenseI64ArrayAttr(symmetricPads(p))),
      attr(ctx, "ceil_mode", ctx.builder.getBoolAttr(*ceil))};
  if (isMax) {
    auto dilation = ctx.getInts("dilation");
    if (failed(dilation))
      return failure();
    SmallVector<int64_t> d = triple(*dilation);
    if (d.size() != 3)
      return ctx.unsupported("dilation of a 3-D pooling needs 1 or 3 values");
    attrs.push_back(
        attr(ctx, "dilations", ctx.builder.getDenseI64ArrayAttr(d)));
    return createOp<MaxPool3DOp>(ctx, results, {*x}, attrs);
  }
  auto include = ctx.getBool("count_include_pad");
  if (failed(include))
    return failure();
  if (!ctx.isNone("divisor_override"))
    return ctx.unsupported("avg_pool3d with divisor_override");
  attrs.push_back(
      attr(ctx, "count_include_pad", ctx.builder.getBoolAttr(*include)));
  return createOp<AvgPool3DOp>(ctx, results, {*x}, attrs);
}

LogicalResult maxPool3D(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  return pool3D(ctx, results, /*isMax=*/true);
}

LogicalResult avgPool3D(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  return pool3D(ctx, results, /*isMax=*/false);
}

/// adaptive_avg_pool3d: with every input size a multiple of the output size
/// the adaptive windows are the fixed windows of an average pool.
LogicalResult adaptiveAvgPool3D(NodeContext &ctx,
                                SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  SmallVector<int64_t> in = ctx.shapeOf(0u);
  if (in.size() != 5)
    return ctx.unsupported("only 5-D (NCDHW) adaptive pooling is supported");
  ArrayRef<int64_t> out = ctx.resultShape();
  SmallVector<int64_t> k;
  for (int i = 2; i < 5; ++i) {
    if (out[i] <= 0 || in[i] % out[i])
      return ctx.unsupported(
          "output size " + Twine(out[2]) + "x" + Twine(out[3]) + "x" +
          Twine(out[4]) + " does not divide the input size " + Twine(in[2]) +
          "x" + Twine(in[3]) + "x" + Twine(in[4]) +
          "; only adaptive pooling that is a fixed-window average pool is "
          "supported");
    k.push_back(in[i] / out[i]);
  }
  return createOp<AvgPool3DOp>(
      ctx, results, {*x},
      {attr(ctx, "kernel_size", ctx.builder.getDenseI64ArrayAttr(k)),
       attr(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(k))});
}

LogicalResult convolution(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  size_t rank = ctx.shapeOf("input").size();
  if (rank == 5)
    return convolution3D(ctx, results);
  if (rank != 4 && rank != 3)
    return ctx.unsupported(Twine(rank) +
                           "-D input; only 1-D (NCL), 2-D (NCHW) and 3-D "
                           "(NCDHW) convolutions are supported");
  // 1-D convolutions run as 2-D ones over a height of 1.
  bool oneD = rank == 3;
  auto input = oneD ? unsqueezeH(ctx, "input") : ctx.tensor("input");
  auto weight = oneD ? unsqueezeH(ctx, "weight") : ctx.tensor("weight");
  if (failed(input) || failed(weight))
    return failure();
  FailureOr<ConvArgs> args = readConvArgs(ctx, *input, *weight);
  if (failed(args))
    return failure();
  SmallVector<Value> &operands = args->operands;
  auto &stride = args->stride, &dilation = args->dilation;
  auto &groups = args->groups;
  // torch's `int[1]` / `int[2]` as the 2-D (H, W) pair.
  auto to2D = [&](SmallVector<int64_t> v, int64_t neutral) {
    if (oneD)
      return SmallVector<int64_t>{neutral, v.empty() ? neutral : v[0]};
    return pair(v);
  };
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
    auto k = cast<RankedTensorType>(weight->getType()).getShape();
    SmallVector<int64_t> d = to2D(*dilation, 1);
    if (mode == "valid") {
      padding = {0, 0, 0, 0};
    } else {
      int64_t totalH = d[0] * (k[2] - 1), totalW = d[1] * (k[3] - 1);
      padding = {totalH / 2, totalW / 2, totalH - totalH / 2,
                 totalW - totalW / 2};
    }
  } else {
    auto p = ctx.getInts("padding");
    if (failed(p))
      return failure();
    SmallVector<int64_t> p2 = to2D(*p, 0);
    padding = {p2[0], p2[1], p2[0], p2[1]};
  }

  SmallVector<NamedAttribute> attrs{
      attr(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(to2D(*stride, 1))),
      attr(ctx, "pads", ctx.builder.getDenseI64ArrayAttr(padding)),
      attr(ctx, "dilations",
           ctx.builder.getDenseI64ArrayAttr(to2D(*dilation, 1))),
      attr(ctx, "groups", ctx.builder.getI64IntegerAttr(*groups))};
  if (transposed) {
    auto outPad = ctx.getInts("output_padding");
    if (failed(outPad))
      return failure();
    attrs.push_back(attr(ctx, "output_padding",
                         ctx.builder.getDenseI64ArrayAttr(to2D(*outPad, 0))));
  }
  if (!oneD) {
    if (transposed)
      return createOp<ConvTranspose2DOp>(ctx, results, operands, attrs);
    return createOp<Conv2DOp>(ctx, results, operands, attrs);
  }
  SmallVector<int64_t> shape2D(ctx.resultShape());
  shape2D.insert(shape2D.begin() + 2, 1);
  Type type2D = ctx.resultType().clone(shape2D);
  Value conv = transposed ? Value(ConvTranspose2DOp::create(
                                ctx.builder, ctx.loc, type2D, operands, attrs))
                          : Value(Conv2DOp::create(ctx.builder, ctx.loc, type2D,
                                                   operands, attrs));
  return createOp<ReshapeOp>(ctx, results, {conv});
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
  auto w = get("weight", 1.0f), b = get("bias", 0.0f),
       m = get("running_mean", 0.0f), v = get("running_var", 1.0f);
  if (failed(w) || failed(b) || failed(m) || failed(v))
    return failure();
  return createOp<BatchNormOp>(
      ctx, results, {*input, *w, *b, *m, *v},
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
  int64_t axis =
      int64_t(ctx.shapeOf("input").size()) - int64_t(normalized->size());
  results.push_back(LayerNormOp::create(
      ctx.builder, ctx.loc, ctx.resultType(), *input, scale, bias,
      ctx.builder.getI64IntegerAttr(axis), ctx.builder.getF32FloatAttr(*eps)));
  return success();
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
  SmallVector<int64_t> k = pair(*kernel),
                       s = stride->empty() ? k : pair(*stride),
                       p = pair(*padding);
  return createOp<MaxPool2DOp>(
      ctx, results, {*x},
      {attr(ctx, "kernel_size", ctx.builder.getDenseI64ArrayAttr(k)),
       attr(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(s)),
       attr(ctx, "pads",
            ctx.builder.getDenseI64ArrayAttr({p[0], p[1], p[0], p[1]})),
       attr(ctx, "dilations",
            ctx.builder.getDenseI64ArrayAttr(pair(*dilation))),
       attr(ctx, "ceil_mode", ctx.builder.getBoolAttr(*ceil))});
}

LogicalResult avgPool(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto kernel = ctx.getInts("kernel_size"), stride = ctx.getInts("stride"),
       padding = ctx.getInts("padding");
  auto ceil = ctx.getBool("ceil_mode"),
       include = ctx.getBool("count_include_pad");
  if (failed(x) || failed(kernel) || failed(stride) || failed(padding) ||
      failed(ceil) || failed(include))
    return failure();
  if (!ctx.isNone("divisor_override"))
    return ctx.unsupported("avg_pool2d with divisor_override");
  if (ctx.shapeOf(0u).size() != 4)
    return ctx.unsupported("only 4-D (NCHW) average pooling is supported");
  SmallVector<int64_t> k = pair(*kernel),
                       s = stride->empty() ? k : pair(*stride),
                       p = pair(*padding);
  return createOp<AvgPool2DOp>(
      ctx, results, {*x},
      {attr(ctx, "kernel_size", ctx.builder.getDenseI64ArrayAttr(k)),
       attr(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(s)),
       attr(ctx, "pads",
            ctx.builder.getDenseI64ArrayAttr({p[0], p[1], p[0], p[1]})),
       attr(ctx, "ceil_mode", ctx.builder.getBoolAttr(*ceil)),
       attr(ctx, "count_include_pad", ctx.builder.getBoolAttr(*include))});
}

LogicalResult adaptiveAvgPool(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  if (ctx.shapeOf(0u).size() != 4)
    return ctx.unsupported("only 4-D (NCHW) adaptive pooling is supported");
  ArrayRef<int64_t> out = ctx.resultShape();
  return createOp<AdaptiveAvgPool2DOp>(
      ctx, results, {*x},
      {attr(ctx, "output_size",
            ctx.builder.getDenseI64ArrayAttr({out[2], out[3]}))});
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
  return createOp<OpTy>(
      ctx, results, {*x},
      {attr(ctx, "axes", ctx.builder.getDenseI64ArrayAttr(axes)),
       attr(ctx, "keepdims", ctx.builder.getBoolAttr(keep))});
}

/// einsum(equation, tensors): the shared lowering (ir/EinsumLowering.h).
LogicalResult einsum(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto equation = ctx.getString("equation");
  if (failed(equation))
    return failure();
  const TValue &list = ctx.arg("tensors");
  SmallVector<TValue> elements;
  if (list.kind == TValue::Kind::Sequence)
    elements.assign(list.elements.begin(), list.elements.end());
  else
    return ctx.unsupported("einsum of a tensor list that is not built in the "
                           "graph");
  SmallVector<Value> operands;
  for (const TValue &e : elements) {
    Value v = ctx.importer.materialize(e, ctx.loc);
    if (!v)
      return failure();
    operands.push_back(v);
  }
  std::string why;
  FailureOr<Value> y =
      lowerEinsum(ctx.builder, ctx.loc, *equation, operands, why);
  if (failed(y))
    return ctx.unsupported("equation '" + *equation + "' " + why);
  if (y->getType() != ctx.resultType())
    return ctx.unsupported("equation '" + *equation +
                           "' gives a result shape other than torch's");
  results.push_back(*y);
  return success();
}

LogicalResult logSoftmax(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto dim = ctx.getInt("dim");
  if (failed(x) || failed(dim))
    return failure();
  if (ctx.hasArg("dtype") && !ctx.isNone("dtype"))
    return ctx.unsupported("log_softmax with a dtype conversion");
  int64_t rank = ctx.shapeOf(0u).size();
  return createOp<LogSoftmaxOp>(
      ctx, results, {*x},
      {attr(ctx, "axis", ctx.builder.getI64IntegerAttr(normAxis(*dim, rank)))});
}

} // namespace

void torchscript::registerNNConverters(ConverterMap &converters) {
  converters.insert({
      // Convolution and dense.
      {"aten::_convolution", convolution},
      {"aten::conv2d", convolution},
      {"aten::convolution", convolution},
      {"aten::conv_transpose2d", convolution},
      {"aten::conv1d", convolution},
      {"aten::_convolution_mode", convolution},
      {"aten::conv_transpose1d", convolution},
      // 3-D convolution and pooling.
      {"aten::conv3d", convolution},
      {"aten::conv_transpose3d", convolution},
      {"aten::max_pool3d", maxPool3D},
      {"aten::avg_pool3d", avgPool3D},
      {"aten::adaptive_avg_pool3d", adaptiveAvgPool3D},
      {"aten::linear", linear},
      {"aten::addmm", addmm},
      {"aten::matmul", matmul},
      {"aten::mm", matmul},
      {"aten::bmm", matmul},
      // Normalization.
      {"aten::batch_norm", batchNorm},
      {"aten::layer_norm", layerNorm},
      // Softmax (with the NN ops, as in the ONNX importer).
      {"aten::softmax", softmax},
      // Pooling and reductions.
      {"aten::max_pool2d", maxPool},
      {"aten::avg_pool2d", avgPool},
      {"aten::adaptive_avg_pool2d", adaptiveAvgPool},
      {"aten::mean", reduce<ReduceMeanOp>},
      {"aten::sum", reduce<ReduceSumOp>},
      {"aten::amax", reduce<ReduceMaxOp>},
      // Einsum (lowered to transpose/reshape/matmul) and log_softmax.
      {"aten::einsum", einsum},
      {"aten::log_softmax", logSoftmax},
  });
}

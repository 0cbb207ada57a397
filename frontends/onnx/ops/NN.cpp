//===- NN.cpp - ONNX convolution, dense, pooling, normalization ops ------===//
//
// Conv/ConvTranspose (2-D, 3-D, and 1-D through a unit height), Gemm (to
// nndct.linear with a constant weight, to nndct.matmul otherwise), MatMul,
// Max/Average/Global pooling, BatchNormalization, LayerNormalization,
// InstanceNormalization and GroupNormalization (nndct.group_norm),
// Softmax (with the opset < 13 "coerce to 2-D" semantics) and the
// ReduceMean/Sum/Max reductions.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"
#include "ir/EinsumLowering.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

namespace {

/// Spatial window parameters of Conv/Pool nodes, normalized to 2-D
/// (`[h, w]`, pads `[top, left, bottom, right]`).
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, pads;
};

/// Reads kernel/strides/dilations/pads/auto_pad for `spatial` dims (1 or 2)
/// of an input with spatial sizes `in`; 1-D windows get a unit height.
FailureOr<Window> readWindow(NodeContext &nc, ArrayRef<int64_t> in,
                             ArrayRef<int64_t> kernel,
                             bool transposed = false) {
  size_t n = in.size();
  std::vector<int64_t> strides =
      nc.attrInts("strides", std::vector<int64_t>(n, 1));
  std::vector<int64_t> dil =
      nc.attrInts("dilations", std::vector<int64_t>(n, 1));
  std::vector<int64_t> pads =
      nc.attrInts("pads", std::vector<int64_t>(2 * n, 0));
  if (strides.size() != n || dil.size() != n || pads.size() != 2 * n)
    return nc.error() << "strides/dilations/pads do not match the " << n
                      << " spatial dimension(s)",
           failure();
  for (int64_t v : strides)
    if (v <= 0)
      return nc.error() << "strides must be positive", failure();
  for (int64_t v : dil)
    if (v <= 0)
      return nc.error() << "dilations must be positive", failure();
  std::string autoPad = nc.attrString("auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && !transposed) {
    for (size_t i = 0; i < n; ++i) {
      int64_t b = 0, e = 0;
      if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
        int64_t out = (in[i] + strides[i] - 1) / strides[i];
        int64_t total = std::max<int64_t>(
            0, (out - 1) * strides[i] + (kernel[i] - 1) * dil[i] + 1 - in[i]);
        b = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
        e = total - b;
      } else if (autoPad != "VALID") {
        return nc.error() << "unknown auto_pad '" << autoPad << "'", failure();
      }
      pads[i] = b;
      pads[n + i] = e;
    }
  }
  Window w;
  if (n == 1) {
    w.kernel = {1, kernel[0]};
    w.strides = {1, strides[0]};
    w.dilations = {1, dil[0]};
    w.pads = {0, pads[0], 0, pads[1]};
  } else {
    w.kernel.assign(kernel.begin(), kernel.end());
    w.strides.assign(strides.begin(), strides.end());
    w.dilations.assign(dil.begin(), dil.end());
    w.pads.assign(pads.begin(), pads.end());
  }
  return w;
}

/// Input rank check shared by conv and pooling: NCL, NCHW or NCDHW.
LogicalResult requireRank345(NodeContext &nc, ArrayRef<int64_t> shape) {
  if (shape.size() >= 3 && shape.size() <= 5)
    return success();
  return nc.error()
         << "supports 1-D, 2-D and 3-D inputs (rank 3, 4 or 5), got rank "
         << shape.size();
}

/// NCL -> NC1L (NCHW and NCDHW unchanged).
std::vector<int64_t> to4D(ArrayRef<int64_t> s) {
  if (s.size() != 3)
    return std::vector<int64_t>(s.begin(), s.end());
  return {s[0], s[1], 1, s[2]};
}

/// NC1L -> NCL when the original was 1-D.
Value restoreRank(NodeContext &nc, Value v, size_t rank) {
  if (!v || rank != 3)
    return v;
  auto s = cast<RankedTensorType>(v.getType()).getShape();
  return nc.reshape(v, {s[0], s[1], s[3]});
}

LogicalResult importConv(NodeContext &nc) {
  if (!nc.hasInput(0) || !nc.hasInput(1))
    return nc.error() << "expects X and W";
  if (failed(requireFloat(nc, 0)) || failed(requireFloat(nc, 1)) ||
      (nc.hasInput(2) && failed(requireFloat(nc, 2))))
    return failure();
  // Materialized in operand order (x, w, bias): argument evaluation order
  // is unspecified.
  Value x = nc.input(0), w = nc.input(1);
  Value bias = nc.hasInput(2) ? nc.input(2) : Value();
  FailureOr<Value> y = emitConv(nc, x, w, bias);
  if (failed(y))
    return failure();
  nc.setOutput(0, *y);
  return success();
}

LogicalResult importConvTranspose(NodeContext &nc) {
  if (!nc.hasInput(0) || !nc.hasInput(1))
    return nc.error() << "expects X and W";
  std::vector<int64_t> xs = nc.inputShape(0), ws = nc.inputShape(1);
  if (failed(requireRank345(nc, xs)) || failed(requireFloat(nc, 0)) ||
      failed(requireFloat(nc, 1)))
    return failure();
  if (ws.size() != xs.size())
    return nc.error() << "weight rank does not match input rank";
  size_t n = xs.size() - 2;
  std::vector<int64_t> kernel(ws.begin() + 2, ws.end());
  FailureOr<Window> w =
      readWindow(nc, ArrayRef<int64_t>(xs).drop_front(2), kernel, true);
  if (failed(w))
    return failure();
  std::vector<int64_t> outPad =
      nc.attrInts("output_padding", std::vector<int64_t>(n, 0));
  if (outPad.size() != n)
    return nc.error() << "output_padding does not match the spatial rank";
  std::string autoPad = nc.attrString("auto_pad", "NOTSET");
  std::vector<int64_t> outShape = nc.attrInts("output_shape");
  if (!outShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    if (outShape.size() == n + 2)
      outShape.erase(outShape.begin(), outShape.begin() + 2);
    if (outShape.empty())
      for (size_t i = 0; i < n; ++i)
        outShape.push_back(xs[2 + i] *
                           (n == 1 ? w->strides[1] : w->strides[i]));
    if (outShape.size() != n)
      return nc.error() << "output_shape does not match the spatial rank";
    std::vector<int64_t> pads(2 * n);
    for (size_t i = 0; i < n; ++i) {
      size_t j = n == 1 ? 1 : i;
      int64_t total = w->strides[j] * (xs[2 + i] - 1) + outPad[i] +
                      (kernel[i] - 1) * w->dilations[j] + 1 - outShape[i];
      if (total < 0) { // the missing rows come from output padding
        outPad[i] += -total;
        total = 0;
      }
      if (autoPad == "SAME_UPPER") {
        pads[i] = total / 2;
        pads[n + i] = total - total / 2;
      } else {
        pads[i] = total - total / 2;
        pads[n + i] = total / 2;
      }
    }
    w->pads = n == 1 ? SmallVector<int64_t>{0, pads[0], 0, pads[1]}
                     : SmallVector<int64_t>(pads.begin(), pads.end());
  }
  SmallVector<int64_t> op4 =
      n == 1 ? SmallVector<int64_t>{0, outPad[0]}
             : SmallVector<int64_t>(outPad.begin(), outPad.end());
  Value x = nc.reshape(nc.input(0), to4D(xs));
  Value wt = nc.reshape(nc.input(1), to4D(ws));
  SmallVector<Value> operands{x, wt};
  if (nc.hasInput(2))
    operands.push_back(nc.input(2));
  SmallVector<NamedAttribute> attrs{
      nc.namedI64Array("strides", w->strides),
      nc.namedI64Array("pads", w->pads),
      nc.namedI64Array("dilations", w->dilations),
      nc.namedI64Array("output_padding", op4),
      nc.namedI64("groups", nc.attrInt("group", 1))};
  Operation *op = xs.size() == 5
                      ? nc.createInferred<ConvTranspose3DOp>(operands, attrs)
                      : nc.createInferred<ConvTranspose2DOp>(operands, attrs);
  if (!op)
    return failure();
  nc.setOutput(0, restoreRank(nc, result(op), xs.size()));
  return success();
}

LogicalResult importGemm(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)) || failed(requireFloat(nc, 1)))
    return failure();
  std::vector<int64_t> as = nc.inputShape(0), bs = nc.inputShape(1);
  if (as.size() != 2 || bs.size() != 2)
    return nc.error() << "A and B must be 2-D";
  bool transA = nc.attrInt("transA", 0), transB = nc.attrInt("transB", 0);
  float alpha = nc.attrFloat("alpha", 1.0f), beta = nc.attrFloat("beta", 1.0f);
  int64_t K = transA ? as[0] : as[1];
  int64_t M = transA ? as[1] : as[0];
  int64_t N = transB ? bs[0] : bs[1];
  if ((transB ? bs[1] : bs[0]) != K)
    return nc.error() << "inner dimensions of A and B differ";
  Value a;
  if (transA) {
    Operation *t = nc.createInferred<TransposeOp>(
        {nc.input(0)}, {nc.namedI64Array("perm", {1, 0})});
    a = result(t);
  } else {
    a = nc.input(0);
  }

  const HostTensor *cConst = nc.constInput(2);
  std::vector<int64_t> cs =
      nc.hasInput(2) ? nc.inputShape(2) : std::vector<int64_t>{};
  // A C that is one value per output column becomes linear's bias.
  bool cIsBias =
      nc.hasInput(2) && cConst && cConst->isFloat() &&
      (cs.empty() || (cs.size() == 1 && (cs[0] == N || cs[0] == 1)) ||
       (cs.size() == 2 && cs[0] == 1 && (cs[1] == N || cs[1] == 1)));

  Value y;
  if (const HostTensor *b = nc.constInput(1); b && b->isFloat()) {
    HostTensor w = transB ? *b : hostTranspose(*b, {1, 0});
    w.name = b->name.empty() ? nc.name().str() + ".weight" : b->name;
    if (alpha != 1.0f)
      for (float &f : w.floats)
        f *= alpha;
    SmallVector<Value> operands{a, nc.materialize(w, w.name)};
    if (cIsBias) {
      HostTensor bias = HostTensor::makeFloats({N}, std::vector<float>(N));
      for (int64_t i = 0; i < N; ++i)
        bias.floats[i] =
            beta * cConst->floats[cConst->numElements() == 1 ? 0 : i];
      bias.name =
          cConst->name.empty() ? nc.name().str() + ".bias" : cConst->name;
      operands.push_back(nc.materialize(bias, bias.name));
    }
    y = result(nc.createInferred<LinearOp>(operands));
    if (!y)
      return failure();
    if (cIsBias || !nc.hasInput(2)) {
      nc.setOutput(0, y);
      return success();
    }
  } else {
    Value bv = nc.input(1);
    if (transB)
      bv = result(nc.createInferred<TransposeOp>(
          {bv}, {nc.namedI64Array("perm", {1, 0})}));
    y = result(nc.createInferred<MatMulOp>({a, bv}));
    if (!y)
      return failure();
    if (alpha != 1.0f) {
      Value k = nc.materialize(HostTensor::makeFloats({}, {alpha}),
                               nc.name().str() + "_alpha");
      y = result(nc.createInferred<MulOp>({y, k}));
    }
    if (!nc.hasInput(2)) {
      nc.setOutput(0, y);
      return success();
    }
  }
  (void)M;
  // General C: y + beta * C.
  Value c;
  if (cConst && cConst->isFloat()) {
    HostTensor scaled = *cConst;
    for (float &f : scaled.floats)
      f *= beta;
    c = nc.materialize(scaled, cConst->name.empty() ? nc.name().str() + "_C"
                                                    : cConst->name);
  } else {
    if (failed(requireFloat(nc, 2)))
      return failure();
    c = nc.input(2);
    if (beta != 1.0f) {
      Value k = nc.materialize(HostTensor::makeFloats({}, {beta}),
                               nc.name().str() + "_beta");
      c = result(nc.createInferred<MulOp>({c, k}));
    }
  }
  Value out = result(nc.createInferred<AddOp>({y, c}));
  if (!out)
    return failure();
  nc.setOutput(0, out);
  return success();
}

LogicalResult importMatMul(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)) || failed(requireFloat(nc, 1)))
    return failure();
  Value y = result(nc.createInferred<MatMulOp>({nc.input(0), nc.input(1)}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// MaxPool/AveragePool: OpTy (2-D, also 1-D with a unit height) or Op3DTy.
template <typename OpTy, typename Op3DTy>
LogicalResult importPool(NodeContext &nc, bool isMax) {
  if (isMax && nc.outputUsed(1))
    return importMaxPoolWithIndices(nc);
  std::vector<int64_t> xs = nc.inputShape(0);
  // Max pooling also takes int8/uint8 data (ONNX MaxPool 12).
  int32_t t = nc.inputElemType(0);
  bool smallInt = isMax && (t == kInt8 || t == kUInt8);
  if (failed(requireRank345(nc, xs)) ||
      (!smallInt && failed(requireFloat(nc, 0))))
    return failure();
  std::vector<int64_t> kernel = nc.attrInts("kernel_shape");
  if (kernel.size() != xs.size() - 2)
    return nc.error() << "kernel_shape must have " << xs.size() - 2
                      << " values";
  FailureOr<Window> w =
      readWindow(nc, ArrayRef<int64_t>(xs).drop_front(2), kernel);
  if (failed(w))
    return failure();
  bool ceilMode = nc.attrInt("ceil_mode", 0);
  SmallVector<NamedAttribute> attrs{nc.namedI64Array("kernel_size", w->kernel),
                                    nc.namedI64Array("strides", w->strides),
                                    nc.namedI64Array("pads", w->pads),
                                    nc.namedBool("ceil_mode", ceilMode)};
  if (isMax) {
    attrs.push_back(nc.namedI64Array("dilations", w->dilations));
  } else {
    for (int64_t d : w->dilations)
      if (d != 1)
        return nc.error() << "dilated average pooling is not supported";
    attrs.push_back(
        nc.namedBool("count_include_pad", nc.attrInt("count_include_pad", 0)));
  }
  Value x = nc.reshape(nc.input(0), to4D(xs));
  Value y = xs.size() == 5 ? result(nc.createInferred<Op3DTy>({x}, attrs))
                           : result(nc.createInferred<OpTy>({x}, attrs));
  if (!y)
    return failure();
  nc.setOutput(0, restoreRank(nc, y, xs.size()));
  return success();
}

LogicalResult importGlobalPool(NodeContext &nc, bool isMax) {
  std::vector<int64_t> xs = nc.inputShape(0);
  if (xs.size() < 3 || failed(requireFloat(nc, 0)))
    return xs.size() < 3 ? nc.error() << "expects a rank >= 3 input"
                         : failure();
  Value y;
  if (!isMax && xs.size() == 4) {
    y = result(nc.createInferred<AdaptiveAvgPool2DOp>(
        {nc.input(0)}, {nc.namedI64Array("output_size", {1, 1})}));
  } else {
    std::vector<int64_t> axes;
    for (size_t i = 2; i < xs.size(); ++i)
      axes.push_back(i);
    SmallVector<NamedAttribute> attrs{nc.namedI64Array("axes", axes),
                                      nc.namedBool("keepdims", true)};
    y = isMax ? result(nc.createInferred<ReduceMaxOp>({nc.input(0)}, attrs))
              : result(nc.createInferred<ReduceMeanOp>({nc.input(0)}, attrs));
  }
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

LogicalResult importBatchNorm(NodeContext &nc) {
  for (size_t i = 1; i < nc.numOutputs(); ++i)
    if (nc.outputUsed(i))
      return nc.error()
             << "training outputs (running mean/var) are not supported";
  if (nc.attrInt("training_mode", 0))
    return nc.error() << "training_mode = 1 is not supported";
  if (nc.opset() < 9 && !nc.attrInt("spatial", 1))
    return nc.error() << "spatial = 0 is not supported";
  if (nc.numInputs() != 5)
    return nc.error() << "expects 5 inputs";
  for (size_t i = 0; i < 5; ++i)
    if (failed(requireFloat(nc, i)))
      return failure();
  if (nc.inputShape(0).size() < 2)
    return nc.error() << "expects an input of rank >= 2";
  Value y = result(nc.createInferred<BatchNormOp>(
      {nc.input(0), nc.input(1), nc.input(2), nc.input(3), nc.input(4)},
      {nc.namedF32("epsilon", nc.attrFloat("epsilon", 1e-5f))}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// LayerNormalization's optional Mean and InvStdDev outputs (over dims
/// [axis, rank), kept as 1): reduce_mean(x) and 1 / sqrt(reduce_mean((x -
/// mean)^2) + epsilon), as ONNX's function body computes them.
LogicalResult importLayerNormStats(NodeContext &nc, int64_t axis,
                                   float epsilon) {
  Value x = nc.input(0);
  int64_t rank = nc.inputShape(0).size();
  std::vector<int64_t> axes;
  for (int64_t i = axis; i < rank; ++i)
    axes.push_back(i);
  SmallVector<NamedAttribute> reduceAttrs{nc.namedI64Array("axes", axes),
                                          nc.namedBool("keepdims", true)};
  Value mean = result(nc.createInferred<ReduceMeanOp>({x}, reduceAttrs));
  if (!mean)
    return failure();
  nc.setOutput(1, mean);
  if (!nc.outputUsed(2))
    return success();
  Value d = result(nc.createInferred<SubOp>({x, mean}));
  Value square = result(nc.createInferred<MulOp>({d, d}));
  Value var = result(nc.createInferred<ReduceMeanOp>({square}, reduceAttrs));
  Value eps = nc.materialize(HostTensor::makeFloats({}, {epsilon}),
                             nc.name().str() + "_epsilon");
  Value shifted = result(nc.createInferred<AddOp>({var, eps}));
  Value stdDev =
      SqrtOp::create(nc.builder(), nc.loc(), shifted.getType(), shifted);
  Value one = nc.materialize(HostTensor::makeFloats({}, {1.0f}),
                             nc.name().str() + "_one");
  Value inv = result(nc.createInferred<DivOp>({one, stdDev}));
  if (!inv)
    return failure();
  nc.setOutput(2, inv);
  return success();
}

LogicalResult importLayerNorm(NodeContext &nc) {
  std::vector<int64_t> xs = nc.inputShape(0);
  auto axis = normalizeAxis(nc.attrInt("axis", -1), xs.size());
  if (!axis)
    return nc.error() << "axis out of range";
  for (size_t i = 0; i < 3; ++i)
    if (nc.hasInput(i) && failed(requireFloat(nc, i)))
      return failure();
  SmallVector<Value> operands{nc.input(0)};
  int32_t hasScale = nc.hasInput(1), hasBias = nc.hasInput(2);
  if (hasScale)
    operands.push_back(nc.input(1));
  if (hasBias)
    operands.push_back(nc.input(2));
  Value y = result(nc.createInferred<LayerNormOp>(
      operands,
      {nc.namedI64("axis", *axis),
       nc.namedF32("epsilon", nc.attrFloat("epsilon", 1e-5f)),
       nc.named("operandSegmentSizes",
                nc.builder().getDenseI32ArrayAttr({1, hasScale, hasBias}))}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  if (nc.outputUsed(1) || nc.outputUsed(2))
    return importLayerNormStats(nc, *axis, nc.attrFloat("epsilon", 1e-5f));
  return success();
}

//===----------------------------------------------------------------------===//
// InstanceNormalization and GroupNormalization (nndct.group_norm)
//===----------------------------------------------------------------------===//

/// nndct.group_norm of input 0 with `groups` groups and optional per-channel
/// scale/bias values.
Value groupNorm(NodeContext &nc, int64_t groups, Value scale, Value bias) {
  SmallVector<Value> operands{nc.input(0)};
  if (scale)
    operands.push_back(scale);
  if (bias)
    operands.push_back(bias);
  return result(nc.createInferred<GroupNormOp>(
      operands,
      {nc.namedI64("num_groups", groups),
       nc.namedF32("epsilon", nc.attrFloat("epsilon", 1e-5f)),
       nc.named("operandSegmentSizes",
                nc.builder().getDenseI32ArrayAttr(
                    {1, int32_t(bool(scale)), int32_t(bool(bias))}))}));
}

LogicalResult importInstanceNorm(NodeContext &nc) {
  if (nc.numInputs() != 3)
    return nc.error() << "expects input, scale and B";
  for (size_t i = 0; i < 3; ++i)
    if (failed(requireFloat(nc, i)))
      return failure();
  std::vector<int64_t> xs = nc.inputShape(0);
  if (xs.size() < 2)
    return nc.error() << "expects an input of rank >= 2";
  for (size_t i = 1; i < 3; ++i)
    if (nc.inputShape(i) != std::vector<int64_t>{xs[1]})
      return nc.error() << "scale and B must have " << xs[1]
                        << " elements, one per channel";
  Value y = groupNorm(nc, xs[1], nc.input(1), nc.input(2));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// GroupNormalization: `perChannel` (opset 21) scale/bias are [C]; opset 18
/// gives one value per group, which constants repeat over the group's
/// channels and runtime values apply on the [N, G, C/G * spatial] view.
LogicalResult importGroupNorm(NodeContext &nc, bool perChannel) {
  if (nc.numInputs() != 3)
    return nc.error() << "expects X, scale and bias";
  for (size_t i = 0; i < 3; ++i)
    if (failed(requireFloat(nc, i)))
      return failure();
  if (!nc.hasAttr("num_groups"))
    return nc.error() << "needs the num_groups attribute";
  std::vector<int64_t> xs = nc.inputShape(0);
  if (xs.size() < 2)
    return nc.error() << "expects an input of rank >= 2";
  int64_t groups = nc.attrInt("num_groups", 0), channels = xs[1];
  if (groups <= 0 || channels % groups != 0)
    return nc.error() << "num_groups (" << groups << ") must divide the "
                      << channels << " channels";
  int64_t paramSize = perChannel ? channels : groups;
  for (size_t i = 1; i < 3; ++i)
    if (nc.inputShape(i) != std::vector<int64_t>{paramSize})
      return nc.error() << "scale and bias must have " << paramSize
                        << " elements (one per "
                        << (perChannel ? "channel" : "group") << ")";
  if (perChannel) {
    Value y = groupNorm(nc, groups, nc.input(1), nc.input(2));
    if (!y)
      return failure();
    nc.setOutput(0, y);
    return success();
  }
  const HostTensor *scale = nc.constInput(1), *bias = nc.constInput(2);
  if (scale && bias) {
    // One value per group: repeat it for each of the group's channels.
    Value params[2];
    for (int i = 0; i < 2; ++i) {
      const HostTensor *t = i == 0 ? scale : bias;
      std::vector<float> v(channels);
      for (int64_t c = 0; c < channels; ++c)
        v[c] = float(t->at(c / (channels / groups)));
      params[i] =
          nc.materialize(HostTensor::makeFloats({channels}, v),
                         nc.name().str() + (i == 0 ? "_scale" : "_bias"));
    }
    Value y = groupNorm(nc, groups, params[0], params[1]);
    if (!y)
      return failure();
    nc.setOutput(0, y);
    return success();
  }
  Value y = groupNorm(nc, groups, Value(), Value());
  if (!y)
    return failure();
  int64_t n = xs[0], rest = 1;
  for (size_t i = 1; i < xs.size(); ++i)
    rest *= xs[i];
  Value grouped = nc.reshape(y, {n, groups, rest / groups});
  Value g = nc.reshape(nc.input(1), {groups, 1});
  Value b = nc.reshape(nc.input(2), {groups, 1});
  Value scaled = result(nc.createInferred<MulOp>({grouped, g}));
  Value shifted = result(nc.createInferred<AddOp>({scaled, b}));
  if (!shifted)
    return failure();
  nc.setOutput(0, nc.reshape(shifted, xs));
  return success();
}

LogicalResult importSoftmax(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)))
    return failure();
  std::vector<int64_t> xs = nc.inputShape(0);
  int64_t rank = xs.size();
  auto axis = normalizeAxis(nc.attrInt("axis", nc.opset() < 13 ? 1 : -1),
                            std::max<int64_t>(rank, 1));
  if (!axis)
    return nc.error() << "axis out of range for a rank-" << rank << " input";
  Value x = nc.input(0);
  if (nc.opset() < 13 && *axis != rank - 1) {
    // Opset < 13: softmax over the flattened trailing dims [axis, rank).
    int64_t pre = 1, post = 1;
    for (int64_t i = 0; i < rank; ++i)
      (i < *axis ? pre : post) *= xs[i];
    Value flat = nc.reshape(x, {pre, post});
    Value s = nc.createTyped<SoftmaxOp>({flat.getType()}, {flat},
                                        {nc.namedI64("axis", 1)})
                  ->getResult(0);
    nc.setOutput(0, nc.reshape(s, xs));
    return success();
  }
  nc.setOutput(0, nc.createTyped<SoftmaxOp>({x.getType()}, {x},
                                            {nc.namedI64("axis", *axis)})
                      ->getResult(0));
  return success();
}

/// ReduceMean/Sum/Max; `axesInputSince` is the opset that moved axes from
/// an attribute to the second input.
template <typename OpTy> OpHandler reduce(int64_t axesInputSince) {
  return [axesInputSince](NodeContext &nc) -> LogicalResult {
    if (failed(requireFloat(nc, 0)))
      return failure();
    std::vector<int64_t> xs = nc.inputShape(0);
    int64_t rank = xs.size();
    std::vector<int64_t> axes;
    if (nc.opset() >= axesInputSince) {
      if (nc.hasInput(1)) {
        const HostTensor *t = nc.requireConstInput(1, "axes");
        if (!t)
          return failure();
        axes = t->toInts();
      }
    } else {
      axes = nc.attrInts("axes");
    }
    bool keepdims = nc.attrInt("keepdims", 1);
    if (axes.empty()) {
      if (nc.attrInt("noop_with_empty_axes", 0)) {
        Value x = nc.input(0);
        nc.setOutput(
            0, nc.createTyped<IdentityOp>({x.getType()}, {x})->getResult(0));
        return success();
      }
      for (int64_t i = 0; i < rank; ++i)
        axes.push_back(i);
    }
    if (failed(normalizeAxes(nc, axes, rank)))
      return failure();
    Value y = result(nc.createInferred<OpTy>(
        {nc.input(0)},
        {nc.namedI64Array("axes", axes), nc.namedBool("keepdims", keepdims)}));
    if (!y)
      return failure();
    nc.setOutput(0, y);
    return success();
  };
}

/// Einsum: transpose/reshape/matmul/reduce_sum (ir/EinsumLowering.h).
LogicalResult importEinsum(NodeContext &nc) {
  std::string equation = nc.attrString("equation", "");
  SmallVector<Value> operands;
  for (size_t i = 0; i < nc.numInputs(); ++i) {
    if (failed(requireFloat(nc, i)))
      return failure();
    operands.push_back(nc.input(i));
  }
  std::string why;
  FailureOr<Value> y =
      lowerEinsum(nc.builder(), nc.loc(), equation, operands, why);
  if (failed(y))
    return nc.error() << "equation '" << equation << "' " << why;
  nc.setOutput(0, *y);
  return success();
}

} // namespace

FailureOr<Value> onnx_import::emitConv(NodeContext &nc, Value xv, Value wv,
                                       Value bias) {
  auto shapeOf = [](Value v) {
    auto s = cast<RankedTensorType>(v.getType()).getShape();
    return std::vector<int64_t>(s.begin(), s.end());
  };
  std::vector<int64_t> xs = shapeOf(xv), ws = shapeOf(wv);
  if (failed(requireRank345(nc, xs)))
    return failure();
  if (ws.size() != xs.size())
    return nc.error() << "weight rank " << ws.size()
                      << " does not match input rank " << xs.size(),
           failure();
  std::vector<int64_t> kernel(ws.begin() + 2, ws.end());
  if (nc.hasAttr("kernel_shape") && nc.attrInts("kernel_shape") != kernel)
    return nc.error() << "kernel_shape does not match the weight's shape",
           failure();
  FailureOr<Window> w =
      readWindow(nc, ArrayRef<int64_t>(xs).drop_front(2), kernel);
  if (failed(w))
    return failure();
  Value x = nc.reshape(xv, to4D(xs));
  Value wt = nc.reshape(wv, to4D(ws));
  SmallVector<Value> operands{x, wt};
  if (bias)
    operands.push_back(bias);
  SmallVector<NamedAttribute> attrs{
      nc.namedI64Array("strides", w->strides),
      nc.namedI64Array("pads", w->pads),
      nc.namedI64Array("dilations", w->dilations),
      nc.namedI64("groups", nc.attrInt("group", 1))};
  Operation *op = xs.size() == 5 ? nc.createInferred<Conv3DOp>(operands, attrs)
                                 : nc.createInferred<Conv2DOp>(operands, attrs);
  if (!op)
    return failure();
  return restoreRank(nc, result(op), xs.size());
}

void onnx_import::registerNNOps(OpRegistry &r) {
  r.add("Conv", 1, importConv);
  r.add("ConvTranspose", 1, importConvTranspose);
  r.add("Gemm", 6, importGemm);
  r.add("MatMul", 1, importMatMul);
  r.add("MaxPool", 1, [](NodeContext &nc) {
    return importPool<MaxPool2DOp, MaxPool3DOp>(nc, true);
  });
  r.add("AveragePool", 1, [](NodeContext &nc) {
    return importPool<AvgPool2DOp, AvgPool3DOp>(nc, false);
  });
  r.add("GlobalAveragePool", 1,
        [](NodeContext &nc) { return importGlobalPool(nc, false); });
  r.add("GlobalMaxPool", 1,
        [](NodeContext &nc) { return importGlobalPool(nc, true); });
  r.add("BatchNormalization", 6, importBatchNorm);
  r.add("LayerNormalization", 17, importLayerNorm);
  r.add("InstanceNormalization", 6, importInstanceNorm);
  r.add("GroupNormalization", 18,
        [](NodeContext &nc) { return importGroupNorm(nc, false); });
  r.add("GroupNormalization", 21,
        [](NodeContext &nc) { return importGroupNorm(nc, true); });
  r.add("Softmax", 1, importSoftmax);
  r.add("Softmax", 13, importSoftmax);
  r.add("ReduceMean", 1, reduce<ReduceMeanOp>(18));
  r.add("ReduceMax", 1, reduce<ReduceMaxOp>(18));
  r.add("ReduceSum", 1, reduce<ReduceSumOp>(13));
  r.add("Einsum", 12, importEinsum);
}

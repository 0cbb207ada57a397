//===- Classic.cpp - ONNX classic CNN layers and masks --------------------===//
//
// MaxPool's Indices output (nndct.max_pool2d_with_indices, reached from the
// MaxPool importer of NN.cpp), MaxUnpool, LRN, MeanVarianceNormalization
// (its ONNX function body: reduce_mean, sub, mul, sqrt, add, div), Trilu,
// EyeLike (always a constant: the shape is static) and OneHot (constant
// depth and values). Trilu and OneHot fold on constant inputs.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

LogicalResult onnx_import::importMaxPoolWithIndices(NodeContext &nc) {
  std::vector<int64_t> xs = nc.inputShape(0);
  if (xs.size() != 3 && xs.size() != 4)
    return nc.error() << "the Indices output needs a 1-D or 2-D pooling "
                         "(rank 3 or 4 input)";
  if (failed(requireFloat(nc, 0)))
    return failure();
  std::vector<int64_t> kernel = nc.attrInts("kernel_shape");
  size_t n = xs.size() - 2;
  if (kernel.size() != n)
    return nc.error() << "kernel_shape must have " << n << " values";
  std::vector<int64_t> strides = nc.attrInts("strides", std::vector(n, 1L)),
                       dil = nc.attrInts("dilations", std::vector(n, 1L)),
                       pads = nc.attrInts("pads", std::vector(2 * n, 0L));
  if (strides.size() != n || dil.size() != n || pads.size() != 2 * n)
    return nc.error() << "strides/dilations/pads do not match the " << n
                      << " spatial dimension(s)";
  std::string autoPad = nc.attrString("auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID")
    return nc.error() << "auto_pad '" << autoPad
                      << "' is not supported with the Indices output";
  if (autoPad == "VALID")
    std::fill(pads.begin(), pads.end(), 0);
  int64_t order = nc.attrInt("storage_order", 0);
  if (order != 0 && order != 1)
    return nc.error() << "storage_order must be 0 or 1";
  // A 1-D pooling runs with a unit height: its indices are unchanged.
  if (n == 1) {
    kernel.insert(kernel.begin(), 1);
    strides.insert(strides.begin(), 1);
    dil.insert(dil.begin(), 1);
    pads = {0, pads[0], 0, pads[1]};
  }
  std::vector<int64_t> x4 = xs;
  if (n == 1)
    x4.insert(x4.begin() + 2, 1);
  Operation *op = nc.createInferred<MaxPool2DWithIndicesOp>(
      {nc.reshape(nc.input(0), x4)},
      {nc.namedI64Array("kernel_size", kernel),
       nc.namedI64Array("strides", strides), nc.namedI64Array("pads", pads),
       nc.namedI64Array("dilations", dil),
       nc.namedBool("ceil_mode", nc.attrInt("ceil_mode", 0)),
       nc.namedI64("storage_order", order)});
  if (!op)
    return failure();
  for (unsigned i = 0; i < 2; ++i) {
    Value v = op->getResult(i);
    if (n == 1) {
      auto shape = cast<RankedTensorType>(v.getType()).getShape();
      std::vector<int64_t> s{shape[0], shape[1], shape[3]};
      v = nc.reshape(v, s);
    }
    nc.setOutput(i, v);
  }
  return success();
}

namespace {

LogicalResult importMaxUnpool(NodeContext &nc) {
  std::vector<int64_t> xs = nc.inputShape(0);
  if (xs.size() != 4)
    return nc.error() << "only 2-D unpooling (a rank-4 input) is supported";
  if (failed(requireFloat(nc, 0)))
    return failure();
  if (nc.inputElemType(1) != kInt64 || nc.inputShape(1) != xs)
    return nc.error() << "indices must be an INT64 tensor of the input's shape";
  std::vector<int64_t> kernel = nc.attrInts("kernel_shape"),
                       strides = nc.attrInts("strides", {1, 1}),
                       pads = nc.attrInts("pads", {0, 0, 0, 0});
  if (kernel.size() != 2 || strides.size() != 2 || pads.size() != 4)
    return nc.error() << "kernel_shape/strides/pads do not match 2 spatial "
                         "dimensions";
  std::vector<int64_t> out{xs[0], xs[1]};
  for (int i = 0; i < 2; ++i)
    out.push_back((xs[2 + i] - 1) * strides[i] + kernel[i] - pads[i] -
                  pads[2 + i]);
  if (nc.hasInput(2)) {
    const HostTensor *t = nc.requireConstInput(2, "output_shape");
    if (!t)
      return failure();
    std::vector<int64_t> given = t->toInts();
    if (given.size() != 4 || given[0] != xs[0] || given[1] != xs[1] ||
        given[2] < out[2] || given[3] < out[3])
      return nc.error() << "output_shape must be [N, C, H, W] with the "
                           "input's N and C and at least the unpooled "
                        << out[2] << "x" << out[3];
    out = given;
  }
  for (int64_t d : out)
    if (d <= 0)
      return nc.error() << "the output size must be positive";
  Operation *op = nc.createTyped<MaxUnpool2DOp>(
      {nc.f32Type(out)}, {nc.input(0), nc.input(1)},
      {nc.namedI64Array("kernel_size", kernel),
       nc.namedI64Array("strides", strides), nc.namedI64Array("pads", pads)});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

LogicalResult importLRN(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)))
    return failure();
  if (!nc.hasAttr("size"))
    return nc.error() << "needs the 'size' attribute";
  Value y = result(nc.createInferred<LRNOp>(
      {nc.input(0)}, {nc.namedI64("size", nc.attrInt("size", 1)),
                      nc.namedF32("alpha", nc.attrFloat("alpha", 1e-4f)),
                      nc.namedF32("beta", nc.attrFloat("beta", 0.75f)),
                      nc.namedF32("bias", nc.attrFloat("bias", 1.0f))}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// The ONNX function body: (x - E[x]) / (sqrt(E[x^2] - E[x]^2) + 1e-9).
LogicalResult importMVN(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)))
    return failure();
  int64_t rank = nc.inputShape(0).size();
  std::vector<int64_t> axes = nc.attrInts("axes", {0, 2, 3});
  if (failed(normalizeAxes(nc, axes, rank)))
    return failure();
  SmallVector<NamedAttribute> reduce{nc.namedI64Array("axes", axes),
                                     nc.namedBool("keepdims", true)};
  Value x = nc.input(0);
  Value mean = result(nc.createInferred<ReduceMeanOp>({x}, reduce));
  Value sq = mean ? result(nc.createInferred<MulOp>({x, x})) : Value();
  Value meanSq =
      sq ? result(nc.createInferred<ReduceMeanOp>({sq}, reduce)) : Value();
  if (!meanSq)
    return failure();
  Value var = result(nc.createInferred<SubOp>(
      {meanSq, result(nc.createInferred<MulOp>({mean, mean}))}));
  Value eps = nc.materialize(HostTensor::makeFloats({}, {1e-9f}),
                             nc.name().str() + "_eps");
  Value std = result(nc.createInferred<AddOp>(
      {result(nc.createInferred<SqrtOp>({var})), eps}));
  Value y = result(nc.createInferred<DivOp>(
      {result(nc.createInferred<SubOp>({x, mean})), std}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// Whether Trilu keeps element (i, j).
bool triluKeeps(bool upper, int64_t k, int64_t i, int64_t j) {
  return upper ? j - i >= k : j - i <= k;
}

LogicalResult importTrilu(NodeContext &nc) {
  std::vector<int64_t> xs = nc.inputShape(0);
  if (xs.size() < 2)
    return nc.error() << "expects an input of rank >= 2";
  int64_t k = 0;
  if (nc.hasInput(1)) {
    const HostTensor *t = nc.requireConstInput(1, "k");
    if (!t)
      return failure();
    if (t->numElements() != 1)
      return nc.error() << "k must be a scalar";
    k = t->intAt(0);
  }
  bool upper = nc.attrInt("upper", 1);
  if (const HostTensor *t = nc.constInput(0)) {
    HostTensor r = *t;
    r.name.clear();
    int64_t rows = xs[xs.size() - 2], cols = xs.back();
    for (int64_t e = 0; e < r.numElements(); ++e)
      if (!triluKeeps(upper, k, (e / cols) % rows, e % cols)) {
        if (r.isFloat())
          r.floats[e] = 0;
        else
          r.ints[e] = 0;
      }
    nc.setOutput(0, std::move(r));
    return success();
  }
  Value y = result(nc.createInferred<TriluOp>(
      {nc.input(0)}, {nc.namedBool("upper", upper), nc.namedI64("k", k)}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// An identity-like matrix of the input's (static) shape: always constant.
LogicalResult importEyeLike(NodeContext &nc) {
  std::vector<int64_t> xs = nc.inputShape(0);
  if (xs.size() != 2)
    return nc.error() << "expects a 2-D input";
  int32_t type = nc.attrInt("dtype", nc.inputElemType(0));
  int64_t k = nc.attrInt("k", 0);
  std::vector<double> v(xs[0] * xs[1], 0.0);
  for (int64_t i = 0; i < xs[0]; ++i)
    if (i + k >= 0 && i + k < xs[1])
      v[i * xs[1] + i + k] = 1.0;
  HostTensor r;
  r.shape = xs;
  r.elemType = type;
  if (r.isFloat())
    r.floats.assign(v.begin(), v.end());
  else
    r.ints.assign(v.begin(), v.end());
  nc.setOutput(0, std::move(r));
  return success();
}

LogicalResult importOneHot(NodeContext &nc) {
  const HostTensor *depthT = nc.requireConstInput(1, "depth");
  if (!depthT)
    return failure();
  const HostTensor *values = nc.requireConstInput(2, "values");
  if (!values)
    return failure();
  if (depthT->numElements() != 1 || values->numElements() != 2)
    return nc.error() << "depth must be a scalar and values have 2 elements";
  int64_t depth = int64_t(std::trunc(depthT->at(0)));
  if (depth <= 0)
    return nc.error() << "depth must be positive (got " << depth << ")";
  std::vector<int64_t> in = nc.inputShape(0);
  auto axis = normalizeAxis(nc.attrInt("axis", -1), in.size() + 1);
  if (!axis)
    return nc.error() << "axis out of range";
  std::vector<int64_t> out = in;
  out.insert(out.begin() + *axis, depth);
  double off = values->at(0), on = values->at(1);
  if (const HostTensor *t = nc.constInput(0)) {
    int64_t inner = 1;
    for (size_t i = *axis; i < in.size(); ++i)
      inner *= in[i];
    HostTensor r;
    r.shape = out;
    r.elemType = values->elemType;
    int64_t total = r.numElements();
    std::vector<double> v(total);
    for (int64_t e = 0; e < total; ++e) {
      int64_t i = e % inner, d = (e / inner) % depth, o = e / (inner * depth);
      double idx = std::trunc(t->at(o * inner + i));
      if (idx < 0)
        idx += depth;
      v[e] = idx == double(d) ? on : off;
    }
    if (r.isFloat())
      r.floats.assign(v.begin(), v.end());
    else
      r.ints.assign(v.begin(), v.end());
    nc.setOutput(0, std::move(r));
    return success();
  }
  auto inType = cast<RankedTensorType>(nc.input(0).getType());
  Type elem = nc.mlirElemType(values->elemType);
  if (!elem)
    return nc.error() << "unsupported values type "
                      << elemTypeName(values->elemType);
  Operation *op = nc.createTyped<OneHotOp>(
      {inType.clone(out, elem)}, {nc.input(0)},
      {nc.namedI64("depth", depth), nc.namedI64("axis", *axis),
       nc.namedF32("on_value", float(on)),
       nc.namedF32("off_value", float(off))});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

} // namespace

void onnx_import::registerClassicOps(OpRegistry &r) {
  r.add("MaxUnpool", 9, importMaxUnpool);
  r.add("LRN", 1, importLRN);
  r.add("MeanVarianceNormalization", 9, importMVN);
  r.add("Trilu", 14, importTrilu);
  r.add("EyeLike", 9, importEyeLike);
  r.add("OneHot", 9, importOneHot);
}

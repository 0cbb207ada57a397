//===- Quant.cpp - ONNX QuantizeLinear/DequantizeLinear to nndct ----------===//
//
// Already-quantized (QDQ) models import to nndct.quantize_linear and
// nndct.dequantize_linear. A missing zero point is a uint8 zero (or the
// `output_dtype` of opset 21); the per-axis axis is normalized. The
// integer ops of already-quantized models (ConvInteger, QLinearConv, ...)
// decompose into exact ordinary ops (second half of this file).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"
#include "ir/InputShapes.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

namespace {

bool isQuantElem(int32_t t) {
  return t == kInt8 || t == kUInt8 || t == kInt32 || t == kInt16 ||
         t == kUInt16;
}

/// The zero point operand: input 2, or a zero scalar of `elemType`.
Value zeroPoint(NodeContext &nc, int32_t elemType) {
  if (nc.hasInput(2))
    return nc.input(2);
  return nc.materialize(HostTensor::makeInts({}, {0}, elemType),
                        nc.name().str() + "_zero_point");
}

LogicalResult importQDQ(NodeContext &nc, bool quantize) {
  if (nc.attrInt("block_size", 0))
    return nc.error() << "blocked quantization is not supported";
  std::vector<int64_t> xs = nc.inputShape(0);
  int64_t axis = nc.attrInt("axis", 1);
  std::vector<int64_t> ss = nc.inputShape(1);
  bool perAxis = !ss.empty() && ss[0] != 1;
  if (perAxis) {
    auto n = normalizeAxis(axis, xs.size());
    if (!n || xs[*n] != ss[0])
      return nc.error() << "axis " << axis
                        << " does not select a dimension of size " << ss[0]
                        << " (the per-axis scale's length)";
    axis = *n;
  } else {
    // Per-tensor: the axis is irrelevant; keep it valid for the op.
    axis = std::min<int64_t>(1, std::max<int64_t>(0, int64_t(xs.size()) - 1));
  }
  if (nc.inputElemType(1) != kFloat)
    return nc.error() << "scale must be FLOAT";
  int32_t zpType = nc.hasInput(2) ? nc.inputElemType(2) : kUInt8;
  if (quantize && !nc.hasInput(2) && nc.hasAttr("output_dtype"))
    zpType = int32_t(nc.attrInt("output_dtype", kUInt8));
  if (!quantize && !nc.hasInput(2))
    zpType = nc.inputElemType(0);
  if (!isQuantElem(zpType))
    return nc.error()
           << "quantized type " << elemTypeName(zpType)
           << " is not supported (INT8, UINT8, INT16, UINT16, INT32)";
  if (quantize && nc.inputElemType(0) != kFloat)
    return nc.error() << "input must be FLOAT";
  if (!quantize && nc.inputElemType(0) != zpType)
    return nc.error() << "input and zero point types differ";
  Value x = nc.input(0), scale = nc.input(1), zp = zeroPoint(nc, zpType);
  auto xt = cast<RankedTensorType>(x.getType());
  Type outElem = quantize
                     ? cast<RankedTensorType>(zp.getType()).getElementType()
                     : nc.builder().getF32Type();
  auto outType = xt.clone(outElem);
  Operation *op =
      quantize ? nc.createTyped<QuantizeLinearOp>({outType}, {x, scale, zp},
                                                  {nc.namedI64("axis", axis)})
               : nc.createTyped<DequantizeLinearOp>(
                     {outType}, {x, scale, zp}, {nc.namedI64("axis", axis)});
  nc.setOutput(0, op->getResult(0));
  return success();
}

//===----------------------------------------------------------------------===//
// Integer and QLinear ops (ConvInteger, MatMulInteger, QLinearConv,
// QLinearMatMul, DynamicQuantizeLinear): models quantized by another tool.
// They decompose into ordinary ops that compute the integer result exactly:
// `q - zero_point` is nndct.dequantize_linear with scale 1 (exact in f32),
// the accumulation an f32 nndct.conv2d/matmul on those integer values, the
// QLinear requantization `saturate(round(acc * sx*sw/sy) + zy)` a multiply
// and nndct.quantize_linear with scale 1. Integers are exact in f32 up to
// 2^24: the importer bounds every accumulation (with constant weights, per
// output channel: max|x - zx| * sum|w - zw|, plus |bias|) and rejects a node
// whose bound reaches 2^24 with an error naming it (docs/element-types.md,
// "Integer ops"), so what imports runs bit-exact.
//===----------------------------------------------------------------------===//

/// Largest integer magnitude f32 represents exactly with all below it.
constexpr double kExactF32 = 16777216.0; // 2^24

bool isInt8Elem(int32_t t) { return t == kInt8 || t == kUInt8; }

/// The range of an int8/uint8 type.
std::pair<int64_t, int64_t> rangeOf(int32_t t) {
  return t == kInt8 ? std::pair<int64_t, int64_t>{-128, 127}
                    : std::pair<int64_t, int64_t>{0, 255};
}

/// Input `q` (int8/uint8) minus zero point input `zpIndex` (absent: 0) as an
/// f32 tensor of exact integers; `axis` is the zero point's axis when it is
/// 1-D. Constants fold on the host (weights stay constants). Sets `maxAbs`
/// to a bound of |q - zp| and, for constant data, `values` to them.
FailureOr<Value> centered(NodeContext &nc, size_t qIndex, size_t zpIndex,
                          int64_t axis, double &maxAbs,
                          std::vector<float> *values = nullptr) {
  int32_t t = nc.inputElemType(qIndex);
  if (!isInt8Elem(t))
    return nc.error() << "input " << qIndex << " must be INT8 or UINT8, not "
                      << elemTypeName(t),
           failure();
  bool hasZp = nc.hasInput(zpIndex);
  if (hasZp && nc.inputElemType(zpIndex) != t)
    return nc.error() << "input " << zpIndex
                      << " (zero point) must have the type of input " << qIndex
                      << " (" << elemTypeName(t) << ")",
           failure();
  std::vector<int64_t> qs = nc.inputShape(qIndex);
  std::vector<int64_t> zs =
      hasZp ? nc.inputShape(zpIndex) : std::vector<int64_t>{};
  int64_t zn = 1;
  for (int64_t d : zs)
    zn *= d;
  bool perAxis = zn != 1;
  if (zs.size() > 1 ||
      (perAxis && (axis < 0 || axis >= int64_t(qs.size()) || qs[axis] != zn)))
    return nc.error() << "zero point (input " << zpIndex << ") of shape "
                      << shapeString(zs) << " does not fit input " << qIndex
                      << " of shape " << shapeString(qs),
           failure();
  auto [lo, hi] = rangeOf(t);
  const HostTensor *zc = hasZp ? nc.constInput(zpIndex) : nullptr;
  if (hasZp && !zc) {
    maxAbs = double(hi - lo);
  } else {
    maxAbs = 0;
    for (int64_t k = 0; k < (zc ? zc->numElements() : 1); ++k) {
      double z = zc ? zc->at(k) : 0;
      maxAbs = std::max({maxAbs, z - double(lo), double(hi) - z});
    }
  }
  const HostTensor *qc = nc.constInput(qIndex);
  if (qc && (!hasZp || zc)) {
    // stride of `axis` for per-axis zero points
    int64_t inner = 1;
    for (size_t d = perAxis ? axis + 1 : qs.size(); d < qs.size(); ++d)
      inner *= qs[d];
    HostTensor r;
    r.shape = qs;
    for (int64_t i = 0; i < qc->numElements(); ++i) {
      double z = !zc ? 0 : zc->at(perAxis ? (i / inner) % zn : 0);
      r.floats.push_back(float(qc->at(i) - z));
    }
    if (values)
      *values = r.floats;
    return nc.materialize(r, nc.name().str() + "_centered_" +
                                 std::to_string(qIndex));
  }
  Value q = nc.input(qIndex);
  Value zp = hasZp ? nc.input(zpIndex)
                   : nc.materialize(HostTensor::makeInts({}, {0}, t),
                                    nc.name().str() + "_zero_point");
  if (!perAxis)
    zp = nc.reshape(zp, {}); // a [1] zero point is per tensor
  auto zpType = cast<RankedTensorType>(zp.getType());
  HostTensor one = HostTensor::makeFloats(
      std::vector<int64_t>(zpType.getShape().begin(), zpType.getShape().end()),
      std::vector<float>(zn, 1.0f));
  Value scale = nc.materialize(one, nc.name().str() + "_unit_scale");
  auto type =
      cast<RankedTensorType>(q.getType()).clone(nc.builder().getF32Type());
  return nc
      .createTyped<DequantizeLinearOp>(
          {type}, {q, scale, zp},
          {nc.namedI64("axis", perAxis ? axis
                                       : std::clamp<int64_t>(
                                             int64_t(qs.size()) - 1, 0, 1))})
      ->getResult(0);
}

/// Rejects a node whose accumulation bound reaches 2^24.
LogicalResult checkExact(NodeContext &nc, double bound) {
  if (bound < kExactF32)
    return success();
  return nc.error() << "its int32 accumulation can reach "
                    << int64_t(std::min(bound, 9.2e18))
                    << ", beyond 2^24 = 16777216 where nndct's float32 "
                       "arithmetic stops being exact for integers (see "
                       "docs/element-types.md)";
}

/// Bound of sum_k |w_k| * xMax over each of `groups` consecutive runs of
/// `values` (constant weights), or `k * wMax * xMax`.
double accumulationBound(const std::vector<float> &values, int64_t runs,
                         double xMax) {
  double worst = 0;
  int64_t len = runs ? int64_t(values.size()) / runs : 0;
  for (int64_t r = 0; r < runs; ++r) {
    double sum = 0;
    for (int64_t k = 0; k < len; ++k)
      sum += std::fabs(values[r * len + k]);
    worst = std::max(worst, sum);
  }
  return worst * xMax;
}

/// The f32 scale input `i`, required constant (a requantization factor).
const HostTensor *constScale(NodeContext &nc, size_t i, StringRef role) {
  const HostTensor *s = nc.requireConstInput(i, role);
  if (s && !s->isFloat())
    return nc.error() << role << " (input " << i << ") must be FLOAT", nullptr;
  return s;
}

/// Integer-valued f32 `acc` requantized: `saturate(round(acc * m) + zy)`,
/// `m` per channel of dimension `axis` when it has more than one value.
Value requantize(NodeContext &nc, Value acc, const std::vector<float> &m,
                 int64_t axis, Value zy) {
  auto type = cast<RankedTensorType>(acc.getType());
  std::vector<int64_t> ms(m.size() > 1 ? type.getRank() : 0, 1);
  if (m.size() > 1)
    ms[axis] = int64_t(m.size());
  Value factor = nc.materialize(HostTensor::makeFloats(ms, m),
                                nc.name().str() + "_requant");
  Value scaled = result(nc.createInferred<MulOp>({acc, factor}));
  if (!scaled)
    return {};
  Value one = nc.materialize(HostTensor::makeFloats({}, {1.0f}),
                             nc.name().str() + "_unit_scale");
  auto zyType = cast<RankedTensorType>(zy.getType());
  if (zyType.getRank() != 0)
    zy = nc.reshape(zy, {});
  return nc
      .createTyped<QuantizeLinearOp>(
          {type.clone(zyType.getElementType())}, {scaled, one, zy},
          {nc.namedI64("axis", std::min<int64_t>(1, type.getRank() - 1))})
      ->getResult(0);
}

/// Per-channel (or per-tensor) f32 product sx * sw[k] / sy, in float as
/// ONNX Runtime computes it.
std::vector<float> requantFactors(const HostTensor &sx, const HostTensor &sw,
                                  const HostTensor &sy) {
  std::vector<float> m;
  for (int64_t k = 0; k < sw.numElements(); ++k)
    m.push_back(float(float(sx.floats[0]) * float(sw.floats[k])) /
                float(sy.floats[0]));
  return m;
}

/// ConvInteger (x, w, x_zp, w_zp) and QLinearConv (x, sx, zx, w, sw, zw,
/// sy, zy, B): the exact integer convolution of the centered operands.
LogicalResult importIntegerConv(NodeContext &nc, bool qlinear) {
  size_t xi = 0, xzi = 2, wi = qlinear ? 3 : 1, wzi = qlinear ? 5 : 3;
  if (!nc.hasInput(xi) || !nc.hasInput(wi))
    return nc.error() << "expects X and W";
  std::vector<int64_t> ws = nc.inputShape(wi);
  if (ws.size() < 3)
    return nc.error() << "weight must have rank 3 to 5";
  double xMax = 0, wMax = 0;
  std::vector<float> wv;
  FailureOr<Value> x = centered(nc, xi, xzi, 0, xMax);
  if (failed(x))
    return failure();
  FailureOr<Value> w = centered(nc, wi, wzi, 0, wMax, &wv);
  if (failed(w))
    return failure();
  int64_t perChannel = 1;
  for (size_t d = 1; d < ws.size(); ++d)
    perChannel *= ws[d];
  double bound = wv.empty() ? double(perChannel) * wMax * xMax
                            : accumulationBound(wv, ws[0], xMax);
  Value bias;
  if (qlinear && nc.hasInput(8)) {
    const HostTensor *b = nc.constInput(8);
    if (nc.inputElemType(8) != kInt32)
      return nc.error() << "bias (input 8) must be INT32";
    if (!b)
      return nc.error() << "bias (input 8) must be a constant";
    double bMax = 0;
    HostTensor bf = HostTensor::makeFloats(b->shape, {});
    for (int64_t k = 0; k < b->numElements(); ++k) {
      bMax = std::max(bMax, std::fabs(b->at(k)));
      bf.floats.push_back(float(b->at(k)));
    }
    bound += bMax;
    bias = nc.materialize(bf, nc.name().str() + "_bias");
  }
  if (failed(checkExact(nc, bound)))
    return failure();
  if (!qlinear) {
    FailureOr<Value> acc = emitConv(nc, *x, *w, Value());
    if (failed(acc))
      return failure();
    auto type = cast<RankedTensorType>(acc->getType());
    nc.setOutput(0, nc.createTyped<CastOp>(
                          {type.clone(nc.builder().getIntegerType(32))}, {*acc})
                        ->getResult(0));
    return success();
  }
  const HostTensor *sx = constScale(nc, 1, "x_scale");
  const HostTensor *sw = sx ? constScale(nc, 4, "w_scale") : nullptr;
  const HostTensor *sy = sw ? constScale(nc, 6, "y_scale") : nullptr;
  if (!sy)
    return failure();
  if (sx->numElements() != 1 || sy->numElements() != 1 ||
      (sw->numElements() != 1 && sw->numElements() != ws[0]))
    return nc.error() << "scales must be per tensor (w_scale also per output "
                         "channel)";
  if (!nc.hasInput(7) || !isInt8Elem(nc.inputElemType(7)))
    return nc.error() << "y_zero_point (input 7) must be INT8 or UINT8";
  FailureOr<Value> acc = emitConv(nc, *x, *w, bias);
  if (failed(acc))
    return failure();
  Value y = requantize(nc, *acc, requantFactors(*sx, *sw, *sy), 1, nc.input(7));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// MatMulInteger (a, b, a_zp, b_zp) and QLinearMatMul (a, sa, za, b, sb,
/// zb, sy, zy): the exact integer matrix product of the centered operands.
LogicalResult importIntegerMatMul(NodeContext &nc, bool qlinear) {
  size_t ai = 0, azi = 2, bi = qlinear ? 3 : 1, bzi = qlinear ? 5 : 3;
  if (!nc.hasInput(ai) || !nc.hasInput(bi))
    return nc.error() << "expects A and B";
  std::vector<int64_t> as = nc.inputShape(ai), bs = nc.inputShape(bi);
  if (as.size() < 2 || bs.size() < 2)
    return nc.error() << "A and B must have rank 2 or more";
  int64_t k = bs[bs.size() - 2], n = bs.back();
  double aMax = 0, bMax = 0;
  std::vector<float> bv;
  FailureOr<Value> a = centered(nc, ai, azi, int64_t(as.size()) - 2, aMax);
  if (failed(a))
    return failure();
  FailureOr<Value> b = centered(nc, bi, bzi, int64_t(bs.size()) - 1, bMax, &bv);
  if (failed(b))
    return failure();
  double bound = double(k) * bMax * aMax;
  if (!bv.empty()) {
    // Per column of each batch matrix: sum_k |b[k, n]|.
    bound = 0;
    int64_t mats = int64_t(bv.size()) / (k * n);
    for (int64_t m = 0; m < mats; ++m)
      for (int64_t c = 0; c < n; ++c) {
        double sum = 0;
        for (int64_t r = 0; r < k; ++r)
          sum += std::fabs(bv[(m * k + r) * n + c]);
        bound = std::max(bound, sum * aMax);
      }
  }
  if (failed(checkExact(nc, bound)))
    return failure();
  Value acc = result(nc.createInferred<MatMulOp>({*a, *b}));
  if (!acc)
    return failure();
  auto type = cast<RankedTensorType>(acc.getType());
  if (!qlinear) {
    nc.setOutput(0, nc.createTyped<CastOp>(
                          {type.clone(nc.builder().getIntegerType(32))}, {acc})
                        ->getResult(0));
    return success();
  }
  const HostTensor *sa = constScale(nc, 1, "a_scale");
  const HostTensor *sb = sa ? constScale(nc, 4, "b_scale") : nullptr;
  const HostTensor *sy = sb ? constScale(nc, 6, "y_scale") : nullptr;
  if (!sy)
    return failure();
  if (sa->numElements() != 1 || sy->numElements() != 1 ||
      (sb->numElements() != 1 && sb->numElements() != n))
    return nc.error() << "scales must be per tensor (b_scale also per "
                         "column)";
  if (!nc.hasInput(7) || !isInt8Elem(nc.inputElemType(7)))
    return nc.error() << "y_zero_point (input 7) must be INT8 or UINT8";
  Value y = requantize(nc, acc, requantFactors(*sa, *sb, *sy),
                       type.getRank() - 1, nc.input(7));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// DynamicQuantizeLinear: uint8 quantization with the scale and zero point
/// of the input's range (extended to include 0), as the ONNX function body
/// computes them.
LogicalResult importDynamicQuantizeLinear(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)))
    return failure();
  Value x = nc.input(0);
  auto type = cast<RankedTensorType>(x.getType());
  std::vector<int64_t> axes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    axes.push_back(d);
  auto scalar = [&](float v, StringRef what) {
    return nc.materialize(HostTensor::makeFloats({}, {v}),
                          nc.name().str() + "_" + what.str());
  };
  auto reduce = [&](auto tag) -> Value {
    using OpTy = decltype(tag);
    return result(
        nc.createInferred<OpTy>({x}, {nc.namedI64Array("axes", axes),
                                      nc.namedBool("keepdims", false)}));
  };
  Value lo = reduce(ReduceMinOp()), hi = reduce(ReduceMaxOp());
  if (!lo || !hi)
    return failure();
  Value zero = scalar(0.0f, "zero");
  lo = result(nc.createInferred<MinOp>({lo, zero}));
  hi = result(nc.createInferred<MaxOp>({hi, zero}));
  Value range = result(nc.createInferred<SubOp>({hi, lo}));
  Value scale =
      result(nc.createInferred<DivOp>({range, scalar(255.0f, "qrange")}));
  Value ratio = result(nc.createInferred<DivOp>({lo, scale}));
  Value zpf = result(nc.createInferred<SubOp>({zero, ratio}));
  Value clamped = result(nc.createInferred<ClampOp>(
      {zpf}, {nc.namedF32("min", 0.0f), nc.namedF32("max", 255.0f)}));
  Value rounded = result(nc.createInferred<RoundOp>({clamped}));
  if (!rounded)
    return failure();
  auto u8 = nc.builder().getIntegerType(8, /*isSigned=*/false);
  Value zp =
      nc.createTyped<CastOp>(
            {cast<RankedTensorType>(rounded.getType()).clone(u8)}, {rounded})
          ->getResult(0);
  Value y =
      nc.createTyped<QuantizeLinearOp>(
            {type.clone(u8)}, {x, scale, zp},
            {nc.namedI64("axis",
                         std::min<int64_t>(
                             1, std::max<int64_t>(0, type.getRank() - 1)))})
          ->getResult(0);
  nc.setOutput(0, y);
  nc.setOutput(1, scale);
  nc.setOutput(2, zp);
  return success();
}

} // namespace

void onnx_import::registerQuantOps(OpRegistry &r) {
  r.add("QuantizeLinear", 10,
        [](NodeContext &nc) { return importQDQ(nc, true); });
  r.add("DequantizeLinear", 10,
        [](NodeContext &nc) { return importQDQ(nc, false); });
  r.add("ConvInteger", 10,
        [](NodeContext &nc) { return importIntegerConv(nc, false); });
  r.add("QLinearConv", 10,
        [](NodeContext &nc) { return importIntegerConv(nc, true); });
  r.add("MatMulInteger", 10,
        [](NodeContext &nc) { return importIntegerMatMul(nc, false); });
  r.add("QLinearMatMul", 10,
        [](NodeContext &nc) { return importIntegerMatMul(nc, true); });
  r.add("DynamicQuantizeLinear", 11, importDynamicQuantizeLinear);
}

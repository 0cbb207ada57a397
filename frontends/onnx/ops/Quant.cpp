//===- Quant.cpp - ONNX QuantizeLinear/DequantizeLinear to nndct ----------===//
//
// Already-quantized (QDQ) models import to nndct.quantize_linear and
// nndct.dequantize_linear. A missing zero point is a uint8 zero (or the
// `output_dtype` of opset 21); the per-axis axis is normalized.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"

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

} // namespace

void onnx_import::registerQuantOps(OpRegistry &r) {
  r.add("QuantizeLinear", 10,
        [](NodeContext &nc) { return importQDQ(nc, true); });
  r.add("DequantizeLinear", 10,
        [](NodeContext &nc) { return importQDQ(nc, false); });
}

//===- Shape.cpp - ONNX shape arithmetic folded at import time ------------===//
//
// Exporters compute shapes at run time (Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape). With static shapes these are constants: Constant,
// Shape, Size, Gather, Cast, CastLike, ConstantOfShape and Range produce
// host constants here and never reach the IR. Gather on an activation with
// evenly spaced constant indices becomes nndct.slice (+ reshape), any
// other Gather nndct.gather; Cast on runtime data is nndct.cast (between
// equal types the value itself).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

namespace {

LogicalResult importConstant(NodeContext &nc) {
  if (const NodeAttr *a = nc.attr("value"); a && a->kind == NodeAttr::Tensor) {
    nc.setOutput(0, *a->tensor);
    return success();
  }
  if (const NodeAttr *a = nc.attr("value_float"))
    return nc.setOutput(0, HostTensor::makeFloats({}, {a->f})), success();
  if (const NodeAttr *a = nc.attr("value_floats"))
    return nc.setOutput(0, HostTensor::makeFloats({int64_t(a->floats.size())},
                                                  a->floats)),
           success();
  if (const NodeAttr *a = nc.attr("value_int"))
    return nc.setOutput(0, HostTensor::makeInts({}, {a->i})), success();
  if (const NodeAttr *a = nc.attr("value_ints"))
    return nc.setOutput(
               0, HostTensor::makeInts({int64_t(a->ints.size())}, a->ints)),
           success();
  return nc.error() << "only tensor, float(s) and int(s) values are supported";
}

LogicalResult importShape(NodeContext &nc) {
  std::vector<int64_t> s = nc.inputShape(0);
  int64_t rank = s.size();
  int64_t start = nc.attrInt("start", 0), end = nc.attrInt("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, 0, rank);
  std::vector<int64_t> dims(s.begin() + start,
                            s.begin() + std::max(start, end));
  nc.setOutput(0, HostTensor::makeInts({int64_t(dims.size())}, dims));
  return success();
}

LogicalResult importSize(NodeContext &nc) {
  int64_t n = 1;
  for (int64_t d : nc.inputShape(0))
    n *= d;
  nc.setOutput(0, HostTensor::makeInts({}, {n}));
  return success();
}

/// Gather as nndct.gather: runtime indices, or constant ones that are not
/// an evenly spaced ascending run (those become a slice).
LogicalResult emitGather(NodeContext &nc, int64_t axis) {
  int32_t t = nc.inputElemType(1);
  if (t != kInt64 && t != kInt32)
    return nc.error() << "indices must be INT64 or INT32, not "
                      << elemTypeName(t);
  Operation *op = nc.createInferred<GatherOp>({nc.input(0), nc.input(1)},
                                              {nc.namedI64("axis", axis)});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

LogicalResult importGather(NodeContext &nc) {
  std::vector<int64_t> ds = nc.inputShape(0);
  auto axis = normalizeAxis(nc.attrInt("axis", 0), ds.size());
  if (!axis)
    return nc.error() << "axis out of range";
  const HostTensor *idx = nc.constInput(1);
  if (!idx)
    return emitGather(nc, *axis);
  int64_t dim = ds[*axis];
  std::vector<int64_t> indices = idx->toInts();
  for (int64_t &i : indices) {
    if (i < -dim || i >= dim)
      return nc.error() << "index " << i
                        << " out of range for dimension of size " << dim;
    if (i < 0)
      i += dim;
  }
  std::vector<int64_t> outShape(ds.begin(), ds.begin() + *axis);
  outShape.insert(outShape.end(), idx->shape.begin(), idx->shape.end());
  outShape.insert(outShape.end(), ds.begin() + *axis + 1, ds.end());

  if (const HostTensor *data = nc.constInput(0)) {
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < *axis; ++i)
      outer *= ds[i];
    for (size_t i = *axis + 1; i < ds.size(); ++i)
      inner *= ds[i];
    HostTensor r;
    r.elemType = data->elemType;
    r.shape = outShape;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i : indices)
        for (int64_t k = 0; k < inner; ++k) {
          int64_t src = (o * dim + i) * inner + k;
          if (r.isFloat())
            r.floats.push_back(data->floats[src]);
          else
            r.ints.push_back(data->ints[src]);
        }
    nc.setOutput(0, std::move(r));
    return success();
  }
  // Activations: a contiguous (or evenly strided) run of indices is a slice
  // (a shape op quantization passes through); any other set a gather.
  if (indices.empty())
    return nc.error()
           << "empty indices on a non-constant tensor are not supported";
  int64_t step = indices.size() > 1 ? indices[1] - indices[0] : 1;
  for (size_t i = 1; i < indices.size(); ++i)
    if (indices[i] - indices[i - 1] != step || step <= 0)
      return emitGather(nc, *axis);
  std::vector<int64_t> starts(ds.size(), 0), ends = ds, steps(ds.size(), 1);
  starts[*axis] = indices.front();
  ends[*axis] = indices.back() + 1;
  steps[*axis] = step;
  Operation *op = nc.createInferred<SliceOp>(
      {nc.input(0)},
      {nc.namedI64Array("starts", starts), nc.namedI64Array("ends", ends),
       nc.namedI64Array("steps", steps)});
  if (!op)
    return failure();
  nc.setOutput(0, nc.reshape(op->getResult(0), outShape));
  return success();
}

LogicalResult castTo(NodeContext &nc, int32_t to) {
  if (const HostTensor *t = nc.constInput(0)) {
    nc.setOutput(0, hostCast(*t, to));
    return success();
  }
  int32_t from = nc.sourceElemType(0);
  if (from == kString || to == kString)
    return nc.error() << "casting " << elemTypeName(from) << " to "
                      << elemTypeName(to)
                      << " is not supported (nndct has no string tensors)";
  Type elem = nc.mlirElemType(to);
  if (!elem)
    return nc.error() << "unsupported target type " << elemTypeName(to);
  // Narrow floats stay in their type (the cast rounds to it); a cast from
  // one reads the value as it is (rawInput), not widened.
  Value x = nc.rawInput(0);
  auto type = cast<RankedTensorType>(x.getType());
  // To its own type: the value itself (nndct.identity is f32 only).
  if (type.getElementType() == elem) {
    nc.setOutput(0, x);
    return success();
  }
  nc.setOutput(0,
               nc.createTyped<CastOp>({type.clone(elem)}, {x})->getResult(0));
  return success();
}

LogicalResult importCast(NodeContext &nc) {
  if (!nc.hasAttr("to"))
    return nc.error() << "missing attribute 'to'";
  return castTo(nc, int32_t(nc.attrInt("to", kFloat)));
}

LogicalResult importCastLike(NodeContext &nc) {
  return castTo(nc, nc.inputElemType(1));
}

LogicalResult importConstantOfShape(NodeContext &nc) {
  const HostTensor *s = nc.requireConstInput(0, "shape");
  if (!s)
    return failure();
  HostTensor value = HostTensor::makeFloats({}, {0.0f});
  if (const NodeAttr *a = nc.attr("value"); a && a->kind == NodeAttr::Tensor) {
    if (a->tensor->numElements() != 1)
      return nc.error() << "value must have one element";
    value = *a->tensor;
  }
  std::vector<int64_t> shape = s->toInts();
  for (int64_t d : shape)
    if (d < 0)
      return nc.error() << "negative dimension in shape";
  nc.setOutput(0, hostBroadcast(value, shape));
  return success();
}

LogicalResult importRange(NodeContext &nc) {
  const HostTensor *s = nc.requireConstInput(0, "start");
  const HostTensor *l = s ? nc.requireConstInput(1, "limit") : nullptr;
  const HostTensor *d = l ? nc.requireConstInput(2, "delta") : nullptr;
  if (!d)
    return failure();
  double start = s->at(0), limit = l->at(0), delta = d->at(0);
  if (delta == 0)
    return nc.error() << "delta must not be 0";
  int64_t n = std::max<int64_t>(0, int64_t(std::ceil((limit - start) / delta)));
  HostTensor r;
  r.elemType = s->elemType;
  r.shape = {n};
  for (int64_t i = 0; i < n; ++i) {
    double v = start + i * delta;
    if (r.isFloat())
      r.floats.push_back(float(v));
    else
      r.ints.push_back(int64_t(v));
  }
  nc.setOutput(0, std::move(r));
  return success();
}

} // namespace

void onnx_import::registerShapeOps(OpRegistry &r) {
  r.add("Constant", 1, importConstant);
  r.add("Shape", 1, importShape);
  r.add("Size", 1, importSize);
  r.add("Gather", 1, importGather);
  r.add("Cast", 6, importCast);
  r.add("CastLike", 15, importCastLike);
  r.add("ConstantOfShape", 9, importConstantOfShape);
  r.add("Range", 11, importRange);
}

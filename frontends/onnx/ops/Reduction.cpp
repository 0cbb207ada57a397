//===- Reduction.cpp - ONNX reductions, index ops, scans and top-k -------===//
//
// ReduceMin/Prod/L1/L2/LogSum/LogSumExp/SumSquare (axes as an attribute, or
// as the second input from opset 18), ArgMax/ArgMin, LogSoftmax and Hardmax
// (with the opset < 13 "coerce to 2-D" semantics, as Softmax in NN.cpp),
// CumSum and TopK. ReduceMean/Sum/Max stay in NN.cpp.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

namespace {

/// Reduce*: `axesInputSince` is the opset that moved axes from an attribute
/// to the second input. Empty axes reduce everything, or no axis with
/// noop_with_empty_axes.
template <typename OpTy> OpHandler reduce(int64_t axesInputSince) {
  return [axesInputSince](NodeContext &nc) -> LogicalResult {
    if (failed(requireFloat(nc, 0)))
      return failure();
    int64_t rank = nc.inputShape(0).size();
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
    Value x = nc.input(0);
    if (axes.empty()) {
      if (nc.opset() >= axesInputSince &&
          nc.attrInt("noop_with_empty_axes", 0)) {
        // Reducing no axes still maps each element alone (|x| for L1, x^2
        // for SumSquare, as ONNX Runtime does): reduce a new unit axis.
        std::vector<int64_t> unit = nc.inputShape(0);
        unit.insert(unit.begin(), 1);
        Value y = result(nc.createInferred<OpTy>(
            {nc.reshape(x, unit)},
            {nc.namedI64Array("axes", {0}), nc.namedBool("keepdims", false)}));
        if (!y)
          return failure();
        nc.setOutput(0, y);
        return success();
      }
      for (int64_t i = 0; i < rank; ++i)
        axes.push_back(i);
    }
    if (failed(normalizeAxes(nc, axes, rank)))
      return failure();
    Value y = result(nc.createInferred<OpTy>(
        {x}, {nc.namedI64Array("axes", axes),
              nc.namedBool("keepdims", nc.attrInt("keepdims", 1))}));
    if (!y)
      return failure();
    nc.setOutput(0, y);
    return success();
  };
}

/// ArgMax/ArgMin: int64 indices along `axis`.
template <typename OpTy> LogicalResult importArgReduce(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)))
    return failure();
  int64_t rank = nc.inputShape(0).size();
  auto axis = normalizeAxis(nc.attrInt("axis", 0), rank);
  if (!axis)
    return nc.error() << "axis " << nc.attrInt("axis", 0)
                      << " out of range for rank " << rank;
  Value y = result(nc.createInferred<OpTy>(
      {nc.input(0)},
      {nc.namedI64("axis", *axis),
       nc.namedBool("keepdims", nc.attrInt("keepdims", 1)),
       nc.namedBool("select_last_index", nc.attrInt("select_last_index", 0))}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// LogSoftmax/Hardmax along `axis`; before opset 13 over the flattened
/// trailing dims [axis, rank) (the input coerced to 2-D).
template <typename OpTy> LogicalResult importSoftmaxLike(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)))
    return failure();
  std::vector<int64_t> xs = nc.inputShape(0);
  int64_t rank = xs.size();
  int64_t dflt = nc.opset() < 13 ? 1 : -1;
  auto axis =
      normalizeAxis(nc.attrInt("axis", dflt), std::max<int64_t>(rank, 1));
  if (!axis)
    return nc.error() << "axis out of range for a rank-" << rank << " input";
  Value x = nc.input(0);
  if (nc.opset() < 13 && *axis != rank - 1) {
    int64_t pre = 1, post = 1;
    for (int64_t i = 0; i < rank; ++i)
      (i < *axis ? pre : post) *= xs[i];
    Value flat = nc.reshape(x, {pre, post});
    Value s =
        nc.createTyped<OpTy>({flat.getType()}, {flat}, {nc.namedI64("axis", 1)})
            ->getResult(0);
    nc.setOutput(0, nc.reshape(s, xs));
    return success();
  }
  nc.setOutput(
      0, nc.createTyped<OpTy>({x.getType()}, {x}, {nc.namedI64("axis", *axis)})
             ->getResult(0));
  return success();
}

LogicalResult importCumSum(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)))
    return failure();
  const HostTensor *a = nc.requireConstInput(1, "axis");
  if (!a)
    return failure();
  if (a->numElements() != 1)
    return nc.error() << "axis must be a scalar";
  int64_t rank = nc.inputShape(0).size();
  auto axis = normalizeAxis(a->intAt(0), rank);
  if (!axis)
    return nc.error() << "axis " << a->intAt(0) << " out of range for rank "
                      << rank;
  Value x = nc.input(0);
  nc.setOutput(0, nc.createTyped<CumSumOp>(
                        {x.getType()}, {x},
                        {nc.namedI64("axis", *axis),
                         nc.namedBool("exclusive", nc.attrInt("exclusive", 0)),
                         nc.namedBool("reverse", nc.attrInt("reverse", 0))})
                      ->getResult(0));
  return success();
}

LogicalResult importTopK(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)))
    return failure();
  int64_t k;
  if (nc.opset() < 10) {
    k = nc.attrInt("k", -1);
  } else {
    const HostTensor *t = nc.requireConstInput(1, "K");
    if (!t)
      return failure();
    if (t->numElements() != 1)
      return nc.error() << "K must have one element";
    k = t->intAt(0);
  }
  std::vector<int64_t> xs = nc.inputShape(0);
  int64_t rank = xs.size();
  auto axis = normalizeAxis(nc.attrInt("axis", -1), rank);
  if (!axis)
    return nc.error() << "axis out of range for rank " << rank;
  if (k < 1 || k > xs[*axis])
    return nc.error() << "K = " << k << " is not in [1, " << xs[*axis] << "]";
  Operation *op = nc.createInferred<TopKOp>(
      {nc.input(0)}, {nc.namedI64("k", k), nc.namedI64("axis", *axis),
                      nc.namedBool("largest", nc.attrInt("largest", 1)),
                      nc.namedBool("sorted", nc.attrInt("sorted", 1))});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  nc.setOutput(1, op->getResult(1));
  return success();
}

} // namespace

void onnx_import::registerReductionOps(OpRegistry &r) {
  r.add("ReduceMin", 1, reduce<ReduceMinOp>(18));
  r.add("ReduceProd", 1, reduce<ReduceProdOp>(18));
  r.add("ReduceL1", 1, reduce<ReduceL1Op>(18));
  r.add("ReduceL2", 1, reduce<ReduceL2Op>(18));
  r.add("ReduceLogSum", 1, reduce<ReduceLogSumOp>(18));
  r.add("ReduceLogSumExp", 1, reduce<ReduceLogSumExpOp>(18));
  r.add("ReduceSumSquare", 1, reduce<ReduceSumSquareOp>(18));
  r.add("ArgMax", 1, importArgReduce<ArgMaxOp>);
  r.add("ArgMin", 1, importArgReduce<ArgMinOp>);
  r.add("LogSoftmax", 1, importSoftmaxLike<LogSoftmaxOp>);
  r.add("Hardmax", 1, importSoftmaxLike<HardmaxOp>);
  r.add("CumSum", 11, importCumSum);
  r.add("TopK", 1, importTopK);
}

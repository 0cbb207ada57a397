//===- Reduction.cpp - aten reductions, index reductions, scans, top-k ----===//
//
// amin/prod/logsumexp and the full and per-dim forms of max/min (values
// and indices), the vector norms (p = 1 and 2 as reduce_l1/reduce_l2,
// +-inf as a max/min of |x|, any other p > 0 as (sum |x|^p)^(1/p)),
// argmax/argmin (dim None reduces the flattened tensor), cumsum, and
// topk/sort/argsort as nndct.top_k. The binary max/min forms (maximum,
// minimum, max(x, other)) are nndct.max/min with torch's type promotion.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

/// The shape of a reduction of `shape` over `axes`.
SmallVector<int64_t> reducedShape(ArrayRef<int64_t> shape,
                                  ArrayRef<int64_t> axes, bool keep) {
  SmallVector<int64_t> out;
  for (int64_t i = 0, e = shape.size(); i < e; ++i)
    if (!llvm::is_contained(axes, i))
      out.push_back(shape[i]);
    else if (keep)
      out.push_back(1);
  return out;
}

/// Rejects a `dtype` conversion argument (the result would not be f32).
LogicalResult rejectDtype(NodeContext &ctx) {
  if (ctx.hasArg("dtype") && !ctx.isNone("dtype"))
    return ctx.unsupported("reduction with a dtype conversion");
  return success();
}

/// The float input (argument 0) of a reduction.
FailureOr<Value> floatInput(NodeContext &ctx, StringRef what) {
  auto x = ctx.tensor(0u);
  if (failed(x) || failed(requireFloat(ctx, *x, what)))
    return failure();
  return *x;
}

/// `OpTy` over `axes` of `x` with the node's result type.
template <typename OpTy>
LogicalResult emitReduce(NodeContext &ctx, SmallVectorImpl<Value> &results,
                         Value x, ArrayRef<int64_t> axes, bool keep,
                         unsigned resultIndex = 0) {
  results.push_back(
      build<OpTy>(ctx, ctx.resultType(resultIndex), {x},
                  {attr(ctx, "axes", ctx.builder.getDenseI64ArrayAttr(axes)),
                   attr(ctx, "keepdims", ctx.builder.getBoolAttr(keep))}));
  return success();
}

/// amin/prod/logsumexp(self, dim?, keepdim, dtype?): dim None or absent
/// reduces every axis.
template <typename OpTy>
LogicalResult reduce(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = floatInput(ctx, "this reduction");
  if (failed(x) || failed(rejectDtype(ctx)))
    return failure();
  int64_t rank = ctx.shapeOf(0u).size();
  auto axes = reductionAxes(ctx, "dim", rank);
  auto keep = keepDim(ctx);
  if (failed(axes) || failed(keep))
    return failure();
  return emitReduce<OpTy>(ctx, results, *x, *axes, *keep);
}

/// Binary elementwise `OpTy` in torch's promoted type.
template <typename OpTy>
LogicalResult promotedBinary(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  Type elem = promotedElementType(ctx, 0, 1);
  auto a = tensorOf(ctx, 0u, elem), b = tensorOf(ctx, 1u, elem);
  if (failed(a) || failed(b))
    return failure();
  return createOp<OpTy>(ctx, results, {*a, *b});
}

/// max/min in their three forms: (self, other) elementwise, (self, dim,
/// keepdim) -> (values, indices), and (self) over every element.
template <typename ReduceTy, typename ArgTy, typename BinaryTy>
LogicalResult minMax(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (ctx.hasArg("other"))
    return promotedBinary<BinaryTy>(ctx, results);
  auto x = floatInput(ctx, "max/min reductions");
  if (failed(x))
    return failure();
  int64_t rank = ctx.shapeOf(0u).size();
  if (!ctx.hasArg("dim")) {
    SmallVector<int64_t> all;
    for (int64_t i = 0; i < rank; ++i)
      all.push_back(i);
    return emitReduce<ReduceTy>(ctx, results, *x, all, false);
  }
  auto dim = ctx.getInt("dim");
  auto keep = keepDim(ctx);
  if (failed(dim) || failed(keep))
    return failure();
  if (*dim < -rank || *dim >= rank)
    return ctx.unsupported("dim " + Twine(*dim) + " is out of range for a " +
                           Twine(rank) + "-D tensor");
  int64_t axis = normAxis(*dim, rank);
  if (failed(emitReduce<ReduceTy>(ctx, results, *x, {axis}, *keep)))
    return failure();
  results.push_back(
      build<ArgTy>(ctx, ctx.resultType(1), {*x},
                   {attr(ctx, "axis", ctx.builder.getI64IntegerAttr(axis)),
                    attr(ctx, "keepdims", ctx.builder.getBoolAttr(*keep))}));
  return success();
}

/// argmax/argmin(self, dim?, keepdim): without dim torch reduces the
/// flattened tensor (keepdim then keeps every dim as 1).
template <typename ArgTy>
LogicalResult argReduce(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = floatInput(ctx, "argmax/argmin");
  auto keep = keepDim(ctx);
  if (failed(x) || failed(keep))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf(0u);
  int64_t rank = shape.size();
  Value in = *x;
  int64_t axis = 0;
  bool keepAxis = *keep;
  if (ctx.isNone("dim") || rank == 0) {
    int64_t numel = 1;
    for (int64_t d : shape)
      numel *= d;
    in = build<ReshapeOp>(
        ctx, cast<RankedTensorType>(in.getType()).clone({numel}), {in});
    keepAxis = false;
  } else {
    auto dim = ctx.getInt("dim");
    if (failed(dim))
      return failure();
    if (*dim < -rank || *dim >= rank)
      return ctx.unsupported("dim " + Twine(*dim) + " is out of range for a " +
                             Twine(rank) + "-D tensor");
    axis = normAxis(*dim, rank);
  }
  SmallVector<int64_t> outShape = reducedShape(
      cast<RankedTensorType>(in.getType()).getShape(), {axis}, keepAxis);
  Value r =
      build<ArgTy>(ctx, tensorType(outShape, ctx.builder.getI64Type()), {in},
                   {attr(ctx, "axis", ctx.builder.getI64IntegerAttr(axis)),
                    attr(ctx, "keepdims", ctx.builder.getBoolAttr(keepAxis))});
  if (r.getType() != ctx.resultType())
    r = build<ReshapeOp>(ctx, ctx.resultType(), {r});
  results.push_back(r);
  return success();
}

/// norm(self, p?, dim?, keepdim, dtype?), frobenius_norm(self, dim,
/// keepdim) and linalg_vector_norm(self, ord, dim?, keepdim, dtype?).
LogicalResult norm(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = floatInput(ctx, "norms");
  if (failed(x) || failed(rejectDtype(ctx)))
    return failure();
  StringRef pName = ctx.hasArg("ord") ? "ord" : "p";
  double p = 2.0;
  if (!ctx.isNone(pName)) {
    auto v = ctx.getDouble(pName);
    if (failed(v))
      return failure();
    p = *v;
  }
  int64_t rank = ctx.shapeOf(0u).size();
  auto axes = reductionAxes(ctx, "dim", rank);
  auto keep = keepDim(ctx);
  if (failed(axes) || failed(keep))
    return failure();
  if (p == 1.0)
    return emitReduce<ReduceL1Op>(ctx, results, *x, *axes, *keep);
  if (p == 2.0)
    return emitReduce<ReduceL2Op>(ctx, results, *x, *axes, *keep);
  if (!(p > 0.0) && !std::isinf(p))
    return ctx.unsupported("norm with p = " + llvm::formatv("{0}", p) +
                           "; p must be positive or +-inf");
  Type type = x->getType();
  Value abs = build<AbsOp>(ctx, type, {*x});
  if (std::isinf(p)) {
    if (p > 0)
      return emitReduce<ReduceMaxOp>(ctx, results, abs, *axes, *keep);
    return emitReduce<ReduceMinOp>(ctx, results, abs, *axes, *keep);
  }
  // (sum |x|^p)^(1/p).
  Value powered =
      build<PowOp>(ctx, type, {abs, ctx.floatConstant({}, {float(p)})});
  Value sum = build<ReduceSumOp>(
      ctx, ctx.resultType(), {powered},
      {attr(ctx, "axes", ctx.builder.getDenseI64ArrayAttr(*axes)),
       attr(ctx, "keepdims", ctx.builder.getBoolAttr(*keep))});
  results.push_back(build<PowOp>(
      ctx, ctx.resultType(), {sum, ctx.floatConstant({}, {float(1.0 / p)})}));
  return success();
}

/// cumsum(self, dim, dtype?). Integer and bool inputs (counting a mask)
/// run in f32, exact up to 2^24, and are cast back to torch's result type.
LogicalResult cumsum(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto dim = ctx.getInt("dim");
  if (failed(x) || failed(dim))
    return failure();
  int64_t rank = ctx.shapeOf(0u).size();
  if (rank == 0)
    return ctx.unsupported("cumsum of a 0-D tensor");
  if (*dim < -rank || *dim >= rank)
    return ctx.unsupported("dim " + Twine(*dim) + " is out of range for a " +
                           Twine(rank) + "-D tensor");
  RankedTensorType out = ctx.resultType();
  Value in = castTo(ctx, *x, ctx.builder.getF32Type());
  Value sum = build<CumSumOp>(
      ctx, cast<RankedTensorType>(in.getType()), {in},
      {attr(ctx, "axis", ctx.builder.getI64IntegerAttr(normAxis(*dim, rank)))});
  results.push_back(castTo(ctx, sum, out.getElementType()));
  return success();
}

/// nndct.top_k of `k` elements along `dim`; fills values and/or indices.
LogicalResult emitTopK(NodeContext &ctx, SmallVectorImpl<Value> &results,
                       Value x, int64_t k, int64_t dim, bool largest,
                       bool wantValues, bool wantIndices) {
  SmallVector<int64_t> shape = ctx.shapeOf(0u);
  int64_t rank = shape.size();
  if (rank == 0)
    return ctx.unsupported("a 0-D input; top-k needs a dimension");
  if (dim < -rank || dim >= rank)
    return ctx.unsupported("dim " + Twine(dim) + " is out of range for a " +
                           Twine(rank) + "-D tensor");
  int64_t axis = normAxis(dim, rank);
  if (k < 1 || k > shape[axis])
    return ctx.unsupported("k = " + Twine(k) + " is not in [1, " +
                           Twine(shape[axis]) + "]");
  SmallVector<int64_t> outShape(shape);
  outShape[axis] = k;
  auto valuesType = cast<RankedTensorType>(x.getType()).clone(outShape);
  auto indicesType = tensorType(outShape, ctx.builder.getI64Type());
  auto op = TopKOp::create(
      ctx.builder, ctx.loc, TypeRange{valuesType, indicesType}, ValueRange{x},
      ArrayRef<NamedAttribute>{
          attr(ctx, "k", ctx.builder.getI64IntegerAttr(k)),
          attr(ctx, "axis", ctx.builder.getI64IntegerAttr(axis)),
          attr(ctx, "largest", ctx.builder.getBoolAttr(largest))});
  if (wantValues)
    results.push_back(op.getValues());
  if (wantIndices)
    results.push_back(op.getIndices());
  return success();
}

/// topk(self, k, dim, largest, sorted). nndct.top_k always sorts, which is
/// one of the orders torch allows with sorted=False.
LogicalResult topk(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = floatInput(ctx, "topk");
  auto k = ctx.getInt("k"), dim = ctx.getInt("dim");
  auto largest = ctx.getBool("largest");
  if (failed(x) || failed(k) || failed(dim) || failed(largest))
    return failure();
  return emitTopK(ctx, results, *x, *k, *dim, *largest, true, true);
}

/// sort/argsort(self, [stable,] dim, descending): a top-k of the whole
/// dimension. nndct.top_k keeps equal values in index order, which is the
/// stable order torch gives with stable=True (and one it allows without).
LogicalResult sort(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = floatInput(ctx, "sort");
  auto dim = ctx.getInt("dim");
  auto descending = ctx.getBool("descending");
  if (failed(x) || failed(dim) || failed(descending))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf(0u);
  int64_t rank = shape.size();
  int64_t k = rank > 0 && *dim >= -rank && *dim < rank
                  ? shape[normAxis(*dim, rank)]
                  : 0;
  bool indicesOnly = ctx.kind() == "aten::argsort";
  return emitTopK(ctx, results, *x, k, *dim, *descending, !indicesOnly, true);
}

} // namespace

void torchscript::registerReductionConverters(ConverterMap &converters) {
  converters.insert({
      {"aten::amin", reduce<ReduceMinOp>},
      {"aten::prod", reduce<ReduceProdOp>},
      {"aten::logsumexp", reduce<ReduceLogSumExpOp>},
      {"aten::max", minMax<ReduceMaxOp, ArgMaxOp, MaxOp>},
      {"aten::min", minMax<ReduceMinOp, ArgMinOp, MinOp>},
      {"aten::maximum", promotedBinary<MaxOp>},
      {"aten::minimum", promotedBinary<MinOp>},
      {"aten::argmax", argReduce<ArgMaxOp>},
      {"aten::argmin", argReduce<ArgMinOp>},
      {"aten::norm", norm},
      {"aten::frobenius_norm", norm},
      {"aten::linalg_vector_norm", norm},
      {"aten::cumsum", cumsum},
      {"aten::topk", topk},
      {"aten::sort", sort},
      {"aten::argsort", sort},
  });
}

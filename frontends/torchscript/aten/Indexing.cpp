//===- Indexing.cpp - aten gather/scatter/index_select, expand, repeat ----===//
//
// gather is nndct.gather_elements, scatter/scatter_add/scatter_reduce
// (with the element included) nndct.scatter_elements, index_select
// nndct.gather; expand/expand_as/broadcast_to are nndct.expand to the
// shadow's shape and repeat/tile nndct.tile (leading dims added first).
// Index operands are int64 (constants are materialized as such).
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

#include <ATen/ATen.h>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

/// The `dim` argument as an axis of a rank-`rank` tensor.
FailureOr<int64_t> axisArg(NodeContext &ctx, int64_t rank) {
  auto dim = ctx.getInt("dim");
  if (failed(dim))
    return failure();
  int64_t r = std::max<int64_t>(rank, 1);
  if (*dim < -r || *dim >= r)
    return ctx.unsupported("dim " + Twine(*dim) + " is out of range for a " +
                           Twine(rank) + "-D tensor");
  return normAxis(*dim, r);
}

/// gather(self, dim, index, sparse_grad).
LogicalResult gather(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto data = ctx.tensor("self");
  auto index = tensorOf(ctx, "index", ctx.builder.getI64Type());
  if (failed(data) || failed(index))
    return failure();
  int64_t rank = ctx.shapeOf("self").size();
  if (rank == 0 || int64_t(ctx.shapeOf("index").size()) != rank)
    return ctx.unsupported("gather needs an index with the input's (non-zero) "
                           "rank");
  auto axis = axisArg(ctx, rank);
  if (failed(axis))
    return failure();
  return createOp<GatherElementsOp>(
      ctx, results, {*data, *index},
      {attr(ctx, "axis", ctx.builder.getI64IntegerAttr(*axis))});
}

/// The nndct reduction of scatter's `reduce` (scatter.reduce) or
/// scatter_reduce's (with include_self).
FailureOr<StringRef> scatterReduction(NodeContext &ctx) {
  if (ctx.kind() == "aten::scatter_add")
    return StringRef("add");
  if (ctx.isNone("reduce"))
    return StringRef("none");
  auto reduce = ctx.getString("reduce");
  if (failed(reduce))
    return failure();
  if (ctx.hasArg("include_self")) {
    auto include = ctx.getBool("include_self");
    if (failed(include))
      return failure();
    if (!*include)
      return ctx.unsupported("scatter_reduce with include_self=False");
  }
  if (*reduce == "add" || *reduce == "sum")
    return StringRef("add");
  if (*reduce == "multiply" || *reduce == "prod")
    return StringRef("mul");
  if (*reduce == "amax")
    return StringRef("max");
  if (*reduce == "amin")
    return StringRef("min");
  return ctx.unsupported("scatter reduction '" + *reduce + "'");
}

/// scatter(self, dim, index, src | value [, reduce]), scatter_add and
/// scatter_reduce. torch reads only the leading index-shaped block of
/// `src`; a number `value` fills an index-shaped tensor.
LogicalResult scatter(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  RankedTensorType type = ctx.resultType();
  Type elem = type.getElementType();
  auto data = tensorOf(ctx, "self", elem);
  auto index = tensorOf(ctx, "index", ctx.builder.getI64Type());
  auto reduction = scatterReduction(ctx);
  if (failed(data) || failed(index) || failed(reduction))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf("self"),
                       indexShape = ctx.shapeOf("index");
  int64_t rank = shape.size();
  if (rank == 0 || int64_t(indexShape.size()) != rank)
    return ctx.unsupported("scatter needs an index with the input's (non-zero) "
                           "rank");
  auto axis = axisArg(ctx, rank);
  if (failed(axis))
    return failure();
  Value updates;
  if (ctx.hasArg("value")) {
    // scatter.value: the number broadcast to the index's shape.
    auto v = tensorOf(ctx, "value", elem);
    if (failed(v))
      return failure();
    updates = build<ExpandOp>(ctx, tensorType(indexShape, elem), {*v});
  } else {
    auto src = tensorOf(ctx, "src", elem);
    if (failed(src))
      return failure();
    updates = *src;
    SmallVector<int64_t> srcShape = ctx.shapeOf("src");
    if (srcShape != indexShape) {
      if (srcShape.size() != indexShape.size())
        return ctx.unsupported("scatter src of another rank than the index");
      SmallVector<int64_t> zeros(rank, 0), ones(rank, 1);
      updates = build<SliceOp>(
          ctx, tensorType(indexShape, elem), {updates},
          {attr(ctx, "starts", ctx.builder.getDenseI64ArrayAttr(zeros)),
           attr(ctx, "ends", ctx.builder.getDenseI64ArrayAttr(indexShape)),
           attr(ctx, "steps", ctx.builder.getDenseI64ArrayAttr(ones))});
    }
  }
  return createOp<ScatterElementsOp>(
      ctx, results, {*data, *index, updates},
      {attr(ctx, "axis", ctx.builder.getI64IntegerAttr(*axis)),
       attr(ctx, "reduction", ctx.builder.getStringAttr(*reduction))});
}

/// index_select(self, dim, index): a 0-D index selects like a 1-element one.
LogicalResult indexSelect(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto data = ctx.tensor("self");
  auto index = tensorOf(ctx, "index", ctx.builder.getI64Type());
  if (failed(data) || failed(index))
    return failure();
  int64_t rank = ctx.shapeOf("self").size();
  if (rank == 0)
    return ctx.unsupported("index_select of a 0-D tensor");
  auto axis = axisArg(ctx, rank);
  if (failed(axis))
    return failure();
  Value idx = *index;
  auto idxType = cast<RankedTensorType>(idx.getType());
  if (idxType.getRank() == 0)
    idx = build<ReshapeOp>(ctx, idxType.clone({1}), {idx});
  else if (idxType.getRank() != 1)
    return ctx.unsupported("index_select with a " + Twine(idxType.getRank()) +
                           "-D index");
  return createOp<GatherOp>(
      ctx, results, {*data, idx},
      {attr(ctx, "axis", ctx.builder.getI64IntegerAttr(*axis))});
}

/// expand(self, size, implicit) / expand_as(self, other) /
/// broadcast_to(self, size): the shadow has the broadcast shape.
LogicalResult expand(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  if (failed(x))
    return failure();
  if (x->getType() == ctx.resultType()) {
    results.push_back(*x);
    return success();
  }
  return createOp<ExpandOp>(ctx, results, {*x});
}

/// repeat(self, repeats) / tile(self, dims): more repeats than dims add
/// leading dims of 1 (repeat); fewer repeat the trailing dims (tile).
LogicalResult repeat(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto reps = ctx.getInts(ctx.hasArg("repeats") ? "repeats" : "dims");
  if (failed(x) || failed(reps))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf(0u);
  SmallVector<int64_t> r(*reps);
  if (r.size() < shape.size())
    r.insert(r.begin(), shape.size() - r.size(), 1);
  Value v = *x;
  if (r.size() > shape.size()) {
    shape.insert(shape.begin(), r.size() - shape.size(), 1);
    v = build<ReshapeOp>(ctx, cast<RankedTensorType>(v.getType()).clone(shape),
                         {v});
  }
  for (int64_t n : r)
    if (n < 0)
      return ctx.unsupported("negative repeat count " + Twine(n));
  return createOp<TileOp>(
      ctx, results, {v},
      {attr(ctx, "repeats", ctx.builder.getDenseI64ArrayAttr(r))});
}

} // namespace

void torchscript::registerIndexingConverters(ConverterMap &converters) {
  converters.insert({
      {"aten::gather", gather},
      {"aten::scatter", scatter},
      {"aten::scatter_add", scatter},
      {"aten::scatter_reduce", scatter},
      {"aten::index_select", indexSelect},
      {"aten::expand", expand},
      {"aten::expand_as", expand},
      {"aten::broadcast_to", expand},
      {"aten::repeat", repeat},
      {"aten::tile", repeat},
  });
}

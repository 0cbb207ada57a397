//===- DataMovement.cpp - aten concatenation, reshape and slicing ops
//-------===//
//
// cat, the view family (the shadow gives the target shape), permute/
// transpose, chunk/split/unbind as one nndct.split, slice/select, pad,
// nearest/bilinear upsampling, channel_shuffle and roll.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

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
    return ctx.unsupported(
        "concatenation of a list that is not built in the graph");
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
  return createOp<TransposeOp>(
      ctx, results, {*x},
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
  bool unbind = ctx.kind() == "aten::unbind";
  for (size_t i = 0; i < outs.size(); ++i) {
    types.push_back(ctx.resultType(i));
    // unbind's pieces have lost the axis: each is one slice of it.
    sizes.push_back(unbind ? 1 : outs[i].size(axis));
  }
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
  return createOp<SliceOp>(
      ctx, results, {*x},
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
  attrs.push_back(
      attr(ctx, "mode",
           ResizeModeAttr::get(mctx, bilinear ? ResizeMode::bilinear
                                              : ResizeMode::nearest)));
  CoordinateMode coord = CoordinateMode::asymmetric;
  if (bilinear) {
    auto align = ctx.getBool("align_corners");
    if (failed(align))
      return failure();
    coord = *align ? CoordinateMode::align_corners
                   : CoordinateMode::pytorch_half_pixel;
  } else {
    attrs.push_back(attr(ctx, "nearest_mode",
                         NearestModeAttr::get(mctx, NearestMode::floor)));
  }
  attrs.push_back(
      attr(ctx, "coordinate_mode", CoordinateModeAttr::get(mctx, coord)));
  // Explicit scale factors define the coordinate mapping in PyTorch.
  SmallVector<float> scales;
  if (ctx.hasArg("scale_factors") && !ctx.isNone("scale_factors")) {
    const TValue &s = ctx.arg("scale_factors");
    if (s.isConstant() && s.value.isDoubleList())
      for (double d : s.value.toDoubleVector())
        scales.push_back(float(d));
  } else if (ctx.hasArg("scales_h") && !ctx.isNone("scales_h") &&
             !ctx.isNone("scales_w")) {
    auto h = ctx.getDouble("scales_h"), w = ctx.getDouble("scales_w");
    if (failed(h) || failed(w))
      return failure();
    scales = {float(*h), float(*w)};
  }
  if (scales.size() == 2)
    attrs.push_back(
        attr(ctx, "scales", ctx.builder.getDenseF32ArrayAttr(scales)));
  return createOp<ResizeOp>(ctx, results, {*x}, attrs);
}

/// channel_shuffle(x, g): [N, g, C/g, H, W] -> swap 1, 2 -> [N, C, H, W].
LogicalResult channelShuffle(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
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

//===----------------------------------------------------------------------===//
// roll (Swin's shifted windows): slices and a concatenation per rolled dim.
//===----------------------------------------------------------------------===//

/// x[..., start:end, ...] along `axis`.
Value sliceAxis(NodeContext &ctx, Value x, int64_t axis, int64_t start,
                int64_t end) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(type.getShape());
  int64_t rank = shape.size();
  SmallVector<int64_t> starts(rank, 0), ends(shape), steps(rank, 1);
  starts[axis] = start;
  ends[axis] = end;
  shape[axis] = end - start;
  return SliceOp::create(
      ctx.builder, ctx.loc, TypeRange{type.clone(shape)}, ValueRange{x},
      ArrayRef<NamedAttribute>{
          attr(ctx, "starts", ctx.builder.getDenseI64ArrayAttr(starts)),
          attr(ctx, "ends", ctx.builder.getDenseI64ArrayAttr(ends)),
          attr(ctx, "steps", ctx.builder.getDenseI64ArrayAttr(steps))});
}

/// roll(x, shifts, dims): element i of a rolled dim moves to (i + s) mod n,
/// so the result is concat(x[n-s:], x[:n-s]). Without dims torch rolls the
/// flattened tensor.
LogicalResult roll(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto shifts = ctx.getInts("shifts"), dims = ctx.getInts("dims");
  if (failed(x) || failed(shifts) || failed(dims))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf(0u);
  int64_t rank = shape.size();
  Value v = *x;
  SmallVector<int64_t> axes;
  if (dims->empty()) {
    if (shifts->size() != 1)
      return ctx.unsupported("roll without dims takes one shift, got " +
                             Twine(shifts->size()));
    int64_t numel = 1;
    for (int64_t d : shape)
      numel *= d;
    v = ReshapeOp::create(ctx.builder, ctx.loc,
                          ctx.resultType().clone(ArrayRef<int64_t>{numel}), v);
    axes.push_back(0);
  } else {
    if (shifts->size() != dims->size())
      return ctx.unsupported("roll with " + Twine(shifts->size()) +
                             " shifts for " + Twine(dims->size()) + " dims");
    for (int64_t d : *dims) {
      if (d < -rank || d >= rank)
        return ctx.unsupported("roll dim " + Twine(d) + " out of range for a " +
                               Twine(rank) + "-D tensor");
      axes.push_back(normAxis(d, rank));
    }
  }
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t n = cast<RankedTensorType>(v.getType()).getDimSize(axes[i]);
    if (n == 0)
      continue;
    int64_t s = (((*shifts)[i] % n) + n) % n;
    if (s == 0)
      continue;
    Value tail = sliceAxis(ctx, v, axes[i], n - s, n);
    Value head = sliceAxis(ctx, v, axes[i], 0, n - s);
    v = ConcatOp::create(
        ctx.builder, ctx.loc, TypeRange{v.getType()}, ValueRange{tail, head},
        ArrayRef<NamedAttribute>{
            attr(ctx, "axis", ctx.builder.getI64IntegerAttr(axes[i]))});
  }
  if (dims->empty())
    v = ReshapeOp::create(ctx.builder, ctx.loc, ctx.resultType(), v);
  results.push_back(v);
  return success();
}

} // namespace

void torchscript::registerDataMovementConverters(ConverterMap &converters) {
  converters.insert({
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
      // Rolls (Swin).
      {"aten::roll", roll},
  });
}

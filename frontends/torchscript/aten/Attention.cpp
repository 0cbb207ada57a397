//===- Attention.cpp - aten fused attention ops -----------------------===//
//
// aten::_native_multi_head_attention, the inference fast path
// nn.MultiheadAttention takes under torch.no_grad() (ViT's encoder blocks
// trace to it), decomposed into the ops it computes: the q/k/v input
// projections, the split into heads, softmax(q k^T / sqrt(d)) v and the
// output projection. Each part is named after the node ("<node>.scores"),
// so that every export names its fixes alike; the output projection, the
// node's result, keeps the node's name.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"
#include "ir/Naming.h"

#include <ATen/ATen.h>

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

/// The location of part `what` of the node.
Location partLoc(NodeContext &ctx, StringRef what) {
  std::optional<std::string> name = userName(ctx.loc);
  return NameLoc::get(
      StringAttr::get(ctx.loc.getContext(),
                      (name ? *name : std::string("attention")) + "." +
                          what.str()),
      ctx.loc);
}

/// Rows [begin, end) of a packed projection parameter (qkv_weight [3E, E] or
/// qkv_bias [3E]): sliced at import when constant, an nndct.slice otherwise.
FailureOr<Value> rows(NodeContext &ctx, StringRef name, int64_t begin,
                      int64_t end, StringRef suffix) {
  const TValue &tv = ctx.arg(name);
  if (tv.isConstant() && tv.value.isTensor()) {
    TValue part = tv;
    part.value = tv.value.toTensor().slice(0, begin, end).contiguous();
    part.name = tv.name.empty() ? "" : tv.name + "." + suffix.str();
    Value v = ctx.importer.materialize(part, ctx.loc);
    if (!v)
      return failure();
    return v;
  }
  auto v = ctx.tensor(name);
  if (failed(v))
    return failure();
  auto type = cast<RankedTensorType>(v->getType());
  SmallVector<int64_t> shape(type.getShape());
  int64_t rank = shape.size();
  SmallVector<int64_t> starts(rank, 0), ends(shape), steps(rank, 1);
  starts[0] = begin;
  ends[0] = end;
  shape[0] = end - begin;
  return Value(SliceOp::create(
      ctx.builder, partLoc(ctx, suffix), TypeRange{type.clone(shape)},
      ValueRange{*v},
      ArrayRef<NamedAttribute>{
          attr(ctx, "starts", ctx.builder.getDenseI64ArrayAttr(starts)),
          attr(ctx, "ends", ctx.builder.getDenseI64ArrayAttr(ends)),
          attr(ctx, "steps", ctx.builder.getDenseI64ArrayAttr(steps))}));
}

Value transpose(NodeContext &ctx, Location loc, Value x,
                ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  return TransposeOp::create(
      ctx.builder, loc, TypeRange{type.clone(shape)}, ValueRange{x},
      ArrayRef<NamedAttribute>{
          attr(ctx, "perm", ctx.builder.getDenseI64ArrayAttr(perm))});
}

/// [B, T, E] -> [B, H, T, D] (or [B, H, D, T] with `keyLayout`, the
/// transposed keys of q k^T).
Value splitHeads(NodeContext &ctx, StringRef what, Value x, int64_t heads,
                 bool keyLayout) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t b = type.getDimSize(0), t = type.getDimSize(1),
          e = type.getDimSize(2);
  Value r =
      ReshapeOp::create(ctx.builder, partLoc(ctx, (what + ".heads").str()),
                        type.clone({b, t, heads, e / heads}), x);
  Location loc = partLoc(ctx, (what + ".transpose").str());
  return keyLayout ? transpose(ctx, loc, r, {0, 2, 3, 1})
                   : transpose(ctx, loc, r, {0, 2, 1, 3});
}

LogicalResult nativeMultiHeadAttention(NodeContext &ctx,
                                       SmallVectorImpl<Value> &results) {
  auto embed = ctx.getInt("embed_dim"), heads = ctx.getInt("num_head");
  auto needWeights = ctx.getBool("need_weights");
  auto average = ctx.getBool("average_attn_weights");
  if (failed(embed) || failed(heads) || failed(needWeights) || failed(average))
    return failure();
  if (!ctx.isNone("mask"))
    return ctx.unsupported(
        "attention with a mask (attn_mask or key_padding_mask); only "
        "unmasked attention is supported");
  SmallVector<int64_t> qShape = ctx.shapeOf("query"),
                       kShape = ctx.shapeOf("key"),
                       vShape = ctx.shapeOf("value");
  if (qShape.size() != 3 || kShape.size() != 3 || vShape.size() != 3)
    return ctx.unsupported("attention on inputs that are not [batch, "
                           "sequence, embedding] (3-D)");
  int64_t e = *embed, h = *heads;
  if (h <= 0 || e % h || qShape[2] != e || kShape[2] != e || vShape[2] != e ||
      kShape[1] != vShape[1])
    return ctx.unsupported("attention with embed_dim " + Twine(e) + " and " +
                           Twine(h) + " heads on inputs of mismatched sizes");
  if (ctx.isNone("qkv_bias") || ctx.isNone("proj_bias"))
    return ctx.unsupported("attention without projection biases");
  auto query = ctx.tensor("query"), key = ctx.tensor("key"),
       value = ctx.tensor("value");
  auto projW = ctx.tensor("proj_weight"), projB = ctx.tensor("proj_bias");
  if (failed(query) || failed(key) || failed(value) || failed(projW) ||
      failed(projB))
    return failure();

  // The input projections: rows [0, E), [E, 2E), [2E, 3E) of the packed
  // parameters project q, k and v.
  Type elem = ctx.resultType().getElementType();
  Value projected[3];
  Value inputs[3] = {*query, *key, *value};
  const char *names[3] = {"q", "k", "v"};
  for (int i = 0; i < 3; ++i) {
    auto w = rows(ctx, "qkv_weight", i * e, (i + 1) * e, names[i]);
    auto b = rows(ctx, "qkv_bias", i * e, (i + 1) * e, names[i]);
    if (failed(w) || failed(b))
      return failure();
    auto inType = cast<RankedTensorType>(inputs[i].getType());
    projected[i] = LinearOp::create(
        ctx.builder, partLoc(ctx, names[i]),
        RankedTensorType::get({inType.getDimSize(0), inType.getDimSize(1), e},
                              elem),
        ValueRange{inputs[i], *w, *b});
  }

  // softmax(q k^T / sqrt(d)) v per head; torch scales q before the product.
  int64_t d = e / h;
  Value q = splitHeads(ctx, "q", projected[0], h, /*keyLayout=*/false);
  Value scale = ctx.floatConstant({}, {float(1.0 / std::sqrt(double(d)))});
  q = MulOp::create(ctx.builder, partLoc(ctx, "q.scaled"), q.getType(), q,
                    scale);
  Value kt = splitHeads(ctx, "k", projected[1], h, /*keyLayout=*/true);
  Value v = splitHeads(ctx, "v", projected[2], h, /*keyLayout=*/false);
  int64_t batch = qShape[0], len = qShape[1], srcLen = kShape[1];
  auto scoresType = RankedTensorType::get({batch, h, len, srcLen}, elem);
  Value scores =
      MatMulOp::create(ctx.builder, partLoc(ctx, "scores"), scoresType, q, kt);
  Value probs =
      SoftmaxOp::create(ctx.builder, partLoc(ctx, "probs"),
                        TypeRange{scoresType}, ValueRange{scores},
                        ArrayRef<NamedAttribute>{attr(
                            ctx, "axis", ctx.builder.getI64IntegerAttr(3))});
  Value heads4 = MatMulOp::create(
      ctx.builder, partLoc(ctx, "attended"),
      RankedTensorType::get({batch, h, len, d}, elem), probs, v);
  Value merged = ReshapeOp::create(
      ctx.builder, partLoc(ctx, "merged"),
      RankedTensorType::get({batch, len, e}, elem),
      transpose(ctx, partLoc(ctx, "attended.transpose"), heads4, {0, 2, 1, 3}));
  results.push_back(LinearOp::create(ctx.builder, ctx.loc, ctx.resultType(0),
                                     ValueRange{merged, *projW, *projB}));

  // The attention weights, per head or averaged over the heads.
  if (!*needWeights)
    return success();
  if (!*average) {
    results.push_back(probs);
    return success();
  }
  results.push_back(ReduceMeanOp::create(
      ctx.builder, partLoc(ctx, "weights"), TypeRange{ctx.resultType(1)},
      ValueRange{probs},
      ArrayRef<NamedAttribute>{
          attr(ctx, "axes", ctx.builder.getDenseI64ArrayAttr({1})),
          attr(ctx, "keepdims", ctx.builder.getBoolAttr(false))}));
  return success();
}

} // namespace

void torchscript::registerAttentionConverters(ConverterMap &converters) {
  converters.insert({
      {"aten::_native_multi_head_attention", nativeMultiHeadAttention},
  });
}

//===- Logic.cpp - aten comparisons, logical ops, where, masked_fill ------===//
//
// eq/ne/gt/ge/lt/le (and their long names) compare in torch's promoted
// type (ne is not(equal)); the logical ops take any tensor as `x != 0`;
// the bitwise ops and their operators (&, |, ^, ~) are the logical ones on
// bool tensors; where and masked_fill are nndct.where with both branches in
// the result's element type.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

/// `OpTy` on arguments 0 and 1 converted to `elem`, with the node's result
/// type; `negate` wraps it in a logical_not.
template <typename OpTy>
LogicalResult emitBinary(NodeContext &ctx, SmallVectorImpl<Value> &results,
                         Type elem, bool negate) {
  auto a = tensorOf(ctx, 0u, elem), b = tensorOf(ctx, 1u, elem);
  if (failed(a) || failed(b))
    return failure();
  RankedTensorType type = ctx.resultType();
  if (!type.getElementType().isInteger(1))
    return ctx.unsupported("a non-bool result; nndct comparisons and logical "
                           "ops give bool tensors");
  Value r = build<OpTy>(ctx, type, {*a, *b});
  if (negate)
    r = build<LogicalNotOp>(ctx, type, {r});
  results.push_back(r);
  return success();
}

/// Comparisons (Tensor and Scalar overloads) in the promoted type.
template <typename OpTy, bool negate = false>
LogicalResult compare(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  return emitBinary<OpTy>(ctx, results, promotedElementType(ctx, 0, 1), negate);
}

/// logical_and/or/xor: operands as bool (`x != 0`).
template <typename OpTy>
LogicalResult logical(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  return emitBinary<OpTy>(ctx, results, ctx.builder.getI1Type(), false);
}

/// bitwise_and/or/xor and &, |, ^: the logical op on bool tensors.
template <typename OpTy>
LogicalResult bitwise(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (!promotedElementType(ctx, 0, 1).isInteger(1))
    return ctx.unsupported("bitwise operations on integer tensors; only bool "
                           "(logical) operands are supported");
  return logical<OpTy>(ctx, results);
}

/// logical_not(x) is `x == 0`; bitwise_not / ~ only on bool tensors.
LogicalResult logicalNot(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  bool isBitwise = ctx.kind() != "aten::logical_not";
  if (isBitwise && !ctx.resultType().getElementType().isInteger(1))
    return ctx.unsupported("bitwise not of an integer tensor; only bool "
                           "(logical) operands are supported");
  auto x = tensorOf(ctx, 0u, ctx.builder.getI1Type());
  if (failed(x))
    return failure();
  return createOp<LogicalNotOp>(ctx, results, {*x});
}

/// where(condition, self, other) in the Tensor and Scalar overloads.
LogicalResult where(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (!ctx.hasArg("self"))
    return ctx.unsupported("where(condition) gives the indices of the nonzero "
                           "elements, a data-dependent shape");
  Type elem = ctx.resultType().getElementType();
  auto c = tensorOf(ctx, "condition", ctx.builder.getI1Type());
  auto x = tensorOf(ctx, "self", elem), y = tensorOf(ctx, "other", elem);
  if (failed(c) || failed(x) || failed(y))
    return failure();
  return createOp<WhereOp>(ctx, results, {*c, *x, *y});
}

/// masked_fill(self, mask, value): where(mask, value, self).
LogicalResult maskedFill(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  Type elem = ctx.resultType().getElementType();
  auto mask = tensorOf(ctx, "mask", ctx.builder.getI1Type());
  auto value = tensorOf(ctx, "value", elem), self = tensorOf(ctx, "self", elem);
  if (failed(mask) || failed(value) || failed(self))
    return failure();
  if (auto v = cast<RankedTensorType>(value->getType()); v.getRank() != 0)
    return ctx.unsupported("masked_fill value with " + Twine(v.getRank()) +
                           " dimensions; torch takes a 0-D value");
  return createOp<WhereOp>(ctx, results, {*mask, *value, *self});
}

} // namespace

void torchscript::registerLogicConverters(ConverterMap &converters) {
  converters.insert({
      // Comparisons.
      {"aten::eq", compare<EqualOp>},
      {"aten::ne", compare<EqualOp, true>},
      {"aten::not_equal", compare<EqualOp, true>},
      {"aten::gt", compare<GreaterOp>},
      {"aten::greater", compare<GreaterOp>},
      {"aten::ge", compare<GreaterEqualOp>},
      {"aten::greater_equal", compare<GreaterEqualOp>},
      {"aten::lt", compare<LessOp>},
      {"aten::less", compare<LessOp>},
      {"aten::le", compare<LessEqualOp>},
      {"aten::less_equal", compare<LessEqualOp>},
      // Logical and bitwise-on-bool ops.
      {"aten::logical_and", logical<LogicalAndOp>},
      {"aten::logical_or", logical<LogicalOrOp>},
      {"aten::logical_xor", logical<LogicalXorOp>},
      {"aten::logical_not", logicalNot},
      {"aten::bitwise_and", bitwise<LogicalAndOp>},
      {"aten::bitwise_or", bitwise<LogicalOrOp>},
      {"aten::bitwise_xor", bitwise<LogicalXorOp>},
      {"aten::__and__", bitwise<LogicalAndOp>},
      {"aten::__or__", bitwise<LogicalOrOp>},
      {"aten::__xor__", bitwise<LogicalXorOp>},
      {"aten::bitwise_not", logicalNot},
      {"aten::__invert__", logicalNot},
      // Selection.
      {"aten::where", where},
      {"aten::masked_fill", maskedFill},
  });
}

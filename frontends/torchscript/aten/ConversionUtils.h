//===- ConversionUtils.h - shared helpers of the aten converters -*- C++
//-*-===//
//
// Internal to NNDCTFrontendTorch: the small pieces every aten op family
// needs (creating an op with the node's result type, named attributes,
// torch's `int[2]` and negative-axis conventions).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_FRONTENDS_TORCHSCRIPT_ATEN_CONVERSIONUTILS_H
#define NNDCT_FRONTENDS_TORCHSCRIPT_ATEN_CONVERSIONUTILS_H

#include "frontends/torchscript/NodeContext.h"

namespace mlir::nndct::torchscript {

/// `int[2]` arguments may arrive as one int.
inline SmallVector<int64_t> pair(SmallVector<int64_t> v) {
  if (v.size() == 1)
    v.push_back(v[0]);
  return v;
}

/// A torch dimension index (possibly negative) as an axis in [0, rank).
inline int64_t normAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

/// Creates `OpTy` with the node's (first) result type and appends it.
template <typename OpTy>
LogicalResult createOp(NodeContext &ctx, SmallVectorImpl<Value> &results,
                       ValueRange operands,
                       ArrayRef<NamedAttribute> attrs = {}) {
  results.push_back(OpTy::create(ctx.builder, ctx.loc,
                                 TypeRange{ctx.resultType()}, operands, attrs));
  return success();
}

inline NamedAttribute attr(NodeContext &ctx, StringRef name, Attribute value) {
  return ctx.builder.getNamedAttr(name, value);
}

/// Creates `OpTy` with an explicit result type (an intermediate value).
template <typename OpTy>
Value build(NodeContext &ctx, Type type, ValueRange operands,
            ArrayRef<NamedAttribute> attrs = {}) {
  return OpTy::create(ctx.builder, ctx.loc, TypeRange{type}, operands, attrs);
}

//===----------------------------------------------------------------------===//
// Typed operands (comparison, logic, indexing and reduction families;
// aten/ConversionUtils.cpp): torch promotes the operands of a binary op to
// one dtype and keeps integer and bool tensors as such, while the importer's
// constants are f32 unless asked otherwise.
//===----------------------------------------------------------------------===//

/// The MLIR element type nndct uses for a torch dtype (float types are f32).
Type elementTypeFor(MLIRContext *context, at::ScalarType dtype);

/// The element type torch computes arguments `a` and `b` in
/// (`torch.result_type` of their values or shadows).
Type promotedElementType(NodeContext &ctx, unsigned a, unsigned b);

/// Argument `i` as a tensor of element type `elem`: constants (tensors or
/// Python numbers) are materialized in that type, input-dependent tensors of
/// another type go through an nndct.cast.
FailureOr<Value> tensorOf(NodeContext &ctx, unsigned i, Type elem);
FailureOr<Value> tensorOf(NodeContext &ctx, StringRef name, Type elem);

/// `v` converted to element type `elem` (an nndct.cast unless it already
/// has it).
Value castTo(NodeContext &ctx, Value v, Type elem);

/// A tensor type of `shape` with element type `elem`.
inline RankedTensorType tensorType(ArrayRef<int64_t> shape, Type elem) {
  return RankedTensorType::get(shape, elem);
}

/// Fails with a diagnostic naming the node unless `v` has a float element
/// type (the ops `what` maps to compute in float only).
LogicalResult requireFloat(NodeContext &ctx, Value v, StringRef what);

/// Axes of a `dim` argument (int, int[] or None) as sorted non-negative
/// axes of a rank-`rank` input; None and `[]` mean every axis when
/// `emptyIsAll`.
FailureOr<SmallVector<int64_t>> reductionAxes(NodeContext &ctx, StringRef name,
                                              int64_t rank,
                                              bool emptyIsAll = true);

/// The `keepdim` argument, false when the op has none.
FailureOr<bool> keepDim(NodeContext &ctx);

} // namespace mlir::nndct::torchscript

#endif // NNDCT_FRONTENDS_TORCHSCRIPT_ATEN_CONVERSIONUTILS_H

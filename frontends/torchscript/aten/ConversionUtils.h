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

} // namespace mlir::nndct::torchscript

#endif // NNDCT_FRONTENDS_TORCHSCRIPT_ATEN_CONVERSIONUTILS_H

//===- DataMovement.cpp - data movement in the forms the engines run ------===//
//
// The engines have a strided slice but no split: a split becomes one slice
// per result (as AMD Quark's NPU flow does), each named after the split.
//
//===----------------------------------------------------------------------===//

#include "passes/legalize/LegalizePatterns.h"

#include "ir/NNDCTOps.h"

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// Result i of a split is the slice [offset_i, offset_i + size_i) along the
/// split axis, named `<split>.slice<i>`.
struct SplitToSlices : OpRewritePattern<SplitOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SplitOp split,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(split.getInput().getType()).getShape();
    int64_t axis = split.getAxis();
    SmallVector<int64_t> starts(shape.size(), 0), ends(shape),
        steps(shape.size(), 1);
    SmallVector<Value> slices;
    int64_t offset = 0;
    for (auto [i, size] : llvm::enumerate(split.getSizes())) {
      starts[axis] = offset;
      ends[axis] = offset + size;
      offset += size;
      slices.push_back(SliceOp::create(
          rewriter, derivedLoc(split, ".slice" + std::to_string(i)),
          split.getInput(), starts, ends, steps));
    }
    rewriter.replaceOp(split, slices);
    return success();
  }
};

} // namespace

void mlir::nndct::populateDataMovementLegalization(
    RewritePatternSet &patterns) {
  patterns.add<SplitToSlices>(patterns.getContext());
}

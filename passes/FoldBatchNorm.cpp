//===- FoldBatchNorm.cpp - fold batch_norm into convolutions --------------===//
//
// nndct-fold-batchnorm: quantization needs batch norm folded first, or its
// scale would be quantized separately from the conv weights it multiplies.
// A batch_norm that has no convolution to fold into becomes a per-channel
// scale+offset that the NPU can run (1x1 depthwise conv on 4-D tensors).
//
//===----------------------------------------------------------------------===//

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "passes/ChannelAffineFold.h"
#include "passes/Passes.h"

#include <cmath>

namespace mlir::nndct {
#define GEN_PASS_DEF_FOLDBATCHNORMPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {
std::optional<ChannelAffine> readBatchNorm(BatchNormOp bn) {
  auto gamma = readFloats(getConstantValue(bn.getScale()));
  auto beta = readFloats(getConstantValue(bn.getBias()));
  auto mean = readFloats(getConstantValue(bn.getMean()));
  auto var = readFloats(getConstantValue(bn.getVariance()));
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  float eps = bn.getEpsilon().convertToFloat();
  ChannelAffine affine;
  for (size_t c = 0; c < gamma->size(); ++c) {
    // Computed in double so the folded weights round only once to float.
    double s = double((*gamma)[c]) / std::sqrt(double((*var)[c]) + double(eps));
    affine.scale.push_back(float(s));
    affine.shift.push_back(float(double((*beta)[c]) - double((*mean)[c]) * s));
  }
  return affine;
}

/// Name for a derived blob: the source blob's name with a suffix.
std::string derivedName(Value source, StringRef suffix) {
  return resourceName(getConstantValue(source), "bn") + suffix.str();
}

/// Folds `bn` into its producing convolution (batch norm normalizes dim 1,
/// a conv's output channels; not a linear's of a 3-D input).
LogicalResult tryFold(BatchNormOp bn, const ChannelAffine &affine) {
  Operation *producer = bn.getInput().getDefiningOp();
  if (!producer || !bn.getInput().hasOneUse() ||
      !isa<Conv2DOp, ConvTranspose2DOp>(producer))
    return failure();
  Location loc =
      Builder(bn.getContext()).getFusedLoc({producer->getLoc(), bn.getLoc()});
  if (failed(foldChannelAffine(producer, affine, ".bnfold", loc)))
    return failure();
  bn.getOutput().replaceAllUsesWith(producer->getResult(0));
  bn.erase();
  return success();
}

/// Rewrites a batch norm with nothing to fold into as a per-channel affine.
void lowerToAffine(BatchNormOp bn, const ChannelAffine &affine) {
  OpBuilder builder(bn);
  auto inType = cast<RankedTensorType>(bn.getInput().getType());
  int64_t channels = inType.getDimSize(1);
  Type f32 = inType.getElementType();
  std::string base = derivedName(bn.getScale(), "");
  Value result;
  if (inType.getRank() == 4) {
    auto wType = RankedTensorType::get({channels, 1, 1, 1}, f32);
    auto bType = RankedTensorType::get({channels}, f32);
    Value w = createFloatConstant(builder, bn.getLoc(), wType,
                                  base + ".dw_scale", affine.scale);
    Value b = createFloatConstant(builder, bn.getLoc(), bType,
                                  base + ".dw_shift", affine.shift);
    result = Conv2DOp::create(builder, bn.getLoc(), bn.getInput(), w, b,
                              builder.getDenseI64ArrayAttr({1, 1}),
                              builder.getDenseI64ArrayAttr({0, 0, 0, 0}),
                              builder.getDenseI64ArrayAttr({1, 1}),
                              builder.getI64IntegerAttr(channels));
  } else {
    SmallVector<int64_t> shape(inType.getRank() - 1, 1);
    shape[0] = channels;
    auto type = RankedTensorType::get(shape, f32);
    Value s = createFloatConstant(builder, bn.getLoc(), type, base + ".scale",
                                  affine.scale);
    Value t = createFloatConstant(builder, bn.getLoc(), type, base + ".shift",
                                  affine.shift);
    Value mul = MulOp::create(builder, bn.getLoc(), bn.getInput(), s);
    result = AddOp::create(builder, bn.getLoc(), mul, t);
  }
  bn.getOutput().replaceAllUsesWith(result);
  bn.erase();
}

struct FoldBatchNormPass
    : public nndct::impl::FoldBatchNormPassBase<FoldBatchNormPass> {
  void runOnOperation() override {
    SmallVector<BatchNormOp> bns;
    getOperation().walk([&](BatchNormOp bn) { bns.push_back(bn); });
    for (BatchNormOp bn : bns) {
      std::optional<ChannelAffine> affine = readBatchNorm(bn);
      if (!affine) {
        bn.emitError("batch_norm parameters must be constants with data");
        return signalPassFailure();
      }
      if (failed(tryFold(bn, *affine)))
        lowerToAffine(bn, *affine);
    }
  }
};
} // namespace

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
#include "passes/Passes.h"

#include <cmath>

namespace mlir::nndct {
#define GEN_PASS_DEF_FOLDBATCHNORMPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {
/// Per-channel affine form of a batch norm: y = x * scale + shift.
struct ChannelAffine {
  std::vector<float> scale;
  std::vector<float> shift;
};

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

/// Name for a bias created where a conv had none: `x.weight` -> `x.bias`.
std::string biasNameFor(StringRef weightName) {
  if (weightName.consume_back(".weight"))
    return (weightName + ".bias").str();
  return (weightName + "_bias").str();
}

/// Folds `bn` into its producing convolution. `outChannelOf(i)` maps a
/// flat weight index to the output channel it contributes to.
template <typename ConvOp>
LogicalResult foldInto(ConvOp conv, BatchNormOp bn, const ChannelAffine &affine,
                       function_ref<int64_t(int64_t)> outChannelOf) {
  auto weights = readFloats(getConstantValue(conv.getWeight()));
  if (!weights)
    return failure();
  std::vector<float> bias(affine.scale.size(), 0.0f);
  if (Value b = conv.getBias()) {
    auto values = readFloats(getConstantValue(b));
    if (!values)
      return failure();
    bias = *values;
  }
  for (size_t i = 0; i < weights->size(); ++i)
    (*weights)[i] *= affine.scale[outChannelOf(i)];
  for (size_t c = 0; c < bias.size(); ++c)
    bias[c] = bias[c] * affine.scale[c] + affine.shift[c];

  OpBuilder builder(conv);
  Location loc = builder.getFusedLoc({conv.getLoc(), bn.getLoc()});
  auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
  auto biasType = RankedTensorType::get({int64_t(bias.size())},
                                        weightType.getElementType());
  // The folded parameters keep the user's names (conv1.weight, conv1.bias).
  std::string weightName =
      resourceName(getConstantValue(conv.getWeight()), "conv");
  Value newWeight = replaceFloatData(builder, conv.getWeight(), *weights,
                                     weightName + ".bnfold");
  Value newBias = conv.getBias()
                      ? replaceFloatData(builder, conv.getBias(), bias,
                                         derivedName(conv.getBias(), ".bnfold"))
                      : createFloatConstant(builder, loc, biasType,
                                            biasNameFor(weightName), bias);
  conv.getWeightMutable().assign(newWeight);
  conv.getBiasMutable().assign(newBias);
  conv->setLoc(loc);
  bn.getOutput().replaceAllUsesWith(conv.getOutput());
  bn.erase();
  return success();
}

LogicalResult tryFold(BatchNormOp bn, const ChannelAffine &affine) {
  Operation *producer = bn.getInput().getDefiningOp();
  if (!producer || !bn.getInput().hasOneUse())
    return failure();
  if (auto conv = dyn_cast<Conv2DOp>(producer)) {
    auto shape = cast<RankedTensorType>(conv.getWeight().getType()).getShape();
    int64_t perOut = shape[1] * shape[2] * shape[3];
    return foldInto(conv, bn, affine, [&](int64_t i) { return i / perOut; });
  }
  if (auto conv = dyn_cast<ConvTranspose2DOp>(producer)) {
    // Weight is [C_in, O/groups, KH, KW]; input channel ci belongs to group
    // ci / (C_in/groups), whose outputs start at group * (O/groups).
    auto shape = cast<RankedTensorType>(conv.getWeight().getType()).getShape();
    int64_t inPerGroup = shape[0] / conv.getGroups();
    int64_t spatial = shape[2] * shape[3];
    return foldInto(conv, bn, affine, [&](int64_t i) {
      int64_t ci = i / (shape[1] * spatial);
      int64_t j = (i / spatial) % shape[1];
      return (ci / inPerGroup) * shape[1] + j;
    });
  }
  return failure();
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

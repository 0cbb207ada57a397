//===- ChannelAffineFold.cpp - fold y*s+t into a layer's parameters -------===//

#include "passes/ChannelAffineFold.h"

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"

using namespace mlir;
using namespace mlir::nndct;

ChannelAffine mlir::nndct::uniformAffine(int64_t channels, float scale,
                                         float shift) {
  return {std::vector<float>(channels, scale),
          std::vector<float>(channels, shift)};
}

namespace {

ArrayRef<int64_t> weightShape(Value weight) {
  return cast<RankedTensorType>(weight.getType()).getShape();
}

/// Maps a flat weight index of `layer` to the output channel it feeds.
std::function<int64_t(int64_t)> outChannelMap(Operation *layer) {
  if (auto conv = dyn_cast<Conv2DOp>(layer)) {
    // [O, C/groups, KH, KW]
    ArrayRef<int64_t> s = weightShape(conv.getWeight());
    int64_t perOut = s[1] * s[2] * s[3];
    return [perOut](int64_t i) { return i / perOut; };
  }
  if (auto conv = dyn_cast<ConvTranspose2DOp>(layer)) {
    // [C_in, O/groups, KH, KW]; input channel ci belongs to group
    // ci / (C_in/groups), whose outputs start at group * (O/groups).
    ArrayRef<int64_t> s = weightShape(conv.getWeight());
    int64_t inPerGroup = s[0] / conv.getGroups();
    int64_t outPerGroup = s[1], spatial = s[2] * s[3];
    return [=](int64_t i) {
      int64_t ci = i / (outPerGroup * spatial);
      int64_t j = (i / spatial) % outPerGroup;
      return (ci / inPerGroup) * outPerGroup + j;
    };
  }
  if (auto linear = dyn_cast<LinearOp>(layer)) {
    // [O, I]
    int64_t in = weightShape(linear.getWeight())[1];
    return [in](int64_t i) { return i / in; };
  }
  return nullptr;
}

/// Name for a bias created where a layer had none: `x.weight` -> `x.bias`.
std::string biasNameFor(StringRef weightName) {
  if (weightName.consume_back(".weight"))
    return (weightName + ".bias").str();
  return (weightName + "_bias").str();
}

/// The layer's weights and bias (zeros when it has none) as floats.
template <typename Layer>
std::optional<std::pair<std::vector<float>, std::vector<float>>>
readParams(Layer layer, int64_t outChannels) {
  std::optional<std::vector<float>> weights =
      readFloats(getConstantValue(layer.getWeight()));
  if (!weights)
    return std::nullopt;
  std::vector<float> bias(size_t(outChannels), 0.0f);
  if (Value b = layer.getBias()) {
    std::optional<std::vector<float>> values = readFloats(getConstantValue(b));
    if (!values || values->size() != bias.size())
      return std::nullopt;
    bias = *values;
  }
  return std::make_pair(std::move(*weights), std::move(bias));
}

/// Gives `layer` the parameters `weights` and `bias` and location `loc`.
template <typename Layer>
void writeParams(Layer layer, ArrayRef<float> weights, ArrayRef<float> bias,
                 StringRef suffix, Location loc) {
  OpBuilder builder(layer);
  auto weightType = cast<RankedTensorType>(layer.getWeight().getType());
  auto biasType = RankedTensorType::get({int64_t(bias.size())},
                                        weightType.getElementType());
  // The folded parameters keep the user's names (conv1.weight, conv1.bias).
  StringRef fallback = isa<LinearOp>(layer) ? "linear" : "conv";
  std::string weightName =
      resourceName(getConstantValue(layer.getWeight()), fallback);
  Value newWeight = replaceFloatData(builder, layer.getWeight(), weights,
                                     weightName + suffix.str());
  layer.getWeightMutable().assign(newWeight);
  layer->setLoc(loc);
  if (Value b = layer.getBias()) {
    layer.getBiasMutable().assign(replaceFloatData(
        builder, b, bias,
        resourceName(getConstantValue(b), fallback) + suffix.str()));
    return;
  }
  // A layer without bias gets one only when the fold gives it a value.
  if (llvm::any_of(bias, [](float v) { return v != 0.0f; }))
    layer.getBiasMutable().assign(createFloatConstant(
        builder, loc, biasType, biasNameFor(weightName), bias));
}

template <typename Layer>
LogicalResult fold(Layer layer, const ChannelAffine &affine,
                   std::function<int64_t(int64_t)> outChannelOf,
                   StringRef suffix, Location loc) {
  auto params = readParams(layer, int64_t(affine.scale.size()));
  if (!params)
    return failure();
  auto &[weights, bias] = *params;
  for (size_t i = 0; i < weights.size(); ++i)
    weights[i] *= affine.scale[outChannelOf(int64_t(i))];
  for (size_t c = 0; c < bias.size(); ++c)
    bias[c] = bias[c] * affine.scale[c] + affine.shift[c];
  writeParams(layer, weights, bias, suffix, loc);
  return success();
}

template <typename Layer>
LogicalResult foldInput(Layer layer, const ChannelAffine &affine,
                        StringRef suffix, Location loc) {
  auto channels = outputChannels(layer);
  auto params = readParams(layer, *channels);
  if (!params)
    return failure();
  auto &[weights, bias] = *params;
  auto channelsOf = weightChannelMap(layer);
  // The shift's contribution summed in double: one rounding per bias.
  std::vector<double> added(bias.size(), 0.0);
  for (size_t i = 0; i < weights.size(); ++i) {
    auto [o, c] = channelsOf(int64_t(i));
    added[size_t(o)] += double(weights[i]) * double(affine.shift[size_t(c)]);
    weights[i] *= affine.scale[size_t(c)];
  }
  for (size_t o = 0; o < bias.size(); ++o)
    bias[o] = float(double(bias[o]) + added[o]);
  writeParams(layer, weights, bias, suffix, loc);
  return success();
}

} // namespace

std::optional<int64_t> mlir::nndct::outputChannels(Operation *layer) {
  if (!isa<Conv2DOp, ConvTranspose2DOp, LinearOp>(layer))
    return std::nullopt;
  auto type = cast<RankedTensorType>(layer->getResult(0).getType());
  return isa<LinearOp>(layer) ? type.getShape().back() : type.getDimSize(1);
}

LogicalResult mlir::nndct::foldChannelAffine(Operation *layer,
                                             const ChannelAffine &affine,
                                             StringRef suffix, Location loc) {
  std::optional<int64_t> channels = outputChannels(layer);
  if (!channels || int64_t(affine.scale.size()) != *channels ||
      affine.shift.size() != affine.scale.size())
    return failure();
  auto outChannelOf = outChannelMap(layer);
  if (auto conv = dyn_cast<Conv2DOp>(layer))
    return fold(conv, affine, outChannelOf, suffix, loc);
  if (auto conv = dyn_cast<ConvTranspose2DOp>(layer))
    return fold(conv, affine, outChannelOf, suffix, loc);
  return fold(cast<LinearOp>(layer), affine, outChannelOf, suffix, loc);
}

std::optional<int64_t> mlir::nndct::inputChannels(Operation *layer) {
  if (!isa<Conv2DOp, LinearOp>(layer))
    return std::nullopt;
  auto type = cast<RankedTensorType>(layer->getOperand(0).getType());
  return isa<LinearOp>(layer) ? type.getShape().back() : type.getDimSize(1);
}

LogicalResult mlir::nndct::foldInputChannelAffine(Operation *layer,
                                                  const ChannelAffine &affine,
                                                  StringRef suffix,
                                                  Location loc) {
  std::optional<int64_t> channels = inputChannels(layer);
  if (!channels || int64_t(affine.scale.size()) != *channels ||
      affine.shift.size() != affine.scale.size())
    return failure();
  if (auto conv = dyn_cast<Conv2DOp>(layer)) {
    bool pads = llvm::any_of(conv.getPads(), [](int64_t p) { return p != 0; });
    bool shifts = llvm::any_of(affine.shift, [](float t) { return t != 0.0f; });
    if (pads && shifts)
      return failure();
    return foldInput(conv, affine, suffix, loc);
  }
  return foldInput(cast<LinearOp>(layer), affine, suffix, loc);
}

std::function<std::pair<int64_t, int64_t>(int64_t)>
mlir::nndct::weightChannelMap(Operation *layer) {
  if (auto conv = dyn_cast<Conv2DOp>(layer)) {
    // [O, C/groups, KH, KW]: output o belongs to group o / (O/groups),
    // whose inputs start at group * C/groups.
    ArrayRef<int64_t> s = weightShape(conv.getWeight());
    int64_t inPerGroup = s[1], spatial = s[2] * s[3];
    int64_t outPerGroup = s[0] / conv.getGroups();
    return [=](int64_t i) {
      int64_t o = i / (inPerGroup * spatial);
      int64_t ci = (i / spatial) % inPerGroup;
      return std::make_pair(o, (o / outPerGroup) * inPerGroup + ci);
    };
  }
  if (auto linear = dyn_cast<LinearOp>(layer)) {
    int64_t in = weightShape(linear.getWeight())[1];
    return [in](int64_t i) { return std::make_pair(i / in, i % in); };
  }
  return nullptr;
}

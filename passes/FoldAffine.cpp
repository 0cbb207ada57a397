//===- FoldAffine.cpp - constant scale/shift folded into layers -----------===//
//
// nndct-fold-affine: PaddleOCR's learnable affine blocks, a BN exported as
// mul + add, an input normalization: mul/add/sub/div by constants that are
// the same over a layer's channels or per channel. Each such op left alone
// is an NPU op with its own activation fix, and a tiny constant (Paddle's
// shifts near 1e-4) quantizes to zero. Folded, the layer computes the same
// in real arithmetic with no op and no fix in between:
//   layer -> affine...        the layer's weights and bias absorb it
//   affine... -> conv/linear  the next layer's weights and bias absorb it
//                             (a padding conv takes the scale only: its
//                             zero padding is not a shifted zero)
//   affine -> affine...       one mul and one add (uniform constants)
//
//===----------------------------------------------------------------------===//

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "passes/ChannelAffineFold.h"
#include "passes/Passes.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_FOLDAFFINEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// The per-channel values of constant `c` combined elementwise with a
/// tensor of shape `shape` whose channels are dim `channelDim`: c must be
/// one value, or vary only along that dim (numpy broadcasting, aligned
/// right). Expanded to one value per channel.
std::optional<std::vector<float>>
channelValues(Value c, ArrayRef<int64_t> shape, int64_t channelDim) {
  ElementsAttr attr = getConstantValue(c);
  if (!attr)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(attr.getType());
  if (!type || type.getRank() > int64_t(shape.size()))
    return std::nullopt;
  int64_t channels = shape[size_t(channelDim)];
  int64_t offset = int64_t(shape.size()) - type.getRank();
  for (int64_t j = 0; j < type.getRank(); ++j) {
    int64_t d = type.getDimSize(j);
    if (d != 1 && (j + offset != channelDim || d != channels))
      return std::nullopt;
  }
  std::optional<std::vector<float>> values = readFloats(attr);
  if (!values || values->empty())
    return std::nullopt;
  if (values->size() == 1)
    values->assign(size_t(channels), values->front());
  return values;
}

/// `op` as y = x * scale + shift over the channels of x (dim `channelDim`)
/// with constant scale and shift: a mul, add, sub or div of x by a
/// constant that does not broadcast x itself.
struct AffineStep {
  Value input;
  ChannelAffine affine;
};

std::optional<AffineStep> matchStep(Operation *op, int64_t channelDim) {
  if (!isa<MulOp, AddOp, SubOp, DivOp>(op))
    return std::nullopt;
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  // Commutative ops may hold the constant on either side.
  if (isa<MulOp, AddOp>(op) && getConstantValue(lhs) && !getConstantValue(rhs))
    std::swap(lhs, rhs);
  if (getConstantValue(lhs) || lhs.getType() != op->getResult(0).getType())
    return std::nullopt;
  auto type = cast<RankedTensorType>(lhs.getType());
  if (channelDim < 0 || channelDim >= type.getRank() || !type.hasStaticShape())
    return std::nullopt;
  std::optional<std::vector<float>> c =
      channelValues(rhs, type.getShape(), channelDim);
  if (!c)
    return std::nullopt;
  size_t n = c->size();
  AffineStep step{lhs, {std::vector<float>(n, 1.0f), std::vector<float>(n)}};
  for (size_t i = 0; i < n; ++i) {
    float v = (*c)[i];
    if (isa<MulOp>(op))
      step.affine.scale[i] = v;
    else if (isa<AddOp>(op))
      step.affine.shift[i] = v;
    else if (isa<SubOp>(op))
      step.affine.shift[i] = -v;
    else if (v == 0.0f || !std::isfinite(1.0f / v))
      return std::nullopt;
    else
      step.affine.scale[i] = 1.0f / v;
  }
  return step;
}

/// `first` followed by `then`, computed in double.
ChannelAffine compose(const ChannelAffine &first, const ChannelAffine &then) {
  ChannelAffine out = first;
  for (size_t i = 0; i < out.scale.size(); ++i) {
    out.scale[i] = float(double(first.scale[i]) * then.scale[i]);
    out.shift[i] =
        float(double(first.shift[i]) * then.scale[i] + then.shift[i]);
  }
  return out;
}

bool isIdentity(const ChannelAffine &a) {
  return llvm::all_of(a.scale, [](float s) { return s == 1.0f; }) &&
         llvm::all_of(a.shift, [](float t) { return t == 0.0f; });
}

/// Channel dim of a layer's output (producer) or input (consumer).
int64_t channelDimOf(Operation *layer, Value v) {
  return isa<LinearOp>(layer)
             ? cast<RankedTensorType>(v.getType()).getRank() - 1
             : 1;
}

/// Erases `chain` (users first) and the constants only it used.
void eraseChain(ArrayRef<Operation *> usersFirst) {
  llvm::SetVector<Operation *> constants;
  for (Operation *op : usersFirst) {
    for (Value v : op->getOperands())
      if (auto c = v.getDefiningOp<ConstantOp>())
        constants.insert(c);
    op->erase();
  }
  for (Operation *c : constants)
    if (c->use_empty())
      c->erase();
}

Location fusedLoc(Operation *layer, ArrayRef<Operation *> chain) {
  SmallVector<Location> locs{layer->getLoc()};
  for (Operation *op : chain)
    locs.push_back(op->getLoc());
  return FusedLoc::get(layer->getContext(), locs);
}

/// layer -> affine steps (each result but the last used once): folded
/// into the layer's weights and bias.
bool foldIntoProducer(Operation *layer) {
  Value v = layer->getResult(0);
  int64_t dim = channelDimOf(layer, v);
  std::optional<int64_t> channels = outputChannels(layer);
  if (!channels)
    return false;
  ChannelAffine total = uniformAffine(*channels, 1.0f, 0.0f);
  SmallVector<Operation *> chain;
  while (v.hasOneUse()) {
    Operation *user = *v.getUsers().begin();
    std::optional<AffineStep> step = matchStep(user, dim);
    if (!step || step->input != v)
      break;
    total = compose(total, step->affine);
    chain.push_back(user);
    v = user->getResult(0);
  }
  if (chain.empty() || failed(foldChannelAffine(layer, total, ".affine",
                                                fusedLoc(layer, chain))))
    return false;
  v.replaceAllUsesWith(layer->getResult(0));
  eraseChain(llvm::to_vector(llvm::reverse(chain)));
  return true;
}

/// affine steps (each result used once) -> conv2d / linear: folded into
/// the layer's weights and bias; a padding conv takes only the scale and
/// keeps one add before it.
bool foldIntoConsumer(Operation *layer) {
  Value v = layer->getOperand(0);
  int64_t dim = channelDimOf(layer, v);
  std::optional<int64_t> channels = inputChannels(layer);
  if (!channels)
    return false;
  SmallVector<Operation *> chain; // last step first
  SmallVector<ChannelAffine> steps;
  while (Operation *def = v.getDefiningOp()) {
    std::optional<AffineStep> step = matchStep(def, dim);
    if (!step || !v.hasOneUse())
      break;
    chain.push_back(def);
    steps.push_back(step->affine);
    v = step->input;
  }
  if (chain.empty())
    return false;
  ChannelAffine total = uniformAffine(*channels, 1.0f, 0.0f);
  for (const ChannelAffine &a : llvm::reverse(steps))
    total = compose(total, a);
  Location loc = fusedLoc(layer, chain);
  Value input = v;
  if (failed(foldInputChannelAffine(layer, total, ".affine", loc))) {
    // A padding conv: x * s + t = (x + t / s) * s, the scale folded. Only
    // worth it when that removes an op, and only with no zero scale.
    bool scales = llvm::any_of(total.scale, [](float s) { return s != 1.0f; });
    if (!scales || chain.size() < 2 ||
        llvm::any_of(total.scale, [](float s) { return s == 0.0f; }))
      return false;
    std::vector<float> shift(total.shift.size());
    for (size_t c = 0; c < shift.size(); ++c)
      shift[c] = float(double(total.shift[c]) / total.scale[c]);
    ChannelAffine scaleOnly{total.scale, std::vector<float>(shift.size())};
    if (failed(foldInputChannelAffine(layer, scaleOnly, ".affine", loc)))
      return false;
    auto type = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> shape(type.getRank(), 1);
    shape[size_t(dim)] = *channels;
    OpBuilder builder(layer);
    Value c = createFloatConstant(
        builder, loc, RankedTensorType::get(shape, type.getElementType()),
        "affine_shift", shift);
    input = AddOp::create(builder, loc, type, v, c);
  }
  layer->setOperand(0, input);
  eraseChain(chain);
  return true;
}

/// Three or more uniform affine steps in a row (each result used once but
/// the last) become one mul and one add.
bool mergeChain(Operation *first) {
  if (!first->getResult(0).hasOneUse())
    return false;
  // Uniform constants combine on any tensor: channel dim 0 of a splat.
  auto uniformStep = [](Operation *op) -> std::optional<AffineStep> {
    if (op->getNumOperands() != 2)
      return std::nullopt;
    for (Value c : op->getOperands())
      if (getConstantValue(c) && !uniformConstant(c))
        return std::nullopt;
    return matchStep(op, 0);
  };
  std::optional<AffineStep> head = uniformStep(first);
  if (!head)
    return false;
  // Only start at the head of a chain.
  if (Operation *def = head->input.getDefiningOp())
    if (head->input.hasOneUse() && uniformStep(def))
      return false;
  ChannelAffine total =
      uniformAffine(1, head->affine.scale[0], head->affine.shift[0]);
  SmallVector<Operation *> chain{first};
  Value v = first->getResult(0);
  while (v.hasOneUse()) {
    Operation *user = *v.getUsers().begin();
    std::optional<AffineStep> step = uniformStep(user);
    if (!step || step->input != v)
      break;
    total = compose(
        total, uniformAffine(1, step->affine.scale[0], step->affine.shift[0]));
    chain.push_back(user);
    v = user->getResult(0);
  }
  if (chain.size() < 3)
    return false;
  Operation *last = chain.back();
  OpBuilder builder(last);
  Location loc =
      FusedLoc::get(first->getContext(),
                    llvm::to_vector(llvm::map_range(
                        chain, [](Operation *op) { return op->getLoc(); })));
  auto type = cast<RankedTensorType>(v.getType());
  auto scalar = RankedTensorType::get({1}, type.getElementType());
  Value out = head->input;
  if (total.scale[0] != 1.0f)
    out = MulOp::create(
        builder, loc, type, out,
        createFloatConstant(builder, loc, scalar, "affine_scale", total.scale));
  if (total.shift[0] != 0.0f)
    out = AddOp::create(
        builder, loc, type, out,
        createFloatConstant(builder, loc, scalar, "affine_shift", total.shift));
  v.replaceAllUsesWith(out);
  eraseChain(llvm::to_vector(llvm::reverse(chain)));
  return true;
}

struct FoldAffinePass : public nndct::impl::FoldAffinePassBase<FoldAffinePass> {
  void runOnOperation() override {
    // Each fold removes ops, so the loop ends; it repeats because one fold
    // can expose another (a chain between two layers).
    bool changed = true;
    while (changed) {
      changed = false;
      SmallVector<Operation *> layers, steps;
      getOperation().walk([&](Operation *op) {
        if (isa<Conv2DOp, ConvTranspose2DOp, LinearOp>(op))
          layers.push_back(op);
        else if (isa<MulOp, AddOp, SubOp, DivOp>(op))
          steps.push_back(op);
      });
      for (Operation *layer : layers)
        changed |= foldIntoProducer(layer);
      for (Operation *layer : layers)
        if (isa<Conv2DOp, LinearOp>(layer))
          changed |= foldIntoConsumer(layer);
      if (changed)
        continue;
      for (Operation *op : steps)
        if (mergeChain(op)) {
          changed = true;
          break;
        }
    }
  }
};

} // namespace

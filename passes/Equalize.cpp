//===- Equalize.cpp - cross-layer equalization ----------------------------===//
//
// nndct-equalize (Nagel et al. 2019, "Data-Free Quantization through
// Weight Equalization and Bias Correction"). Per-tensor weight fix points
// quantize a layer whose output channels span 0.01..40 to nothing in its
// small channels. For two layers L1 -> f -> L2 with f positively
// homogeneous (f(s*x) = s*f(x) for s > 0: none, relu, leaky relu, prelu),
// dividing L1's output channel i by s_i and multiplying L2's input channel
// i by s_i computes the same function. With s_i = sqrt(r1_i / r2_i), where
// r1_i is the range of L1's output channel i and r2_i that of L2's input
// channel i, both become sqrt(r1_i * r2_i): equal, so one fix point fits
// every channel of each as well as it can. Chains (conv -> dw conv ->
// conv) share layers, so the pairs are swept until the scales settle.
//
//===----------------------------------------------------------------------===//

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "passes/ChannelAffineFold.h"
#include "passes/OptionChecks.h"
#include "passes/Passes.h"

#include <cmath>

namespace mlir::nndct {
#define GEN_PASS_DEF_EQUALIZEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// A layer's weight magnitudes and the channel scales equalization gives it
/// so far: its weight is W[o, c] * in[c] / out[o].
struct LayerScales {
  Operation *op = nullptr;
  /// max |W| over the kernel of each (output channel, input channel) pair.
  struct Entry {
    int64_t out, in;
    float magnitude;
  };
  std::vector<Entry> entries;
  std::vector<double> out, in;

  /// Range of each output channel, as scaled.
  std::vector<double> outputRanges() const {
    std::vector<double> r(out.size(), 0.0);
    for (const Entry &e : entries)
      r[e.out] = std::max(r[e.out], e.magnitude * in[e.in] / out[e.out]);
    return r;
  }
  /// Range of each input channel, as scaled.
  std::vector<double> inputRanges() const {
    std::vector<double> r(in.size(), 0.0);
    for (const Entry &e : entries)
      r[e.in] = std::max(r[e.in], e.magnitude * in[e.in] / out[e.out]);
    return r;
  }
};

/// Reads `layer`'s constant weight into per-channel-pair magnitudes.
std::optional<LayerScales> readLayer(Operation *layer) {
  auto channelsOf = weightChannelMap(layer);
  std::optional<int64_t> outs = outputChannels(layer);
  std::optional<int64_t> ins = inputChannels(layer);
  if (!channelsOf || !outs || !ins)
    return std::nullopt;
  std::optional<std::vector<float>> weight =
      readFloats(getConstantValue(layer->getOperand(1)));
  if (!weight || weight->empty())
    return std::nullopt;
  if (layer->getNumOperands() > 2 && !getConstantValue(layer->getOperand(2)))
    return std::nullopt;
  LayerScales l;
  l.op = layer;
  l.out.assign(size_t(*outs), 1.0);
  l.in.assign(size_t(*ins), 1.0);
  // Entries are consecutive runs of one (out, in) pair: the kernel.
  for (size_t i = 0; i < weight->size(); ++i) {
    auto [o, c] = channelsOf(int64_t(i));
    float m = std::fabs((*weight)[i]);
    if (l.entries.empty() || l.entries.back().out != o ||
        l.entries.back().in != c)
      l.entries.push_back({o, c, m});
    else
      l.entries.back().magnitude = std::max(l.entries.back().magnitude, m);
  }
  return l;
}

/// True for ops with f(s * x) = s * f(x) per channel for every s > 0.
bool isPositivelyHomogeneous(Operation *op) {
  if (isa<ReluOp, LeakyReluOp>(op))
    return true;
  // PReLU's slope is a constant operand, not the data path.
  if (isa<PReluOp>(op))
    return getConstantValue(op->getOperand(1)) != nullptr;
  return false;
}

/// The layer that reads `layer`'s output (through at most one positively
/// homogeneous activation), when every channel of that output reaches it
/// and nothing else reads it: the pair can be scaled without changing the
/// function.
Operation *equalizablePartner(Operation *layer) {
  Value v = layer->getResult(0);
  if (!v.hasOneUse())
    return nullptr;
  Operation *user = *v.getUsers().begin();
  if (isPositivelyHomogeneous(user) && user->getOperand(0) == v) {
    v = user->getResult(0);
    if (!v.hasOneUse())
      return nullptr;
    user = *v.getUsers().begin();
  }
  if (!isa<Conv2DOp, LinearOp>(user) || user->getOperand(0) != v)
    return nullptr;
  if (inputChannels(user) != outputChannels(layer))
    return nullptr;
  return user;
}

struct EqualizePass : public nndct::impl::EqualizePassBase<EqualizePass> {
  using Base::Base;

  std::string optionProblem() const {
    return options::checkRange("max-sweeps", maxSweeps, 1, 1000000);
  }
  LogicalResult initializeOptions(
      StringRef options,
      function_ref<LogicalResult(const Twine &)> errorHandler) override {
    return options::initializeChecked<Base>(*this, options, errorHandler);
  }

  void runOnOperation() override {
    if (failed(options::reportAtRun(optionProblem(), getArgument(),
                                    getOperation())))
      return signalPassFailure();
    // Pairs in program order; each layer's scales read once.
    llvm::MapVector<Operation *, LayerScales> layers;
    SmallVector<std::pair<Operation *, Operation *>> pairs;
    auto scalesOf = [&](Operation *op) -> LayerScales * {
      auto it = layers.find(op);
      if (it != layers.end())
        return &it->second;
      std::optional<LayerScales> l = readLayer(op);
      if (!l)
        return nullptr;
      return &layers.insert({op, std::move(*l)}).first->second;
    };
    getOperation().walk([&](Operation *op) {
      if (!isa<Conv2DOp, LinearOp>(op))
        return;
      Operation *next = equalizablePartner(op);
      if (next && scalesOf(op) && scalesOf(next))
        pairs.push_back({op, next});
    });
    if (pairs.empty())
      return;

    // Sweeps until no scale moves by more than 0.01 % (an exact balance
    // is a fixed point: s = 1 for every channel).
    constexpr double tolerance = 1e-4;
    for (int64_t sweep = 0; sweep < maxSweeps; ++sweep) {
      double largest = 0;
      for (auto [first, second] : pairs) {
        LayerScales &a = layers.find(first)->second;
        LayerScales &b = layers.find(second)->second;
        std::vector<double> r1 = a.outputRanges(), r2 = b.inputRanges();
        for (size_t i = 0; i < r1.size(); ++i) {
          if (r1[i] <= 0 || r2[i] <= 0)
            continue; // a dead channel: nothing to balance
          double s = std::sqrt(r1[i] / r2[i]);
          a.out[i] *= s;
          b.in[i] *= s;
          largest = std::max(largest, std::fabs(std::log(s)));
        }
      }
      if (largest < tolerance)
        break;
    }

    for (auto &[op, l] : layers) {
      ChannelAffine outAffine{std::vector<float>(l.out.size()),
                              std::vector<float>(l.out.size(), 0.0f)};
      for (size_t i = 0; i < l.out.size(); ++i)
        outAffine.scale[i] = float(1.0 / l.out[i]);
      ChannelAffine inAffine{std::vector<float>(l.in.begin(), l.in.end()),
                             std::vector<float>(l.in.size(), 0.0f)};
      bool scalesOut = llvm::any_of(l.out, [](double s) { return s != 1.0; });
      bool scalesIn = llvm::any_of(l.in, [](double s) { return s != 1.0; });
      if ((scalesIn && failed(foldInputChannelAffine(op, inAffine, ".cle",
                                                     op->getLoc()))) ||
          (scalesOut &&
           failed(foldChannelAffine(op, outAffine, ".cle", op->getLoc())))) {
        op->emitError("nndct-equalize: could not rewrite the parameters");
        return signalPassFailure();
      }
    }
  }
};

} // namespace

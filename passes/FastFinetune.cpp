//===- FastFinetune.cpp - each quantized layer fitted to its float twin ---===//
//
// nndct-fast-finetune: vai_q_pytorch's fast finetune (AdaQuant) and
// AdaRound, layer by layer in program order (see CalibrationPasses.td).
// This file gathers what each fit needs from the IR and the interpreter:
//   - the layers, with their fixes, activation and geometry;
//   - sampled rows (im2col patches under seeded output positions): the
//     float rows of every layer from one float run, the quantized rows of
//     one layer from a fake-quant run with every earlier layer finetuned;
//   - the network output's error on the first samples, to keep a layer's
//     change only when it does not hurt (vai's rule).
// The fit itself (loss, gradients, optimizers) is finetune/LayerFit.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "passes/Calibration.h"
#include "passes/CalibrationData.h"
#include "passes/FixProbes.h"
#include "passes/OptionChecks.h"
#include "passes/finetune/LayerFit.h"

#include "llvm/Support/FormatVariadic.h"

#include <chrono>
#include <numeric>
#include <random>

namespace mlir::nndct {
#define GEN_PASS_DEF_FASTFINETUNEPASS
#include "passes/CalibrationPasses.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;
namespace ft = mlir::nndct::finetune;

namespace {

/// A conv's window, or a linear's (one position per leading index).
struct Geometry {
  bool conv = false;
  /// A transposed conv: output pixel (oh, ow) reads input (ih, iw) through
  /// tap (i, j) when oh = ih * stride - pad + i * dilation.
  bool transposed = false;
  int64_t channels = 0, height = 1, width = 1; ///< input (conv)
  int64_t kernelH = 1, kernelW = 1, strideH = 1, strideW = 1;
  int64_t padTop = 0, padLeft = 0, dilationH = 1, dilationW = 1;
  int64_t outW = 1;
  int64_t positions = 1; ///< output positions per sample
  int64_t rowSize = 0;   ///< inputs per row
};

/// The window of a conv or transposed conv from `in` (NCHW) to `out`.
template <typename ConvLike>
Geometry windowGeometry(ConvLike conv, RankedTensorType in,
                        RankedTensorType out, bool transposed) {
  auto kernel = cast<RankedTensorType>(conv.getWeight().getType()).getShape();
  Geometry g;
  g.conv = true;
  g.transposed = transposed;
  g.channels = in.getDimSize(1);
  g.height = in.getDimSize(2);
  g.width = in.getDimSize(3);
  g.kernelH = kernel[2];
  g.kernelW = kernel[3];
  g.strideH = conv.getStrides()[0];
  g.strideW = conv.getStrides()[1];
  g.padTop = conv.getPads()[0];
  g.padLeft = conv.getPads()[1];
  g.dilationH = conv.getDilations()[0];
  g.dilationW = conv.getDilations()[1];
  g.outW = out.getDimSize(3);
  g.positions = out.getDimSize(2) * out.getDimSize(3);
  g.rowSize = g.channels * g.kernelH * g.kernelW;
  return g;
}

/// One layer the pass fits.
struct Layer {
  Operation *op = nullptr;
  FixOp weightFix, biasFix;
  ft::LayerSpec spec;
  Geometry geometry;
  ft::LayerParams floatParams;
  /// Where weight k of floatParams (LayerFit's [outputs][inputs per group])
  /// is in the IR's weight; empty when the layouts are the same.
  std::vector<int64_t> irIndex;
  ft::LayerRows rows;
  int64_t perSample = 0; ///< rows per sample
  int64_t index = 0;     ///< program order
};

/// The activation between `op` and its output fix, if one LayerFit knows.
std::pair<ft::Activation, Operation *> activationAfter(Operation *op,
                                                       float &alpha) {
  Value out = op->getResult(0);
  if (!out.hasOneUse())
    return {ft::Activation::None, nullptr};
  Operation *user = *out.getUsers().begin();
  if (isa<ReluOp>(user))
    return {ft::Activation::Relu, user};
  if (isa<Relu6Op>(user))
    return {ft::Activation::Relu6, user};
  if (isa<HardSwishOp>(user))
    return {ft::Activation::HardSwish, user};
  if (auto leaky = dyn_cast<LeakyReluOp>(user)) {
    // The device's slope when the target's numerics are emulated.
    std::optional<npu::FixedScale> scale = getNpuScale(user);
    alpha = scale ? float(scale->value()) : leaky.getAlpha().convertToFloat();
    return {ft::Activation::LeakyRelu, user};
  }
  return {ft::Activation::None, nullptr};
}

ft::FixSpec fixSpec(FixOp fix) {
  return {int64_t(*fix.getFixPoint()), fix.getRounding(), fix.getRange()};
}

/// 64-bit mix (splitmix64): seeds that differ in one bit give unrelated
/// streams.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// Copies the rows of sample `sample` (batch element `b` of `t`) into
/// `dest`: the positions of `layer` for that sample, seeded by (seed,
/// layer, sample) so they do not depend on the batch size.
void extractRows(const Layer &layer, uint64_t seed, const Tensor &t, int64_t b,
                 int64_t sample, std::vector<float> &dest) {
  const Geometry &g = layer.geometry;
  std::vector<int64_t> picked(size_t(g.positions));
  std::iota(picked.begin(), picked.end(), int64_t(0));
  if (layer.perSample < g.positions) {
    std::mt19937_64 rng(
        mix(seed ^ mix(uint64_t(layer.index) << 32 ^ uint64_t(sample))));
    for (int64_t j = 0; j < layer.perSample; ++j)
      std::swap(picked[size_t(j)],
                picked[size_t(j + int64_t(rng() % uint64_t(g.positions - j)))]);
    picked.resize(size_t(layer.perSample));
  }
  float *row = &dest[size_t(sample * layer.perSample * g.rowSize)];
  const float *x = t.data.data();
  for (int64_t p : picked) {
    if (!g.conv) {
      std::copy_n(x + (b * g.positions + p) * g.rowSize, g.rowSize, row);
      row += g.rowSize;
      continue;
    }
    int64_t oh = p / g.outW, ow = p % g.outW;
    for (int64_t c = 0; c < g.channels; ++c)
      for (int64_t i = 0; i < g.kernelH; ++i)
        for (int64_t j = 0; j < g.kernelW; ++j) {
          int64_t h, w;
          if (g.transposed) {
            // Input pixels that land on (oh, ow) through tap (i, j).
            int64_t nh = oh + g.padTop - i * g.dilationH;
            int64_t nw = ow + g.padLeft - j * g.dilationW;
            bool hit = nh >= 0 && nw >= 0 && nh % g.strideH == 0 &&
                       nw % g.strideW == 0;
            h = hit ? nh / g.strideH : -1;
            w = hit ? nw / g.strideW : -1;
          } else {
            h = oh * g.strideH - g.padTop + i * g.dilationH;
            w = ow * g.strideW - g.padLeft + j * g.dilationW;
          }
          *row++ = h >= 0 && h < g.height && w >= 0 && w < g.width
                       ? x[((b * g.channels + c) * g.height + h) * g.width + w]
                       : 0.0f;
        }
  }
}

/// Fills one of the row sets of the layers it is given as their inputs are
/// produced (a function argument's from the run's inputs).
struct RowCapture : TensorObserver {
  DenseMap<std::pair<Operation *, unsigned>, SmallVector<Layer *>> byValue;
  SmallVector<std::pair<unsigned, Layer *>> byArgument;
  bool quantRows = false;
  uint64_t seed = 0;
  int64_t firstSample = 0, used = 0;

  void add(Layer *l) {
    Value in = l->op->getOperand(0);
    if (auto arg = dyn_cast<BlockArgument>(in))
      byArgument.push_back({arg.getArgNumber(), l});
    else
      byValue[{in.getDefiningOp(), cast<OpResult>(in).getResultNumber()}]
          .push_back(l);
  }
  bool observes(Operation *op) override {
    return llvm::any_of(byValue,
                        [&](const auto &e) { return e.first.first == op; });
  }
  void observe(Operation *op, unsigned result, const Tensor &t) override {
    auto it = byValue.find({op, result});
    if (it != byValue.end())
      for (Layer *l : it->second)
        capture(*l, t);
  }
  void inputs(ArrayRef<Tensor> run) {
    for (auto [arg, l] : byArgument)
      capture(*l, run[arg]);
  }
  void capture(Layer &l, const Tensor &t) {
    std::vector<float> &dest =
        quantRows ? l.rows.quantInput : l.rows.floatInput;
    for (int64_t b = 0; b < t.shape[0]; ++b)
      if (firstSample + b < used)
        extractRows(l, seed, t, b, firstSample + b, dest);
  }
};

/// The pass options a finetune run reads.
struct Settings {
  FinetuneMethod method = FinetuneMethod::AdaQuant;
  int64_t rows = 0, epochs = 0, maxMemory = 0, checkSamples = 0;
  uint64_t seed = 0;
  int threads = 1;
};

/// One run of the pass over one function.
class Finetuner {
public:
  Finetuner(func::FuncOp func, const Settings &settings)
      : func(func), rows(settings.rows), epochs(settings.epochs),
        maxMemory(settings.maxMemory), checkSamples(settings.checkSamples),
        seed(settings.seed), threads(settings.threads),
        method(settings.method) {}

  /// Fits every layer; `finetuned` says whether there was one to fit.
  LogicalResult run(std::shared_ptr<CalibrationSource> samples,
                    bool &finetuned) {
    finetuned = false;
    if (failed(collectLayers()))
      return failure();
    if (!layers.empty()) {
      auto opened = CalibrationData::open(func, std::move(samples));
      if (failed(opened))
        return failure();
      source = std::move(*opened);
    }
    // Nothing is left out silently.
    for (auto [op, why] : skipped)
      say(op, "fast finetune: " + nameOf(op) + " is left as it is: " + why);
    if (layers.empty())
      return success();
    runs = source->numSamples() / source->runBatch();
    used = runs * source->runBatch();
    // The first samples are held out: each fit is judged on their rows and
    // each change kept by the network output on them (a quarter of the
    // data at most; with a single run there is nothing to hold out).
    checkRuns = std::clamp<int64_t>(
        std::min(checkSamples, used / 4) / source->runBatch(), 1, runs);
    heldOutSamples = runs > 1 ? checkRuns * source->runBatch() : 0;
    if (failed(planRows()) || failed(floatPass()) || failed(fitLayers()))
      return failure();
    finetuned = true;
    return success();
  }

private:
  func::FuncOp func;
  int64_t rows, epochs, maxMemory, checkSamples;
  uint64_t seed;
  int threads;
  FinetuneMethod method;
  std::unique_ptr<CalibrationData> source;
  std::vector<std::unique_ptr<Layer>> layers;
  std::vector<Tap> taps;
  /// The float run's tapped outputs of the check runs.
  std::vector<std::vector<std::vector<float>>> reference;
  double referenceEnergy = 0;
  int64_t runs = 0, checkRuns = 0, used = 0, heldOutSamples = 0;
  /// Quantized layers the pass cannot fit, and why.
  std::vector<std::pair<Operation *, const char *>> skipped;

  /// Every conv, transposed conv and linear with a quantized constant
  /// weight, in program
  /// order, with what its fit needs.
  LogicalResult collectLayers() {
    bool ok = true;
    func.walk([&](Operation *op) {
      if (!ok || !isa<Conv2DOp, ConvTranspose2DOp, LinearOp>(op))
        return;
      auto wfix = op->getOperand(1).getDefiningOp<FixOp>();
      if (!wfix)
        return;
      if (!wfix.getFixPoint()) {
        wfix.emitError("nndct-fast-finetune needs fix points; run "
                       "nndct-assign-fix-points and "
                       "nndct-legalize-fix-points first");
        ok = false;
        return;
      }
      auto placement = op->getAttrOfType<PlacementAttr>(kPlacementAttrName);
      if (placement && placement.getDevice() == Device::npu &&
          !op->hasAttr(kShiftsAttrName)) {
        op->emitError("nndct-fast-finetune needs fix points the target can "
                      "run (no nndct.shifts); run nndct-legalize-fix-points "
                      "first");
        ok = false;
        return;
      }
      auto l = std::make_unique<Layer>();
      if (!describe(op, wfix, *l)) {
        skipped.push_back({op, "its parameters are not constants with data"});
        return;
      }
      l->index = int64_t(layers.size());
      layers.push_back(std::move(l));
    });
    return success(ok);
  }

  /// Fills `l` for `op`; false (the layer is left alone) when its
  /// parameters are not constants.
  static bool describe(Operation *op, FixOp wfix, Layer &l) {
    l.op = op;
    l.weightFix = wfix;
    auto weight = readFloats(getConstantValue(wfix.getInput()));
    if (!weight)
      return false;
    l.floatParams.weight = std::move(*weight);
    auto wshape = cast<RankedTensorType>(wfix.getType()).getShape();
    auto in = cast<RankedTensorType>(op->getOperand(0).getType());
    auto out = cast<RankedTensorType>(op->getResult(0).getType());
    if (!in.hasStaticShape() || !out.hasStaticShape())
      return false;
    int64_t outputs = wshape[0];
    ft::LayerSpec &spec = l.spec;
    Geometry &g = l.geometry;
    if (auto conv = dyn_cast<Conv2DOp>(op)) {
      g = windowGeometry(conv, in, out, /*transposed=*/false);
      spec.shape = {conv.getGroups(), wshape[1] * wshape[2] * wshape[3],
                    outputs / conv.getGroups()};
    } else if (auto convT = dyn_cast<ConvTranspose2DOp>(op)) {
      // Weight [C_in, O/groups, KH, KW]: LayerFit's [O][C_in/groups * KH *
      // KW] is its per-group transpose.
      int64_t groups = convT.getGroups();
      int64_t inPerGroup = wshape[0] / groups, outPerGroup = wshape[1];
      int64_t taps = wshape[2] * wshape[3];
      outputs = groups * outPerGroup;
      g = windowGeometry(convT, in, out, /*transposed=*/true);
      spec.shape = {groups, inPerGroup * taps, outPerGroup};
      l.irIndex.resize(l.floatParams.weight.size());
      std::vector<float> weightT(l.floatParams.weight.size());
      for (int64_t ci = 0; ci < wshape[0]; ++ci)
        for (int64_t oj = 0; oj < outPerGroup; ++oj)
          for (int64_t t = 0; t < taps; ++t) {
            int64_t o = (ci / inPerGroup) * outPerGroup + oj;
            int64_t k = (ci % inPerGroup) * taps + t;
            int64_t from = (ci * outPerGroup + oj) * taps + t;
            int64_t to = o * inPerGroup * taps + k;
            l.irIndex[size_t(to)] = from;
            weightT[size_t(to)] = l.floatParams.weight[size_t(from)];
          }
      l.floatParams.weight = std::move(weightT);
    } else {
      g.rowSize = wshape[1];
      g.positions = in.getNumElements() / (in.getDimSize(0) * g.rowSize);
      spec.shape = {1, wshape[1], outputs};
    }
    spec.weightFix = fixSpec(wfix);
    l.floatParams.bias.assign(size_t(outputs), 0.0f);
    spec.learnBias = false;
    if (op->getNumOperands() > 2) {
      Value bias = op->getOperand(2);
      l.biasFix = bias.getDefiningOp<FixOp>();
      Value data = l.biasFix ? l.biasFix.getInput() : bias;
      auto values = readFloats(getConstantValue(data));
      if (!values || int64_t(values->size()) != outputs)
        return false;
      l.floatParams.bias = std::move(*values);
      if (l.biasFix && l.biasFix.getFixPoint()) {
        spec.biasFix = fixSpec(l.biasFix);
        spec.learnBias = true;
      }
    }
    auto [act, actOp] = activationAfter(op, spec.alpha);
    spec.activation = act;
    Value result = actOp ? actOp->getResult(0) : op->getResult(0);
    if (result.hasOneUse())
      if (auto fix = dyn_cast<FixOp>(*result.getUsers().begin()))
        if (fix.getFixPoint())
          spec.outputFix = fixSpec(fix);
    return true;
  }

  /// Rows per sample and layer, and the memory check.
  LogicalResult planRows() {
    double floatBytes = 0, largestLayer = 0;
    for (auto &l : layers) {
      l->perSample = std::clamp<int64_t>((rows + used - 1) / used, 1,
                                         l->geometry.positions);
      l->rows.rows = used * l->perSample;
      l->rows.heldOut = heldOutSamples * l->perSample;
      double inputs = double(l->rows.rows) * double(l->geometry.rowSize);
      floatBytes += 4 * inputs;
      // The quantized rows, the targets and the fit's two output buffers.
      largestLayer =
          std::max(largestLayer, 4 * (inputs + 3 * double(l->rows.rows) *
                                                   l->spec.shape.outputs()));
    }
    double mib = (floatBytes + largestLayer) / (1024.0 * 1024.0);
    if (mib > double(maxMemory))
      return func.emitError() << "nndct-fast-finetune: the cached rows need "
                              << int64_t(std::ceil(mib)) << " MiB (" << rows
                              << " rows per layer, " << layers.size()
                              << " layers), over max-memory=" << maxMemory
                              << "; lower rows= or raise max-memory=";
    for (auto &l : layers)
      l->rows.floatInput.resize(size_t(l->rows.rows * l->geometry.rowSize));
    say(func, llvm::formatv("fast finetune: {0} layers, about {1} rows each "
                            "from {2} samples ({3} held out), {4:f0} MiB of "
                            "cached rows at most (max-memory={5})",
                            layers.size(), rows, used, heldOutSamples, mib,
                            maxMemory));
    return success();
  }

  /// One pass over the data of `interp`, capturing rows into `capture`
  /// and the check runs' tapped outputs into `tapped` (if given).
  LogicalResult dataPass(Interpreter &interp, RowCapture &capture,
                         std::vector<std::vector<std::vector<float>>> *tapped,
                         StringRef what) {
    capture.seed = uint64_t(seed);
    capture.used = used;
    DataProgress progress(*source, what, used);
    for (int64_t r = 0; r < runs; ++r) {
      FailureOr<std::vector<Tensor>> inputs = source->readRun(r);
      if (failed(inputs))
        return failure();
      capture.firstSample = r * source->runBatch();
      capture.inputs(*inputs);
      TapObserver observer(
          r < checkRuns ? ArrayRef<Tap>(taps) : ArrayRef<Tap>(), &capture);
      if (failed(interp.run(*inputs, &observer)))
        return failure();
      if (tapped && r < checkRuns)
        tapped->push_back(std::move(observer.values));
      progress.advance(source->runBatch());
    }
    return success();
  }

  InterpreterOptions interpreterOptions(ExecutionMode mode) const {
    InterpreterOptions o;
    o.mode = mode;
    o.threads = threads;
    return o;
  }

  /// Every layer's float rows and the reference outputs, in one float run.
  LogicalResult floatPass() {
    taps = outputTaps(func);
    auto interp =
        Interpreter::create(func, interpreterOptions(ExecutionMode::Float));
    if (failed(interp))
      return failure();
    RowCapture capture;
    for (auto &l : layers)
      capture.add(l.get());
    if (failed(dataPass(**interp, capture, &reference,
                        "fast finetune (float rows)")))
      return failure();
    for (const auto &run : reference)
      referenceEnergy += tapEnergy(run);
    return success();
  }

  /// The quantized rows of `l` with the IR as it is now, and the network
  /// output's noise-to-signal ratio on the check runs.
  FailureOr<double> quantizedPass(Layer &l) {
    auto interp =
        Interpreter::create(func, interpreterOptions(ExecutionMode::FakeQuant));
    if (failed(interp))
      return failure();
    RowCapture capture;
    capture.quantRows = true;
    capture.add(&l);
    l.rows.quantInput.assign(l.rows.floatInput.size(), 0.0f);
    std::vector<std::vector<std::vector<float>>> tapped;
    if (failed(dataPass(**interp, capture, &tapped,
                        "fast finetune " + std::to_string(l.index + 1) + "/" +
                            std::to_string(layers.size()))))
      return failure();
    double noise = 0;
    for (size_t r = 0; r < tapped.size(); ++r)
      noise += tapNoise(tapped[r], reference[r]);
    return noiseToSignal(noise);
  }

  /// The network output's NSR on the check runs with the IR as it is now.
  FailureOr<double> checkPass() {
    auto interp =
        Interpreter::create(func, interpreterOptions(ExecutionMode::FakeQuant));
    if (failed(interp))
      return failure();
    std::vector<std::vector<Tensor>> inputs;
    for (int64_t r = 0; r < checkRuns; ++r) {
      FailureOr<std::vector<Tensor>> run = source->readRun(r);
      if (failed(run))
        return failure();
      inputs.push_back(std::move(*run));
    }
    FailureOr<double> noise =
        runsTapNoise(**interp, taps, inputs, reference, nullptr);
    if (failed(noise))
      return failure();
    return noiseToSignal(*noise);
  }

  double noiseToSignal(double noise) const {
    return referenceEnergy > 0 ? noise / referenceEnergy : 0.0;
  }

  /// The user's name of a layer: its weight's (conv1.weight -> conv1).
  static std::string nameOf(Operation *layer) {
    auto weight = layer->getOperand(1).getDefiningOp<FixOp>();
    std::string name = resourceName(
        weight ? getConstantValue(weight.getInput()) : ElementsAttr(), "layer");
    StringRef stem = name;
    stem.consume_back(".weight");
    return stem.str();
  }
  static std::string layerName(const Layer &l) { return nameOf(l.op); }

  /// A remark at `op` and a line on the data's progress sink.
  void say(Operation *op, const std::string &line) {
    op->emitRemark() << line;
    if (ProgressSink *sink = source ? source->progress() : nullptr)
      sink->note(line);
  }

  /// Gives `fix` the data `values` (its name kept).
  static void replaceData(FixOp fix, ArrayRef<float> values) {
    replaceFixInputData(
        fix, values,
        resourceName(getConstantValue(fix.getInput()), "param") + ".finetuned");
  }

  static void writeParams(Layer &l, const ft::LayerParams &p) {
    if (l.irIndex.empty()) {
      replaceData(l.weightFix, p.weight);
    } else {
      std::vector<float> ir(p.weight.size());
      for (size_t k = 0; k < p.weight.size(); ++k)
        ir[size_t(l.irIndex[k])] = p.weight[k];
      replaceData(l.weightFix, ir);
    }
    if (l.spec.learnBias)
      replaceData(l.biasFix, p.bias);
  }

  void record(Layer &l, const ft::FitResult &fit, StringRef result) {
    Builder b(func.getContext());
    l.op->setAttr(
        kFinetuneAttrName,
        b.getDictionaryAttr(
            {b.getNamedAttr("loss_before", b.getF64FloatAttr(fit.lossBefore)),
             b.getNamedAttr("loss_after", b.getF64FloatAttr(fit.lossAfter)),
             b.getNamedAttr("result", b.getStringAttr(result))}));
  }

  /// The layers in order; each change kept only if the next measurement
  /// of the network output does not get worse.
  LogicalResult fitLayers() {
    ft::FitOptions fitOptions;
    fitOptions.seed = uint64_t(seed);
    fitOptions.epochs =
        epochs ? epochs : (method == FinetuneMethod::AdaRound ? 40 : 10);
    // The last change, to restore when the output got worse.
    Layer *pending = nullptr;
    ft::FitResult pendingFit;
    double best = 0;
    auto settle = [&](double nsr) -> LogicalResult {
      if (!pending)
        return success();
      if (nsr < best) {
        best = nsr;
        record(*pending, pendingFit, "kept");
      } else {
        writeParams(*pending, pending->floatParams);
        record(*pending, pendingFit, "restored");
        std::string line =
            llvm::formatv("fast finetune {0}: restored, the network output's "
                          "noise-to-signal ratio rose to {1:e} from {2:e}",
                          layerName(*pending), nsr, best);
        say(pending->op, line);
      }
      pending = nullptr;
      return success();
    };
    for (size_t i = 0; i < layers.size(); ++i) {
      Layer &l = *layers[i];
      FailureOr<double> nsr = quantizedPass(l);
      if (failed(nsr))
        return failure();
      if (i == 0) {
        best = *nsr;
      } else if (pending && *nsr >= best) {
        // The previous layer's change is undone, and this layer's
        // quantized rows must be taken again without it.
        (void)settle(*nsr);
        nsr = quantizedPass(l);
        if (failed(nsr))
          return failure();
      } else {
        (void)settle(*nsr);
      }
      auto start = std::chrono::steady_clock::now();
      ft::LayerFit fit(l.spec, l.rows, l.floatParams, threads);
      ft::FitResult result = method == FinetuneMethod::AdaRound
                                 ? ft::adaRound(fit, fitOptions)
                                 : ft::adaQuant(fit, fitOptions);
      double seconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
      l.rows.floatInput = {};
      l.rows.quantInput = {};
      std::string line = llvm::formatv(
          "fast finetune {0}/{1} {2}: loss {3:e} -> {4:e} in {5:f1} s{6}",
          i + 1, layers.size(), layerName(l), result.lossBefore,
          result.lossAfter, seconds, result.improved ? "" : ", unchanged");
      say(l.op, line);
      if (!result.improved) {
        record(l, result, "unchanged");
        continue;
      }
      writeParams(l, result.params);
      pending = &l;
      pendingFit = result;
    }
    if (pending) {
      FailureOr<double> nsr = checkPass();
      if (failed(nsr))
        return failure();
      (void)settle(*nsr);
    }
    return success();
  }
};

struct FastFinetunePass
    : public nndct::impl::FastFinetunePassBase<FastFinetunePass> {
  using Base::Base;
  FastFinetunePass(FastFinetunePassOptions options,
                   std::shared_ptr<CalibrationSource> source)
      : Base(std::move(options)), dataSource(std::move(source)) {}

  /// The samples when given in C++ (else the `data` files).
  std::shared_ptr<CalibrationSource> dataSource;

  std::string optionProblem() const {
    return options::firstProblem(
        {options::checkRange("rows", rows, 1, INT32_MAX),
         options::checkRange("epochs", epochs, 0, 100000),
         options::checkRange("max-memory", maxMemory, 1, INT32_MAX),
         options::checkRange("check-samples", checkSamples, 1, INT32_MAX),
         options::checkRange("seed", seed, 0, INT64_MAX),
         options::checkThreads(threads)});
  }
  LogicalResult initializeOptions(
      StringRef options,
      function_ref<LogicalResult(const Twine &)> errorHandler) override {
    return options::initializeChecked<Base>(*this, options, errorHandler);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<DataPassInputs> in = openDataPass(
        module, getArgument(), optionProblem(), dataSource, data, entry);
    if (failed(in))
      return signalPassFailure();
    Settings settings;
    settings.method = method;
    settings.rows = rows;
    settings.epochs = epochs;
    settings.maxMemory = maxMemory;
    settings.checkSamples = checkSamples;
    settings.seed = uint64_t(int64_t(seed));
    settings.threads = threads;
    bool finetuned = false;
    if (failed(Finetuner(in->func, settings).run(in->samples, finetuned)))
      return signalPassFailure();
    if (finetuned)
      module->setAttr(kFastFinetunedAttr, UnitAttr::get(&getContext()));
  }
};

} // namespace

std::unique_ptr<Pass>
mlir::nndct::createFastFinetunePass(const FastFinetunePassOptions &options,
                                    std::shared_ptr<CalibrationSource> source) {
  return std::make_unique<FastFinetunePass>(options, std::move(source));
}

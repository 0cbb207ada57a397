//===- BiasCorrection.cpp - biases absorb the mean quantization error
//------===//
//
// nndct-bias-correction: vai_q_pytorch's default accuracy fix. Quantizing
// weights and inputs shifts each conv/linear output channel by a mean error;
// moving the bias against it removes it at no run-time cost. Two methods:
// `vai` (stepwise, each layer against its own float twin, with vai's stop
// rule from BiasCorrectionRule.h) and `full` (one-shot mean of the
// accumulated network error). See CalibrationPasses.td.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "ir/numerics/FixArithmetic.h"
#include "ir/numerics/FixPointSelection.h"
#include "passes/BiasCorrectionRule.h"
#include "passes/Calibration.h"
#include "passes/CalibrationData.h"
#include "passes/OptionChecks.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_BIASCORRECTIONPASS
#include "passes/CalibrationPasses.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;
namespace fx = mlir::nndct::fixpoint;

namespace {

/// Per-output-channel sums of one op's output.
struct ChannelSums {
  int64_t channelDim = 1;
  std::vector<double> sum[2]; // [float, quantized]
  int64_t count = 0;          // elements per channel (float runs)
};

struct SumObserver : TensorObserver {
  DenseMap<Operation *, ChannelSums *> targets;
  int which = 0;
  void observe(Operation *op, unsigned, const Tensor &t) override {
    auto it = targets.find(op);
    if (it == targets.end())
      return;
    ChannelSums &s = *it->second;
    int64_t dim = s.channelDim < 0 ? int64_t(t.shape.size()) - 1 : s.channelDim;
    int64_t channels = t.shape[dim], inner = 1;
    for (size_t d = dim + 1; d < t.shape.size(); ++d)
      inner *= t.shape[d];
    std::vector<double> &acc = s.sum[which];
    acc.resize(channels, 0.0);
    for (int64_t i = 0; i < int64_t(t.data.size()); ++i)
      acc[(i / inner) % channels] += t.data[i];
    if (which == 0)
      s.count += t.numElements() / channels;
  }
};

struct BiasCorrectionPass
    : public nndct::impl::BiasCorrectionPassBase<BiasCorrectionPass> {
  using Base::Base;
  BiasCorrectionPass(BiasCorrectionPassOptions options,
                     std::shared_ptr<CalibrationSource> source)
      : Base(std::move(options)), dataSource(std::move(source)) {}

  /// The samples when given in C++ (else the `data` files).
  std::shared_ptr<CalibrationSource> dataSource;

  std::string optionProblem() const {
    return options::firstProblem({options::checkRate(rate),
                                  options::checkBatch(batch),
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
    func::FuncOp func = in->func;
    std::shared_ptr<CalibrationSource> samples = in->samples;

    // Quantized conv/linear ops (weight behind a fix with a fix point).
    std::vector<std::unique_ptr<ChannelSums>> sums;
    SmallVector<Operation *> targets;
    SumObserver observer;
    bool missing = false;
    func.walk([&](Operation *op) {
      if (!isa<Conv2DOp, ConvTranspose2DOp, LinearOp>(op))
        return;
      auto wfix = op->getOperand(1).getDefiningOp<FixOp>();
      if (!wfix)
        return;
      if (!wfix.getFixPoint()) {
        wfix.emitError("nndct-bias-correction needs fix points; run "
                       "nndct-assign-fix-points first");
        missing = true;
        return;
      }
      auto s = std::make_unique<ChannelSums>();
      s->channelDim = isa<LinearOp>(op) ? -1 : 1;
      observer.targets[op] = s.get();
      targets.push_back(op);
      sums.push_back(std::move(s));
    });
    if (missing)
      return signalPassFailure();
    if (targets.empty())
      return;

    auto source = CalibrationData::open(func, samples);
    if (failed(source))
      return signalPassFailure();
    if (method == BiasCorrectionMethod::Vai) {
      if (failed(runVai(func, targets, **source)))
        return signalPassFailure();
      module->setAttr(kBiasCorrectedAttr, UnitAttr::get(&getContext()));
      return;
    }
    DataProgress progress(**source, "bias correction",
                          2 * (*source)->numSamples());
    for (int which = 0; which < 2; ++which) {
      InterpreterOptions options;
      options.mode = which ? ExecutionMode::FakeQuant : ExecutionMode::Float;
      options.threads = threads;
      auto interp = Interpreter::create(func, options);
      if (failed(interp))
        return signalPassFailure();
      observer.which = which;
      int64_t runs = (*source)->numSamples() / (*source)->runBatch();
      for (int64_t r = 0; r < runs; ++r) {
        auto inputs = (*source)->readRun(r);
        if (failed(inputs) || failed((*interp)->run(*inputs, &observer)))
          return signalPassFailure();
        progress.advance((*source)->runBatch());
      }
    }

    for (auto [op, s] : llvm::zip(targets, sums)) {
      if (s->count == 0)
        continue;
      if (failed(correct(op, *s)))
        return signalPassFailure();
    }
    module->setAttr(kBiasCorrectedAttr, UnitAttr::get(&getContext()));
  }

  /// `full`: the bias minus the whole mean error.
  LogicalResult correct(Operation *op, const ChannelSums &s) {
    int64_t channels = int64_t(s.sum[0].size());
    std::vector<double> shift(channels);
    for (int64_t c = 0; c < channels; ++c)
      shift[c] = (s.sum[1][c] - s.sum[0][c]) / double(s.count);
    return writeBias(op, channels, [&](std::vector<float> &bias) {
      for (int64_t c = 0; c < channels; ++c)
        bias[c] -= float(shift[c]);
    });
  }

  /// Replaces `op`'s bias (a zero bias when it has none) by
  /// update(current bias values), behind its bias fix (a new one when it
  /// had none or shares it).
  LogicalResult
  writeBias(Operation *op, int64_t channels,
            llvm::function_ref<void(std::vector<float> &)> update) {
    OpBuilder builder(op);
    Value biasOperand = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
    FixOp biasFix = biasOperand ? biasOperand.getDefiningOp<FixOp>() : FixOp();
    std::vector<float> bias(channels, 0.0f);
    std::string name = "bias";
    if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
      name = (loc.getName().getValue() + ".bias").str();
    if (biasFix) {
      ElementsAttr value = getConstantValue(biasFix.getInput());
      auto values = value ? readFloats(value) : std::nullopt;
      if (!values)
        return op->emitError(
            "nndct-bias-correction: bias is not a constant with data");
      bias = *values;
      name = resourceName(value, name);
    } else if (biasOperand) {
      return success(); // a float bias: nothing quantized to correct
    }
    update(bias);

    int64_t bits = 8;
    if (auto wfix = op->getOperand(1).getDefiningOp<FixOp>())
      bits = wfix.getBitWidth();
    int64_t fp = std::min(
        fx::diffsFixPoint(bias.data(), channels, bits, Rounding::StdRound),
        fx::maxFixPoint(bits));
    // A bias fix only this op reads keeps its place (test mode, which
    // takes the corrected values from the bundle, builds the same graph).
    if (biasFix && biasFix->hasOneUse()) {
      replaceFixInputData(biasFix, bias, name + ".corrected");
      biasFix.setFixPointAttr(builder.getI64IntegerAttr(fp));
      return success();
    }
    auto type = RankedTensorType::get({channels}, builder.getF32Type());
    // The corrected bias keeps the parameter's name (quant_info.json key).
    Value constant =
        biasFix ? replaceFloatData(builder, biasFix.getInput(), bias,
                                   name + ".corrected")
                : createFloatConstant(builder, op->getLoc(), type, name, bias);
    auto fix = FixOp::create(
        builder, op->getLoc(), type, constant,
        FixKindAttr::get(op->getContext(), FixKind::bias),
        RoundModeAttr::get(op->getContext(), RoundMode::std_round),
        builder.getI64IntegerAttr(bits), builder.getI64IntegerAttr(fp),
        builder.getBoolAttr(true), CalibStatsAttr());
    if (biasOperand) {
      op->setOperand(2, fix);
      if (biasFix->use_empty()) {
        Operation *c = biasFix.getInput().getDefiningOp();
        biasFix->erase();
        if (c && c->use_empty())
          c->erase();
      }
    } else if (auto conv = dyn_cast<Conv2DOp>(op)) {
      conv.getBiasMutable().assign(fix);
    } else if (auto convT = dyn_cast<ConvTranspose2DOp>(op)) {
      convT.getBiasMutable().assign(fix);
    } else if (auto linear = dyn_cast<LinearOp>(op)) {
      linear.getBiasMutable().assign(fix);
    }
    return success();
  }

  //===--------------------------------------------------------------------===//
  // method=vai
  //===--------------------------------------------------------------------===//

  /// One layer under vai's correction.
  struct VaiLayer {
    Operation *op = nullptr;
    /// The float layer (float weight, original bias), run on this run's
    /// input through the interpreter's reference kernels.
    std::unique_ptr<OpRunner> twin;
    int64_t channels = 0,
            inner = 1;          ///< output channel count and elements after it
    Tensor weight, bias0;       ///< float weight, original float bias
    std::vector<float> bias;    ///< current float bias
    std::vector<float> applied; ///< quantized bias the IR applies
    std::vector<float> delta;   ///< quantized(bias) - applied
    int64_t biasBits = 8;
    FixOp outFix; ///< the group's output fix, when the layer ends one
    Tensor input; ///< this run's input, captured
    BiasCorrectionState state;
    std::vector<double> errSum;
    double errSq = 0, sigSq = 0;
    int64_t elements = 0;
  };

  /// Captures each layer's input as it is produced (read-only).
  struct VaiInputs : TensorObserver {
    DenseMap<std::pair<Operation *, unsigned>, SmallVector<VaiLayer *>> inputs;

    void observe(Operation *op, unsigned result, const Tensor &t) override {
      auto in = inputs.find({op, result});
      if (in != inputs.end())
        for (VaiLayer *l : in->second)
          if (!l->state.stop)
            l->input = t;
    }
  };

  /// Applies each layer's pending bias change to its output (before any
  /// consumer reads it) and accumulates its error against the float twin.
  struct VaiAdjuster : TensorAdjuster {
    DenseMap<Operation *, VaiLayer *> layers;
    bool failed = false;

    bool adjusts(Operation *op) override { return layers.contains(op); }
    void adjust(Operation *op, unsigned, Tensor &out) override {
      if (mlir::failed(process(*layers.lookup(op), out)))
        failed = true;
    }

    /// Calls fn(channel, begin, end) for each run of one channel's
    /// elements in an [..., channels, inner] tensor of n elements.
    template <typename Fn>
    static void byChannel(const VaiLayer &l, int64_t n, Fn &&fn) {
      for (int64_t begin = 0, c = 0; begin < n; begin += l.inner) {
        fn(c, begin, begin + l.inner);
        c = c + 1 == l.channels ? 0 : c + 1;
      }
    }

    LogicalResult process(VaiLayer &l, Tensor &out) {
      int64_t n = out.numElements();
      // The corrected bias: the interpreter applied the IR's quantized bias;
      // shift the output by the difference.
      byChannel(l, n, [&](int64_t c, int64_t begin, int64_t end) {
        float d = l.delta[c];
        for (int64_t e = begin; e < end; ++e)
          out.data[e] += d;
      });
      if (l.state.stop)
        return success();
      std::vector<float> quant = out.data;
      if (l.outFix)
        fixArray(quant.data(), quant.data(), n,
                 int64_t(*l.outFix.getFixPoint()), l.outFix.getRounding(),
                 l.outFix.getRange());
      FailureOr<std::vector<Tensor>> twin =
          l.twin->run({&l.input, &l.weight, &l.bias0});
      if (mlir::failed(twin))
        return failure();
      const std::vector<float> &ref = (*twin)[0].data;
      l.errSum.resize(l.channels, 0.0);
      byChannel(l, n, [&](int64_t c, int64_t begin, int64_t end) {
        double sum = 0, sq = 0, sig = 0;
        for (int64_t e = begin; e < end; ++e) {
          double err = double(quant[e]) - double(ref[e]);
          sum += err;
          sq += err * err;
          sig += double(ref[e]) * double(ref[e]);
        }
        l.errSum[c] += sum;
        l.errSq += sq;
        l.sigSq += sig;
      });
      l.elements += n;
      return success();
    }
  };

  static int64_t biasFixPoint(const std::vector<float> &b, int64_t bits) {
    return std::min(fx::diffsFixPoint(b.data(), int64_t(b.size()), bits,
                                      Rounding::StdRound),
                    fx::maxFixPoint(bits));
  }

  /// Reads `op`'s float weight and bias; fails (returns false) for layers
  /// vai leaves alone (no quantized bias, unreadable constants).
  static bool makeVaiLayer(Operation *op, VaiLayer &l) {
    auto shape = [](Value v) {
      return cast<ShapedType>(v.getType()).getShape();
    };
    auto wfix = op->getOperand(1).getDefiningOp<FixOp>();
    auto bfix = op->getNumOperands() > 2
                    ? op->getOperand(2).getDefiningOp<FixOp>()
                    : FixOp();
    if (!wfix || !bfix || !bfix.getFixPoint())
      return false;
    auto w = readFloats(getConstantValue(wfix.getInput()));
    auto b = readFloats(getConstantValue(bfix.getInput()));
    if (!w || !b)
      return false;
    l.op = op;
    l.weight.shape.assign(shape(op->getOperand(1)).begin(),
                          shape(op->getOperand(1)).end());
    l.weight.data = std::move(*w);
    l.bias0.shape.assign(shape(op->getOperand(2)).begin(),
                         shape(op->getOperand(2)).end());
    l.bias0.data = *b;
    l.bias = std::move(*b);
    l.biasBits = bfix.getBitWidth();
    l.channels = int64_t(l.bias.size());
    FixRange range = bfix.getRange();
    l.applied.resize(l.channels);
    fixArray(l.bias0.data.data(), l.applied.data(), l.channels,
             int64_t(*bfix.getFixPoint()), bfix.getRounding(), range);
    l.delta.assign(l.channels, 0.0f);
    Value result = op->getResult(0);
    if (result.hasOneUse())
      if (auto fix = dyn_cast<FixOp>(*result.getUsers().begin()))
        if (fix.getFixPoint())
          l.outFix = fix;
    ArrayRef<int64_t> out = shape(result);
    l.inner = isa<LinearOp>(op) ? 1 : out[2] * out[3];
    return true;
  }

  LogicalResult runVai(func::FuncOp func, ArrayRef<Operation *> targets,
                       CalibrationData &source) {
    std::vector<std::unique_ptr<VaiLayer>> layers;
    VaiInputs observer;
    VaiAdjuster adjuster;
    // Layers whose input is a function argument read it from the run's inputs.
    SmallVector<std::pair<unsigned, VaiLayer *>> argInputs;
    // The float twins run the interpreter's own (oneDNN) kernel with the
    // float weight and bias as constants: prepared once, as fast as the
    // layer itself.
    InterpreterOptions twinOptions;
    twinOptions.mode = ExecutionMode::Float;
    twinOptions.threads = threads;
    for (Operation *op : targets) {
      auto l = std::make_unique<VaiLayer>();
      if (!makeVaiLayer(op, *l))
        continue;
      auto twin =
          OpRunner::create(op, twinOptions, {nullptr, &l->weight, &l->bias0});
      if (failed(twin))
        return failure();
      l->twin = std::move(*twin);
      Value in = op->getOperand(0);
      if (auto arg = dyn_cast<BlockArgument>(in))
        argInputs.push_back({arg.getArgNumber(), l.get()});
      else
        observer
            .inputs[{in.getDefiningOp(), cast<OpResult>(in).getResultNumber()}]
            .push_back(l.get());
      adjuster.layers[op] = l.get();
      layers.push_back(std::move(l));
    }
    if (layers.empty())
      return success();

    InterpreterOptions options;
    options.mode = ExecutionMode::FakeQuant;
    options.threads = threads;
    auto interp = Interpreter::create(func, options);
    if (failed(interp))
      return failure();
    int64_t runBatch = source.runBatch();
    int64_t runs = source.numSamples() / runBatch;
    int64_t perStep =
        batch > 0 ? std::max<int64_t>(1, (batch + runBatch - 1) / runBatch) : 1;
    DataProgress progress(source, "bias correction", source.numSamples());
    for (int64_t r = 0; r < runs; ++r) {
      auto inputs = source.readRun(r);
      if (failed(inputs))
        return failure();
      for (auto [arg, l] : argInputs)
        if (!l->state.stop)
          l->input = (*inputs)[arg];
      if (failed((*interp)->run(*inputs, &observer, &adjuster)) ||
          adjuster.failed)
        return failure();
      progress.advance(runBatch);
      if ((r + 1) % perStep != 0 && r + 1 != runs)
        continue;
      // End of a step: vai's rule per layer, then the new quantized bias.
      for (auto &l : layers) {
        if (l->state.stop || l->elements == 0)
          continue;
        double rateNow =
            biasCorrectionStep(l->state, l->sigSq / double(l->elements),
                               l->errSq / double(l->elements), rate);
        if (rateNow > 0) {
          double perChannel = double(l->elements) / double(l->channels);
          for (int64_t c = 0; c < l->channels; ++c)
            l->bias[c] -= float(rateNow * l->errSum[c] / perChannel);
          FixRange range = fixRange(l->biasBits, true);
          int64_t fp = biasFixPoint(l->bias, l->biasBits);
          for (int64_t c = 0; c < l->channels; ++c)
            l->delta[c] = fixValue(l->bias[c], fp, Rounding::StdRound, range) -
                          l->applied[c];
        }
        l->errSum.assign(l->channels, 0.0);
        l->errSq = l->sigSq = 0;
        l->elements = 0;
        if (l->state.stop)
          l->input = Tensor();
      }
    }
    for (auto &l : layers) {
      if (l->bias == l->bias0.data)
        continue;
      if (failed(writeBias(l->op, l->channels,
                           [&](std::vector<float> &b) { b = l->bias; })))
        return failure();
    }
    return success();
  }
};

} // namespace

std::unique_ptr<Pass> mlir::nndct::createBiasCorrectionPass(
    const BiasCorrectionPassOptions &options,
    std::shared_ptr<CalibrationSource> source) {
  return std::make_unique<BiasCorrectionPass>(options, std::move(source));
}

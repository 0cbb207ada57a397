//===- MeasureOutputGains.cpp - how much a fix's noise reaches the output -===//
//
// nndct-measure-output-gains: the output gain of each fix the exact
// fix-point solver weighs, measured with the float interpreter and one
// TensorAdjuster that applies that fix alone, recorded as
// `nndct.output_gain` for nndct-legalize-fix-points' costs.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "ir/EntryFunction.h"
#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "ir/numerics/FixArithmetic.h"
#include "passes/Calibration.h"
#include "passes/CalibrationData.h"
#include "passes/OptionChecks.h"
#include "passes/fixpoints/ProblemFromIR.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_MEASUREOUTPUTGAINSPASS
#include "passes/CalibrationPasses.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// Applies one fix (in a float run) and sums its tensor's energy and the
/// noise the fix adds to it.
struct ApplyOneFix : TensorAdjuster {
  Operation *fix = nullptr;
  int64_t fixPoint = 0;
  Rounding mode = Rounding::HalfUp;
  FixRange range;
  double noise = 0, energy = 0;

  bool adjusts(Operation *op) override { return op == fix; }
  void adjust(Operation *, unsigned, Tensor &t) override {
    for (float &x : t.data) {
      float q = fixValue(x, fixPoint, mode, range);
      double d = double(q) - double(x);
      noise += d * d;
      energy += double(x) * double(x);
      x = q;
    }
  }
};

/// Float runs over a few samples, with their outputs kept as the
/// reference.
class GainMeter {
public:
  static FailureOr<std::unique_ptr<GainMeter>> create(func::FuncOp func,
                                                      CalibrationData &data,
                                                      int64_t samples,
                                                      int threads) {
    auto meter = std::make_unique<GainMeter>();
    InterpreterOptions options;
    options.mode = ExecutionMode::Float;
    options.threads = threads;
    auto interp = Interpreter::create(func, options);
    if (failed(interp))
      return failure();
    meter->interp = std::move(*interp);
    int64_t runs = std::max<int64_t>(1, std::min(samples, data.numSamples()) /
                                            data.runBatch());
    for (int64_t r = 0; r < runs; ++r) {
      FailureOr<std::vector<Tensor>> in = data.readRun(r);
      if (failed(in))
        return failure();
      FailureOr<std::vector<Tensor>> out = meter->interp->run(*in);
      if (failed(out))
        return failure();
      for (const Tensor &t : *out)
        for (float v : t.data)
          meter->outputEnergy += double(v) * double(v);
      meter->inputs.push_back(std::move(*in));
      meter->reference.push_back(std::move(*out));
    }
    return meter;
  }

  /// The gain of `fix`: the output's noise-to-signal ratio over the
  /// tensor's, with only `fix` applied. A fix that changes nothing at its
  /// fix point is measured one step coarser; a tensor or output without
  /// energy, or a fix that changes nothing either way, has gain 1.
  FailureOr<double> measure(FixOp fix) {
    int64_t fp = *fix.getFixPoint();
    for (int64_t attempt : {fp, fp - 1}) {
      ApplyOneFix apply;
      apply.fix = fix;
      apply.fixPoint = attempt;
      apply.mode = fix.getRounding();
      apply.range = fix.getRange();
      double outputNoise = 0;
      for (size_t r = 0; r < inputs.size(); ++r) {
        FailureOr<std::vector<Tensor>> out =
            interp->run(inputs[r], nullptr, &apply);
        if (failed(out))
          return failure();
        for (size_t k = 0; k < out->size(); ++k)
          for (size_t i = 0; i < (*out)[k].data.size(); ++i) {
            double d =
                double((*out)[k].data[i]) - double(reference[r][k].data[i]);
            outputNoise += d * d;
          }
      }
      if (apply.energy == 0 || outputEnergy == 0)
        return 1.0;
      if (apply.noise > 0)
        return (outputNoise / outputEnergy) / (apply.noise / apply.energy);
    }
    return 1.0;
  }

private:
  std::unique_ptr<Interpreter> interp;
  std::vector<std::vector<Tensor>> inputs, reference;
  double outputEnergy = 0;
};

struct MeasureOutputGainsPass
    : public nndct::impl::MeasureOutputGainsPassBase<MeasureOutputGainsPass> {
  using Base::Base;
  MeasureOutputGainsPass(MeasureOutputGainsPassOptions options,
                         std::shared_ptr<CalibrationSource> source)
      : Base(std::move(options)), dataSource(std::move(source)) {}

  /// The samples when given in C++ (else the `data` files).
  std::shared_ptr<CalibrationSource> dataSource;

  std::string optionProblem() const {
    return options::firstProblem(
        {options::checkRange("samples", samples, 1, INT32_MAX),
         options::checkRange("max-move", maxMove, 0, 64),
         options::checkThreads(threads)});
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
    if (!dataSource && data.empty()) {
      getOperation().emitError(
          "nndct-measure-output-gains: needs data=<file.npy>[,...]");
      return signalPassFailure();
    }
    FailureOr<func::FuncOp> func = lookupEntryFunction(
        getOperation(), entry, "nndct-measure-output-gains");
    if (failed(func))
      return signalPassFailure();
    const TargetModel *target = getTargetModel(*func);
    if (!target)
      return;

    // The data and the interpreter are only opened when a gain is asked.
    std::unique_ptr<GainMeter> meter;
    bool failedToMeasure = false;
    auto gainOf = [&](FixOp fix) -> double {
      if (fix->hasAttr(kOutputGainAttrName))
        return recordedOutputGain(fix);
      if (failedToMeasure)
        return 1.0;
      if (!meter) {
        auto opened = CalibrationData::open(
            *func, dataSource ? dataSource : npyCalibrationSource(data));
        FailureOr<std::unique_ptr<GainMeter>> created = failure();
        if (succeeded(opened))
          created = GainMeter::create(*func, **opened, samples, threads);
        if (failed(created)) {
          failedToMeasure = true;
          return 1.0;
        }
        meter = std::move(*created);
      }
      FailureOr<double> gain = meter->measure(fix);
      if (failed(gain)) {
        failedToMeasure = true;
        return 1.0;
      }
      fix->setAttr(kOutputGainAttrName,
                   FloatAttr::get(Float64Type::get(&getContext()), *gain));
      ++numMeasured;
      return *gain;
    };
    ProblemOptions options;
    options.maxMove = maxMove;
    options.outputGain = gainOf;
    FixPointProblem p = buildFixPointProblem(*func, *target, options);
    // The solver reads the cost curve (and so the gain) of every fix in
    // its windows; the answer, or a conflict, is legalization's to apply
    // or report.
    (void)fixpoints::solveExact(p.problem);
    if (failedToMeasure)
      return signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> mlir::nndct::createMeasureOutputGainsPass(
    const MeasureOutputGainsPassOptions &options,
    std::shared_ptr<CalibrationSource> source) {
  return std::make_unique<MeasureOutputGainsPass>(options, std::move(source));
}

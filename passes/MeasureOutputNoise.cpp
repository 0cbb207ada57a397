//===- MeasureOutputNoise.cpp - what a fix does to the network output -----===//
//
// nndct-measure-output-noise: for each fix the exact fix-point solver
// weighs, the network output's noise-to-signal ratio with that fix moved
// to a few fix points and every other fix at its own, measured by an
// OutputNoiseMeter (FixProbes.h: fake-quant runs, the output compared
// before a final softmax or sigmoid), recorded as `nndct.output_noise` for
// nndct-legalize-fix-points' costs.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "passes/Calibration.h"
#include "passes/CalibrationData.h"
#include "passes/FixProbes.h"
#include "passes/OptionChecks.h"
#include "passes/fixpoints/ProblemFromIR.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_MEASUREOUTPUTNOISEPASS
#include "passes/CalibrationPasses.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// The output noise of `fix` at its fix point and `radius` on each side.
FailureOr<OutputNoise> measure(OutputNoiseMeter &meter, FixOp fix,
                               int64_t radius) {
  OutputNoise noise;
  noise.fixPoint = *fix.getFixPoint();
  for (int64_t k = noise.fixPoint - radius; k <= noise.fixPoint + radius; ++k) {
    FailureOr<double> nsr = meter.outputNSR(fix, k);
    if (failed(nsr))
      return failure();
    noise.nsr.push_back(*nsr);
  }
  return noise;
}

struct MeasureOutputNoisePass
    : public nndct::impl::MeasureOutputNoisePassBase<MeasureOutputNoisePass> {
  using Base::Base;
  MeasureOutputNoisePass(MeasureOutputNoisePassOptions options,
                         std::shared_ptr<CalibrationSource> source)
      : Base(std::move(options)), dataSource(std::move(source)) {}

  /// The samples when given in C++ (else the `data` files).
  std::shared_ptr<CalibrationSource> dataSource;

  std::string optionProblem() const {
    return options::firstProblem(
        {options::checkRange("samples", samples, 1, INT32_MAX),
         options::checkRange("radius", radius, 0, 16),
         options::checkRange("max-move", maxMove, 0, 64),
         options::checkThreads(threads)});
  }
  LogicalResult initializeOptions(
      StringRef options,
      function_ref<LogicalResult(const Twine &)> errorHandler) override {
    return options::initializeChecked<Base>(*this, options, errorHandler);
  }

  void runOnOperation() override {
    FailureOr<DataPassInputs> in =
        openDataPass(getOperation(), getArgument(), optionProblem(), dataSource,
                     data, entry);
    if (failed(in))
      return signalPassFailure();
    func::FuncOp func = in->func;
    const TargetModel *target = getTargetModel(func);
    if (!target)
      return;

    // The data and the interpreter are only opened when a fix needs measuring.
    std::unique_ptr<OutputNoiseMeter> meter;
    bool failedToMeasure = false;
    auto noiseOf = [&](FixOp fix) -> std::optional<OutputNoise> {
      if (std::optional<OutputNoise> recorded = recordedOutputNoise(fix))
        return recorded;
      if (failedToMeasure)
        return std::nullopt;
      if (!meter) {
        auto opened = CalibrationData::open(func, in->samples);
        FailureOr<std::unique_ptr<OutputNoiseMeter>> created = failure();
        if (succeeded(opened))
          created = OutputNoiseMeter::create(func, **opened, samples, threads);
        if (failed(created)) {
          failedToMeasure = true;
          return std::nullopt;
        }
        meter = std::move(*created);
      }
      FailureOr<OutputNoise> noise = measure(*meter, fix, radius);
      if (failed(noise)) {
        failedToMeasure = true;
        return std::nullopt;
      }
      recordOutputNoise(fix, *noise);
      ++numMeasured;
      return *noise;
    };
    ProblemOptions options;
    options.maxMove = maxMove;
    options.outputNoise = noiseOf;
    FixPointProblem p = buildFixPointProblem(func, *target, options);
    // The solver reads the cost curve (and so the output noise) of every fix in
    // its windows; the answer, or a conflict, is legalization's to apply
    // or report.
    (void)fixpoints::solveExact(p.problem);
    if (failedToMeasure)
      return signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> mlir::nndct::createMeasureOutputNoisePass(
    const MeasureOutputNoisePassOptions &options,
    std::shared_ptr<CalibrationSource> source) {
  return std::make_unique<MeasureOutputNoisePass>(options, std::move(source));
}

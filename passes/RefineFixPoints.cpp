//===- RefineFixPoints.cpp - clipping fix points chosen by the output -----===//
//
// nndct-refine-fix-points: the accuracy-aware objective. Each activation
// fix that clips its calibrated range takes, of the fix points from the
// range's non-overflow one to its own, the one with the least network
// output noise (OutputNoiseMeter), in program order. The meter is made
// again after each change, so the next fix is measured against it.
//
//===----------------------------------------------------------------------===//

#include "ir/EntryFunction.h"
#include "ir/NNDCTOps.h"
#include "ir/numerics/FixPointSelection.h"
#include "passes/Calibration.h"
#include "passes/CalibrationData.h"
#include "passes/FixProbes.h"
#include "passes/OptionChecks.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_REFINEFIXPOINTSPASS
#include "passes/CalibrationPasses.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;
namespace fx = mlir::nndct::fixpoint;

namespace {

/// The fix points below `fix`'s own that clip less, down to the
/// non-overflow fix point of its calibrated range; empty when it does not
/// clip (or has no range).
std::pair<int64_t, int64_t> lessClipping(FixOp fix) {
  CalibStatsAttr stats = fix.getStatsAttr();
  if (!stats || !fix.getFixPoint() ||
      (fix.getKind() != FixKind::activation && fix.getKind() != FixKind::input))
    return {1, 0};
  int64_t fp0 = fx::nonOverflowFixPoint(stats.getMin().convertToDouble(),
                                        stats.getMax().convertToDouble(),
                                        fix.getBitWidth());
  return {fp0, *fix.getFixPoint() - 1};
}

struct RefineFixPointsPass
    : public nndct::impl::RefineFixPointsPassBase<RefineFixPointsPass> {
  using Base::Base;
  RefineFixPointsPass(RefineFixPointsPassOptions options,
                      std::shared_ptr<CalibrationSource> source)
      : Base(std::move(options)), dataSource(std::move(source)) {}

  /// The samples when given in C++ (else the `data` files).
  std::shared_ptr<CalibrationSource> dataSource;

  std::string optionProblem() const {
    return options::firstProblem(
        {options::checkRange("samples", samples, 1, INT32_MAX),
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
    std::shared_ptr<CalibrationSource> samplesSource =
        passSamples(dataSource, data, getArgument(), getOperation());
    if (!samplesSource)
      return signalPassFailure();
    FailureOr<func::FuncOp> func =
        lookupEntryFunction(getOperation(), entry, "nndct-refine-fix-points");
    if (failed(func))
      return signalPassFailure();
    SmallVector<FixOp> candidates;
    func->walk([&](FixOp fix) {
      auto [lo, hi] = lessClipping(fix);
      if (lo <= hi)
        candidates.push_back(fix);
    });
    if (candidates.empty())
      return;
    auto opened = CalibrationData::open(*func, samplesSource);
    if (failed(opened))
      return signalPassFailure();
    DataProgress progress(**opened, "refining fix points",
                          int64_t(candidates.size()));
    std::unique_ptr<OutputNoiseMeter> meter;
    for (FixOp fix : candidates) {
      if (!meter) {
        auto created =
            OutputNoiseMeter::create(*func, **opened, samples, threads);
        if (failed(created))
          return signalPassFailure();
        meter = std::move(*created);
      }
      int64_t own = *fix.getFixPoint(), best = own;
      FailureOr<double> bestNSR = meter->outputNSR(fix, own);
      if (failed(bestNSR))
        return signalPassFailure();
      auto [lo, hi] = lessClipping(fix);
      for (int64_t k = hi; k >= lo; --k) {
        FailureOr<double> nsr = meter->outputNSR(fix, k);
        if (failed(nsr))
          return signalPassFailure();
        if (*nsr < *bestNSR) {
          best = k;
          bestNSR = nsr;
        }
      }
      ++numMeasured;
      progress.advance(1);
      if (best == own)
        continue;
      fix.setFixPointAttr(
          IntegerAttr::get(IntegerType::get(&getContext(), 64), best));
      ++numChanged;
      meter.reset();
    }
  }
};

} // namespace

std::unique_ptr<Pass> mlir::nndct::createRefineFixPointsPass(
    const RefineFixPointsPassOptions &options,
    std::shared_ptr<CalibrationSource> source) {
  return std::make_unique<RefineFixPointsPass>(options, std::move(source));
}

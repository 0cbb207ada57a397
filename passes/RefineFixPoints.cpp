//===- RefineFixPoints.cpp - clipping fix points chosen by the output -----===//
//
// nndct-refine-fix-points: the accuracy-aware objective. Each activation
// fix that clips its calibrated range takes, of the fix points from the
// range's non-overflow one to its own, the one with the least network
// output noise (OutputNoiseMeter), in program order. The meter is made
// again after each change, so the next fix is measured against it.
//
//===----------------------------------------------------------------------===//

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

/// The non-overflow fix point of `fix`'s calibrated range when its own fix
/// point is finer (it clips); nullopt otherwise (or with no range).
std::optional<int64_t> unclippedFixPoint(FixOp fix) {
  CalibStatsAttr stats = fix.getStatsAttr();
  if (!stats || !fix.getFixPoint() ||
      (fix.getKind() != FixKind::activation && fix.getKind() != FixKind::input))
    return std::nullopt;
  int64_t fp0 = fx::nonOverflowFixPoint(stats.getMin().convertToDouble(),
                                        stats.getMax().convertToDouble(),
                                        fix.getBitWidth());
  if (fp0 >= *fix.getFixPoint())
    return std::nullopt;
  return fp0;
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
    FailureOr<DataPassInputs> in =
        openDataPass(getOperation(), getArgument(), optionProblem(), dataSource,
                     data, entry);
    if (failed(in))
      return signalPassFailure();
    func::FuncOp func = in->func;
    // Each clipping fix with its least clipping candidate.
    SmallVector<std::pair<FixOp, int64_t>> candidates;
    func->walk([&](FixOp fix) {
      if (std::optional<int64_t> fp0 = unclippedFixPoint(fix))
        candidates.push_back({fix, *fp0});
    });
    if (candidates.empty())
      return;
    auto opened = CalibrationData::open(func, in->samples);
    if (failed(opened))
      return signalPassFailure();
    DataProgress progress(**opened, "refining fix points",
                          int64_t(candidates.size()));
    std::unique_ptr<OutputNoiseMeter> meter;
    for (auto [fix, fp0] : candidates) {
      if (!meter) {
        auto created =
            OutputNoiseMeter::create(func, **opened, samples, threads);
        if (failed(created))
          return signalPassFailure();
        meter = std::move(*created);
      }
      int64_t own = *fix.getFixPoint(), best = own;
      FailureOr<double> bestNSR = meter->outputNSR(fix, own);
      if (failed(bestNSR))
        return signalPassFailure();
      for (int64_t k = own - 1; k >= fp0; --k) {
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

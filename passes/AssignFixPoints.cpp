//===- AssignFixPoints.cpp - fix points from calibration statistics
//--------===//
//
// nndct-assign-fix-points: turns the statistics nndct-calibrate stored on
// each fix (or the constant data of weights and biases) into a fix point,
// with vai_q_pytorch's rules (ir/numerics/FixPointSelection.h). Because
// statistics live in the IR, this pass can be re-run with other options without
// any data.
//
//===----------------------------------------------------------------------===//

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "ir/numerics/FixPointSelection.h"
#include "passes/OptionChecks.h"
#include "passes/Passes.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_ASSIGNFIXPOINTSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;
namespace fx = mlir::nndct::fixpoint;

namespace {

struct AssignFixPointsPass
    : public nndct::impl::AssignFixPointsPassBase<AssignFixPointsPass> {
  using Base::Base;
  std::string optionProblem() const {
    return options::checkPercentile(percentile);
  }
  LogicalResult initializeOptions(
      StringRef options,
      function_ref<LogicalResult(const Twine &)> errorHandler) override {
    return options::initializeChecked<Base>(*this, options, errorHandler);
  }

  FailureOr<int64_t> paramFixPoint(FixOp fix) {
    ElementsAttr value = getConstantValue(fix.getInput());
    std::optional<std::vector<float>> data;
    if (value)
      data = readFloats(value);
    if (!data) {
      fix.emitError() << "a " << stringifyFixKind(fix.getKind())
                      << " fix needs a constant input with data";
      return failure();
    }
    int64_t bits = fix.getBitWidth();
    if (paramMethod == ParamMethod::MaxMin)
      return fx::maxMinFixPoint(data->data(), data->size(), bits);
    return fx::diffsFixPoint(data->data(), data->size(), bits,
                             fix.getRounding());
  }

  FailureOr<int64_t> statsFixPoint(FixOp fix) {
    CalibStatsAttr stats = fix.getStatsAttr();
    if (!stats) {
      fix.emitError()
          << "this " << stringifyFixKind(fix.getKind())
          << " fix has no calibration statistics; run nndct-calibrate first";
      return failure();
    }
    int64_t bits = fix.getBitWidth();
    std::optional<CalibrationMethod> method =
        symbolizeChoice<CalibrationMethod>(stats.getMethod());
    if (!method) {
      fix.emitError() << "unknown calibration method '" << stats.getMethod()
                      << "'";
      return failure();
    }
    double min = stats.getMin().convertToDouble(),
           max = stats.getMax().convertToDouble();
    int64_t fp0 = fx::nonOverflowFixPoint(min, max, bits);
    // Inputs are non-overflow always; diffs/maxmin vote over batches.
    if (fix.getKind() == FixKind::input || method == CalibrationMethod::Diffs ||
        method == CalibrationMethod::MaxMin) {
      ArrayRef<int64_t> batches = stats.getBatchFixPoints();
      if (batches.empty()) {
        fix.emitError() << "calibration statistics (method '"
                        << stats.getMethod()
                        << "') have no per-batch fix points";
        return failure();
      }
      return fx::modalVote(
          std::vector<int64_t>(batches.begin(), batches.end()));
    }
    fx::AbsHistogram hist = fx::AbsHistogram::fromCounts(
        stats.getHistAmax().convertToDouble(),
        std::vector<int64_t>(stats.getHistogram().begin(),
                             stats.getHistogram().end()));
    if (hist.empty())
      return fp0; // all-zero or unseen tensor: the non-overflow rule
    switch (*method) {
    case CalibrationMethod::Percentile:
      return fx::fixPointForAmax(fx::percentileAmax(hist, percentile), bits);
    case CalibrationMethod::Mse:
      return fx::histogramMseFixPoint(hist, fp0, bits);
    case CalibrationMethod::Entropy:
      return fx::histogramEntropyFixPoint(hist, fp0, bits);
    case CalibrationMethod::Diffs:
    case CalibrationMethod::MaxMin:
      break;
    }
    llvm_unreachable("diffs and maxmin vote over batches above");
  }

  void runOnOperation() override {
    if (failed(options::reportAtRun(optionProblem(), getArgument(),
                                    getOperation())))
      return signalPassFailure();
    auto result = getOperation().walk([&](FixOp fix) {
      if (fix.getFixPoint() && !overwrite)
        return WalkResult::advance();
      bool param =
          fix.getKind() == FixKind::weight || fix.getKind() == FixKind::bias;
      FailureOr<int64_t> fp = param ? paramFixPoint(fix) : statsFixPoint(fix);
      if (failed(fp))
        return WalkResult::interrupt();
      int64_t clamped = std::min(*fp, fx::maxFixPoint(fix.getBitWidth()));
      fix.setFixPointAttr(
          IntegerAttr::get(IntegerType::get(&getContext(), 64), clamped));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

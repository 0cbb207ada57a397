//===- Calibrate.cpp - gather statistics for every fix --------------------===//
//
// nndct-calibrate: runs the float model over calibration data through the
// interpreter and stores on each input/activation fix what assign-fix-points
// needs: per-batch fix-point candidates (diffs/maxmin, vai's modal vote) or
// a mergeable |x| histogram (percentile/mse/entropy), plus min/max, and the
// squared error at every candidate fix point (from the |x| histogram every
// fix collects) for nndct-legalize-fix-points.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "ir/NNDCTOps.h"
#include "ir/numerics/FixPointSelection.h"
#include "passes/Calibration.h"
#include "passes/CalibrationData.h"
#include "passes/OptionChecks.h"

#include <cmath>
#include <limits>

namespace mlir::nndct {
#define GEN_PASS_DEF_CALIBRATEPASS
#include "passes/CalibrationPasses.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;
namespace fx = mlir::nndct::fixpoint;

namespace {

/// What is gathered for one fix.
struct FixStats {
  FixOp fix;
  bool isInput = false;
  int64_t bits = 8;
  // Whole data set.
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  int64_t samples = 0;
  fx::AbsHistogram histogram;
  std::vector<int64_t> batchFixPoints;
  /// The votes of batches where the tensor was all zeros (used only when
  /// every batch was).
  std::vector<int64_t> zeroBatches;
  // Current batch.
  double batchMin = 0, batchMax = 0;
  bool batchSeen = false;
  int64_t fp0 = 0;
  double errors[fx::kDiffsCandidates] = {};
};

enum class Phase { Range, Errors };

/// Elements per chunk of the candidates' error sums: chunks are summed in
/// order, so the sums do not depend on how many threads computed them.
constexpr int64_t kErrorChunk = int64_t(1) << 16;

/// Feeds every fix's tensor to its FixStats.
struct Collector : TensorObserver {
  DenseMap<Operation *, FixStats *> byOp;
  Phase phase = Phase::Range;
  /// Whether the diffs candidates' errors are gathered.
  bool diffs = false;
  /// Each statistics batch is one run: the range pass gathers the errors
  /// too (the batch's fp0 is this tensor's), no second run.
  bool batchIsRun = false;
  int threads = 1;
  /// The first fix whose tensor held NaN or Inf (statistics of such a
  /// tensor mean nothing; the pass stops with an error on it).
  FixOp firstNonFinite;

  bool observes(Operation *op) override { return byOp.contains(op); }

  void observe(Operation *op, unsigned, const Tensor &t) override {
    auto it = byOp.find(op);
    if (it == byOp.end())
      return;
    FixStats &s = *it->second;
    const float *x = t.data.data();
    int64_t n = int64_t(t.data.size());
    if (phase == Phase::Range) {
      float absMax = addRange(s, x, n);
      // Every fix gets a histogram: the recorded errors come from it.
      s.histogram.add(x, n, absMax, threads);
      if (!batchIsRun || !diffs || s.isInput)
        return;
      s.fp0 = fx::nonOverflowFixPoint(s.batchMin, s.batchMax, s.bits);
    } else if (s.isInput) {
      return;
    }
    addErrors(s, x, n);
  }

  /// Adds the tensor's range to the batch's; returns its largest finite
  /// |x|.
  float addRange(FixStats &s, const float *x, int64_t n) {
    constexpr float kMax = std::numeric_limits<float>::max();
    float lo = std::numeric_limits<float>::infinity(), hi = -lo, absMax = 0;
    bool finite = true;
    for (int64_t i = 0; i < n; ++i) {
      float a = std::fabs(x[i]);
      lo = x[i] < lo ? x[i] : lo;
      hi = x[i] > hi ? x[i] : hi;
      finite &= a <= kMax;
      absMax = a <= kMax && a > absMax ? a : absMax;
    }
    if (!finite && !firstNonFinite)
      firstNonFinite = s.fix;
    if (n == 0)
      return 0;
    s.batchMin = s.batchSeen ? std::min(s.batchMin, double(lo)) : lo;
    s.batchMax = s.batchSeen ? std::max(s.batchMax, double(hi)) : hi;
    s.batchSeen = true;
    return absMax;
  }

  /// The candidates' squared errors, chunks on up to `threads` threads.
  void addErrors(FixStats &s, const float *x, int64_t n) {
    int64_t chunks = (n + kErrorChunk - 1) / kErrorChunk;
    std::vector<double> partial(chunks * fx::kDiffsCandidates);
#pragma omp parallel for schedule(static) num_threads(threads) if (chunks > 1)
    for (int64_t c = 0; c < chunks; ++c) {
      int64_t begin = c * kErrorChunk, end = std::min(n, begin + kErrorChunk);
      fx::squaredErrors(x + begin, end - begin, s.fp0, fx::kDiffsCandidates,
                        s.bits, Rounding::HalfUp,
                        &partial[c * fx::kDiffsCandidates]);
    }
    for (int64_t c = 0; c < chunks; ++c)
      for (int64_t k = 0; k < fx::kDiffsCandidates; ++k)
        s.errors[k] += partial[c * fx::kDiffsCandidates + k];
  }
};

struct CalibratePass : public nndct::impl::CalibratePassBase<CalibratePass> {
  using Base::Base;
  CalibratePass(CalibratePassOptions options,
                std::shared_ptr<CalibrationSource> source)
      : Base(std::move(options)), dataSource(std::move(source)) {}

  /// The samples when given in C++ (else the `data` files).
  std::shared_ptr<CalibrationSource> dataSource;

  std::string optionProblem() const {
    return options::firstProblem(
        {options::checkBatch(batch), options::checkThreads(threads)});
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
    auto source = CalibrationData::open(func, in->samples);
    if (failed(source))
      return signalPassFailure();
    CalibrationData &samples = **source;
    if (samples.numSamples() == 0) {
      func->emitError("calibration data holds no samples");
      return signalPassFailure();
    }
    int64_t runBatch = samples.runBatch();
    int64_t batchSamples = batch > 0 ? int64_t(batch) : runBatch;
    if (batchSamples % runBatch != 0) {
      func->emitError() << "nndct-calibrate: batch=" << batchSamples
                        << " is not a multiple of the function's batch size "
                        << runBatch;
      return signalPassFailure();
    }
    int64_t numRuns = samples.numSamples() / runBatch;
    int64_t runsPerBatch = statistics == CalibrationStatistics::Dataset
                               ? numRuns
                               : batchSamples / runBatch;

    // Fixes whose statistics come from data.
    std::vector<std::unique_ptr<FixStats>> stats;
    Collector collector;
    bool diffs = method == CalibrationMethod::Diffs;
    collector.diffs = diffs;
    collector.batchIsRun = runsPerBatch == 1;
    collector.threads = threads;
    bool keepHistogram = method == CalibrationMethod::Percentile ||
                         method == CalibrationMethod::Mse ||
                         method == CalibrationMethod::Entropy;
    func->walk([&](FixOp fix) {
      if (fix.getKind() != FixKind::input &&
          fix.getKind() != FixKind::activation)
        return;
      auto s = std::make_unique<FixStats>();
      s->fix = fix;
      s->isInput = fix.getKind() == FixKind::input;
      s->bits = fix.getBitWidth();
      collector.byOp[fix] = s.get();
      stats.push_back(std::move(s));
    });

    InterpreterOptions options;
    options.mode = ExecutionMode::Float;
    options.threads = threads;
    auto interp = Interpreter::create(func, options);
    if (failed(interp))
      return signalPassFailure();

    // A per-batch diffs search runs each batch twice (range, then errors).
    int64_t passes = diffs && !collector.batchIsRun ? 2 : 1;
    DataProgress progress(
        samples, passes == 2 ? "calibration (2 passes)" : "calibration",
        passes * samples.numSamples());
    auto runRange = [&](int64_t first, int64_t last) -> LogicalResult {
      for (int64_t r = first; r < last; ++r) {
        auto inputs = samples.readRun(r);
        if (failed(inputs) || failed((*interp)->run(*inputs, &collector)))
          return failure();
        progress.advance(runBatch);
        // The data itself is finite (CalibrationData checks it): the model
        // computed NaN/Inf.
        if (FixOp bad = collector.firstNonFinite)
          return bad.emitError()
                 << "the float model computes NaN or Inf here on calibration "
                    "samples ["
                 << r * runBatch << ", " << (r + 1) * runBatch
                 << "); its statistics would be meaningless (check the weights "
                    "and the data's scale)";
      }
      return success();
    };

    for (int64_t first = 0; first < numRuns; first += runsPerBatch) {
      int64_t last = std::min(numRuns, first + runsPerBatch);
      for (auto &s : stats) {
        s->batchSeen = false;
        std::fill(std::begin(s->errors), std::end(s->errors), 0.0);
      }
      collector.phase = Phase::Range;
      if (failed(runRange(first, last)))
        return signalPassFailure();
      for (auto &s : stats) {
        s->fp0 = fx::nonOverflowFixPoint(s->batchMin, s->batchMax, s->bits);
        s->min = std::min(s->min, s->batchMin);
        s->max = std::max(s->max, s->batchMax);
        s->samples += (last - first) * runBatch;
      }
      if (diffs && !collector.batchIsRun) {
        collector.phase = Phase::Errors;
        if (failed(runRange(first, last)))
          return signalPassFailure();
      }
      for (auto &s : stats) {
        // A batch where the tensor is all zeros (a ReLU that never fired)
        // says nothing of its range: its vote would be the largest fix
        // point, which clips every value the other batches saw.
        if (s->batchMin == 0 && s->batchMax == 0) {
          s->zeroBatches.push_back(s->fp0);
          continue;
        }
        if (s->isInput || method == CalibrationMethod::MaxMin) {
          s->batchFixPoints.push_back(s->fp0);
        } else if (diffs) {
          int64_t best = 0;
          for (int64_t k = 1; k < fx::kDiffsCandidates; ++k)
            if (s->errors[k] < s->errors[best])
              best = k;
          s->batchFixPoints.push_back(s->fp0 + best);
        }
      }
    }

    MLIRContext *ctx = &getContext();
    for (auto &s : stats) {
      // All zero in every batch: the zero batches are all there is.
      if (s->batchFixPoints.empty())
        s->batchFixPoints = std::move(s->zeroBatches);
      auto toAP = [](double v) { return llvm::APFloat(v); };
      int64_t firstFp = fx::nonOverflowFixPoint(s->min, s->max, s->bits) -
                        fx::kErrorCandidatesBelow;
      SmallVector<llvm::APFloat> errors;
      for (double e :
           fx::histogramErrors(s->histogram, firstFp, fx::kErrorCandidates,
                               s->bits, s->fix.getIsSigned()))
        errors.push_back(toAP(e));
      fx::AbsHistogram kept = keepHistogram ? s->histogram : fx::AbsHistogram();
      s->fix.setStatsAttr(CalibStatsAttr::get(
          ctx, stringifyChoice(method.getValue()), s->samples, toAP(s->min),
          toAP(s->max), s->batchFixPoints, toAP(kept.amax()), kept.getCounts(),
          firstFp, errors));
    }
  }
};

} // namespace

std::unique_ptr<Pass>
mlir::nndct::createCalibratePass(const CalibratePassOptions &options,
                                 std::shared_ptr<CalibrationSource> source) {
  return std::make_unique<CalibratePass>(options, std::move(source));
}

//===- FixPointSelection.h - choosing power-of-two fix points ---*- C++ -*-===//
//
// The numerics of choosing a fix point (fp, x ~ q * 2^-fp) the way
// vai_q_pytorch does, as plain C++ on float arrays: the non-overflow fp, the
// 5-candidate `diffs` search, the modal vote over calibration batches, and
// the histogram statistics the percentile / mse / entropy methods use. No
// MLIR here: the calibrate and assign passes call it, and gtests check each
// rule on hand-made tensors.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_NUMERICS_FIXPOINTSELECTION_H
#define NNDCT_IR_NUMERICS_FIXPOINTSELECTION_H

#include "ir/numerics/FixArithmetic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::nndct::fixpoint {

/// The fix point an all-zero tensor gets (vai: "step <= FLT_MIN -> 18").
constexpr int64_t kZeroTensorFixPoint = 18;
/// How many fix points `diffs` tries, starting at the non-overflow one.
constexpr int64_t kDiffsCandidates = 5;
/// Bins of the |x| histogram (as vai's float-scale histogram observers).
constexpr int64_t kHistogramBins = 2048;

/// Fake-quantizes one value in double: clamp(round(x * 2^fp), qmin, qmax) *
/// 2^-fp.
double fix(double x, int64_t fp, int64_t bits, Rounding mode,
           bool isSigned = true);

/// Upper clamp of a fix point: 12 for bit widths <= 8, 15 otherwise.
int64_t maxFixPoint(int64_t bits);

/// The largest fp whose range holds [min, max] without overflow:
/// step = max(min / (-2^(b-1) - 0.5), max / (2^(b-1) - 0.5)),
/// fp = floor(log2(1 / step)); 18 when the tensor is all zero. Unclamped.
int64_t nonOverflowFixPoint(double min, double max, int64_t bits);

/// Sum over `data` of (x - fix(x, fp))^2 in double: element i adds to lane
/// i mod 8, the 8 lane sums are added in lane order. The order is part of
/// the definition, so the result is the same on every machine and vector
/// width (no fused multiply-add contracts it).
double squaredError(const float *data, int64_t n, int64_t fp, int64_t bits,
                    Rounding mode);

/// squaredError at the `count` fix points fp0, fp0 + 1, ... into
/// errors[0..count).
void squaredErrors(const float *data, int64_t n, int64_t fp0, int64_t count,
                   int64_t bits, Rounding mode, double *errors);

/// vai's `diffs`: the fp in [fp0, fp0 + 5) with the smallest squared error
/// (the first, i.e. coarsest, on ties). Unclamped.
int64_t diffsFixPoint(const float *data, int64_t n, int64_t bits,
                      Rounding mode);

/// vai's `maxmin`: the non-overflow fp of the data. Unclamped.
int64_t maxMinFixPoint(const float *data, int64_t n, int64_t bits);

/// The statistical mode of `fps`; ties go to the smallest value (as
/// scipy.stats.mode). `fps` must not be empty.
int64_t modalVote(const std::vector<int64_t> &fps);

/// A histogram of |x| over [0, 2^rangeExp) with kHistogramBins equal bins.
/// The range is always a power of two and only grows (by merging bin pairs),
/// so bin edges are exact binary fractions and the final histogram depends
/// only on the data set, not on how it was cut into batches, in which order
/// batches arrived, or how partial histograms were merged.
class AbsHistogram {
public:
  /// Adds `n` values (NaN and Inf are skipped), binning on up to `threads`
  /// threads (counts are exact: any thread count gives the same histogram).
  void add(const float *data, int64_t n, int threads = 1);
  /// add() when the caller knows the largest finite |x| of the data.
  void add(const float *data, int64_t n, float absMax, int threads);
  /// Adds another histogram's counts (associative and commutative).
  void merge(const AbsHistogram &other);
  /// Restores a histogram stored in the IR.
  static AbsHistogram fromCounts(double amax, std::vector<int64_t> counts);

  bool empty() const { return counts.empty(); }
  /// Upper end of the range (2^rangeExp), 0 when empty.
  double amax() const;
  const std::vector<int64_t> &getCounts() const { return counts; }
  int64_t total() const;

private:
  void growTo(int exp);
  std::vector<int64_t> counts;
  int rangeExp = 0;
};

/// The |x| value below which `percent` % of the samples lie (bin upper edge).
double percentileAmax(const AbsHistogram &h, double percent);

/// The fix point in [fp0, fp0 + 5) (fp0: the tensor's non-overflow fp)
/// whose quantization of the bin centres has the smallest count-weighted
/// squared error; the coarsest on ties. Unclamped.
int64_t histogramMseFixPoint(const AbsHistogram &h, int64_t fp0, int64_t bits);

/// The fix point whose clipping threshold minimises the KL divergence
/// between the clipped reference distribution and its 2^(bits-1)-level
/// quantization (TensorRT-style), over the same 5 candidates. Unclamped.
int64_t histogramEntropyFixPoint(const AbsHistogram &h, int64_t fp0,
                                 int64_t bits);

/// How many fix points the recorded quantization errors cover: from 12
/// coarser than the non-overflow one (where every value rounds to zero, so
/// the error is the tensor's energy sum x^2) to 12 finer.
constexpr int64_t kErrorCandidatesBelow = 12;
constexpr int64_t kErrorCandidates = 25;

/// The squared quantization error sum over all values of the histogram at
/// fix points firstFp, firstFp + 1, ... (`count` of them), with the values
/// taken uniformly spread inside each bin: the exact integral of the
/// rounding sawtooth below the clipping level and of (|x| - max)^2 above
/// it. Negative values clip as positive ones (the histogram keeps |x|).
std::vector<double> histogramErrors(const AbsHistogram &h, int64_t firstFp,
                                    int64_t count, int64_t bits,
                                    bool isSigned = true);

/// The pof2 fix point for a clipping value `amax`: the smallest range
/// 2^(bits-1) * 2^-fp that is >= amax, i.e. fp = bits - 1 - ceil(log2 amax)
/// (rounding toward the coarser step keeps every value the method chose to
/// keep, and matches vai's QAT threshold rule). 18 when amax is 0.
int64_t fixPointForAmax(double amax, int64_t bits);

} // namespace mlir::nndct::fixpoint

#endif // NNDCT_IR_NUMERICS_FIXPOINTSELECTION_H

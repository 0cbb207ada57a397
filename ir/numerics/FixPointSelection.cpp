//===- FixPointSelection.cpp - choosing power-of-two fix points -----------===//
//
// Implements the vai_q_pytorch fix-point rules of FixPointSelection.h. All sums
// are accumulated in double in an order fixed by the definition (element
// order, or 8 interleaved lanes for the squared errors), so a result depends
// only on the data, never on threads or the machine's vector width.
//
//===----------------------------------------------------------------------===//

#include "ir/numerics/FixPointSelection.h"
#include "ir/numerics/ClampedRounding.h"

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <map>

namespace mlir::nndct::fixpoint {

double fix(double x, int64_t fp, int64_t bits, Rounding mode, bool isSigned) {
  return std::ldexp(fixQuantize(x, fp, mode, fixRange(bits, isSigned)),
                    int(-fp));
}

int64_t maxFixPoint(int64_t bits) { return bits <= 8 ? 12 : 15; }

int64_t nonOverflowFixPoint(double min, double max, int64_t bits) {
  double absMax = std::ldexp(1.0, int(bits - 1));
  double step = std::max(min / (-absMax - 0.5), max / (absMax - 0.5));
  if (!(step > FLT_MIN)) // all zero (or no data): vai's fixed answer
    return kZeroTensorFixPoint;
  return int64_t(std::floor(std::log2(1.0 / step)));
}

namespace {
constexpr int kLanes = 8;

/// One lane's term: (x - fix(x, fp))^2 with the powers of two hoisted
/// (scaling by them is exact), rounded as fixArray (ClampedRounding.h).
template <Rounding mode>
[[gnu::always_inline]] inline double
errorTerm(double x, double scale, double unscale, double qmin, double qmax) {
  double v = std::clamp(x * scale, qmin - 1, qmax + 1);
  double q = clamped::round<mode>(v);
  double d = x - std::clamp(q, qmin, qmax) * unscale;
  return d * d;
}

/// The lanes' total in lane order, after the tail (the elements from
/// `full`, fewer than 8) is added to lanes 0, 1, ...
template <Rounding mode>
[[gnu::always_inline]] inline double
sumLanes(double (&lanes)[kLanes], const float *data, int64_t full, int64_t n,
         int64_t fp, double qmin, double qmax) {
  double scale = std::ldexp(1.0, int(fp)), unscale = std::ldexp(1.0, int(-fp));
  for (int64_t i = full; i < n; ++i)
    lanes[i - full] +=
        errorTerm<mode>(double(data[i]), scale, unscale, qmin, qmax);
  double sum = 0;
  for (double lane : lanes)
    sum += lane;
  return sum;
}

template <Rounding mode>
[[gnu::always_inline]] inline void
squaredErrorsWith(const float *data, int64_t n, int64_t fp0, int64_t count,
                  double qmin, double qmax, double *errors) {
  int64_t full = n / kLanes * kLanes;
  for (int64_t k = 0; k < count; ++k) {
    double scale = std::ldexp(1.0, int(fp0 + k)),
           unscale = std::ldexp(1.0, int(-(fp0 + k)));
    double lanes[kLanes] = {};
    for (int64_t i = 0; i < full; i += kLanes)
      for (int l = 0; l < kLanes; ++l)
        lanes[l] +=
            errorTerm<mode>(double(data[i + l]), scale, unscale, qmin, qmax);
    errors[k] = sumLanes<mode>(lanes, data, full, n, fp0 + k, qmin, qmax);
  }
}
/// squaredErrorsWith<HalfUp or StdRound>, 8 floats at a time, bit for
/// bit: every step before the square is exact in float. x * 2^fp is exact
/// (a subnormal product rounds, but it is far below 0.5 either way), the
/// rounding is ClampedRounding.h's, q * 2^-fp is exact; x - q * 2^-fp is
/// taken in double as the definition does. NaN passes into the
/// difference.
template <Rounding mode>
[[gnu::always_inline]] inline void
squaredErrorsVector(const float *data, int64_t n, int64_t fp0, int64_t count,
                    float qmin, float qmax, double *errors) {
  using clamped::splat;
  using clamped::V4d;
  using clamped::V8f;
  const V8f lo = splat(qmin - 1), hi = splat(qmax + 1), qlo = splat(qmin),
            qhi = splat(qmax);
  int64_t full = n / kLanes * kLanes;
  for (int64_t k = 0; k < count; ++k) {
    V8f scale = splat(std::ldexp(1.0f, int(fp0 + k))),
        unscale = splat(std::ldexp(1.0f, int(-(fp0 + k))));
    // Lanes 0-3 and 4-7.
    V4d lanesLo = {}, lanesHi = {};
    for (int64_t i = 0; i < full; i += kLanes) {
      V8f x;
      std::memcpy(&x, data + i, sizeof(x));
      V8f v = x * scale;
      v = v < lo ? lo : v;
      v = v > hi ? hi : v;
      V8f q = clamped::round8<mode>(v);
      q = q < qlo ? qlo : q;
      q = q > qhi ? qhi : q;
      V8f qu = q * unscale;
      V4d dLo = __builtin_convertvector(
                    __builtin_shufflevector(x, x, 0, 1, 2, 3), V4d) -
                __builtin_convertvector(
                    __builtin_shufflevector(qu, qu, 0, 1, 2, 3), V4d);
      V4d dHi = __builtin_convertvector(
                    __builtin_shufflevector(x, x, 4, 5, 6, 7), V4d) -
                __builtin_convertvector(
                    __builtin_shufflevector(qu, qu, 4, 5, 6, 7), V4d);
      lanesLo += dLo * dLo;
      lanesHi += dHi * dHi;
    }
    double lanes[kLanes];
    for (int l = 0; l < 4; ++l) {
      lanes[l] = lanesLo[l];
      lanes[l + 4] = lanesHi[l];
    }
    errors[k] = sumLanes<mode>(lanes, data, full, n, fp0 + k, qmin, qmax);
  }
}
} // namespace

// AVX2 rounds and clamps 8 floats per instruction. Not FMA: a fused
// d * d + lane would change the sums.
[[gnu::target_clones("avx2", "default")]] void
squaredErrors(const float *data, int64_t n, int64_t fp0, int64_t count,
              int64_t bits, Rounding mode, double *errors) {
  FixRange range = fixRange(bits, true);
  double qmin = double(range.qmin), qmax = double(range.qmax);
  // Float powers of two for every candidate, and exact float bounds.
  bool floatExact = fp0 > -100 && fp0 + count < 100 && bits <= 24;
  switch (mode) {
  case Rounding::HalfUp:
    if (floatExact)
      return squaredErrorsVector<Rounding::HalfUp>(
          data, n, fp0, count, float(qmin), float(qmax), errors);
    return squaredErrorsWith<Rounding::HalfUp>(data, n, fp0, count, qmin, qmax,
                                               errors);
  case Rounding::HalfEven:
    return squaredErrorsWith<Rounding::HalfEven>(data, n, fp0, count, qmin,
                                                 qmax, errors);
  case Rounding::StdRound:
    if (floatExact)
      return squaredErrorsVector<Rounding::StdRound>(
          data, n, fp0, count, float(qmin), float(qmax), errors);
    return squaredErrorsWith<Rounding::StdRound>(data, n, fp0, count, qmin,
                                                 qmax, errors);
  case Rounding::Floor:
    return squaredErrorsWith<Rounding::Floor>(data, n, fp0, count, qmin, qmax,
                                              errors);
  }
}

double squaredError(const float *data, int64_t n, int64_t fp, int64_t bits,
                    Rounding mode) {
  double error = 0;
  squaredErrors(data, n, fp, 1, bits, mode, &error);
  return error;
}

static void minMax(const float *data, int64_t n, double &lo, double &hi) {
  lo = 0;
  hi = 0;
  if (n == 0)
    return;
  auto [a, b] = std::minmax_element(data, data + n);
  lo = *a;
  hi = *b;
}

int64_t maxMinFixPoint(const float *data, int64_t n, int64_t bits) {
  double lo, hi;
  minMax(data, n, lo, hi);
  return nonOverflowFixPoint(lo, hi, bits);
}

int64_t diffsFixPoint(const float *data, int64_t n, int64_t bits,
                      Rounding mode) {
  int64_t fp0 = maxMinFixPoint(data, n, bits);
  int64_t best = fp0;
  double errors[kDiffsCandidates];
  squaredErrors(data, n, fp0, kDiffsCandidates, bits, mode, errors);
  for (int64_t k = 1; k < kDiffsCandidates; ++k)
    if (errors[k] < errors[best - fp0]) // strict: the coarsest wins ties
      best = fp0 + k;
  return best;
}

int64_t modalVote(const std::vector<int64_t> &fps) {
  assert(!fps.empty() && "modal vote over no batches");
  std::map<int64_t, int64_t> counts;
  for (int64_t fp : fps)
    ++counts[fp];
  int64_t best = counts.begin()->first, bestCount = 0;
  for (auto [fp, count] : counts) // ascending fp: strict > keeps the smallest
    if (count > bestCount) {
      best = fp;
      bestCount = count;
    }
  return best;
}

//===----------------------------------------------------------------------===//
// AbsHistogram
//===----------------------------------------------------------------------===//

/// The exponent a histogram starts at before any non-zero value arrived.
static constexpr int kInitialExp = -126;
static constexpr int kBinExp = 11; // 2^11 == kHistogramBins
static_assert((int64_t(1) << kBinExp) == kHistogramBins, "bins are 2^kBinExp");

void AbsHistogram::growTo(int exp) {
  if (exp <= rangeExp)
    return;
  int shift = exp - rangeExp;
  std::vector<int64_t> grown(kHistogramBins, 0);
  for (int64_t i = 0; i < kHistogramBins; ++i)
    grown[shift >= kBinExp ? 0 : (i >> shift)] += counts[i];
  counts = std::move(grown);
  rangeExp = exp;
}

void AbsHistogram::add(const float *data, int64_t n, int threads) {
  float absMax = 0;
  for (int64_t i = 0; i < n; ++i) {
    float v = std::fabs(data[i]);
    absMax = v <= FLT_MAX && v > absMax ? v : absMax; // NaN and Inf skipped
  }
  add(data, n, absMax, threads);
}

namespace {
/// Elements per binning chunk (int32 counts cannot overflow).
constexpr int64_t kBinChunk = int64_t(1) << 16;
/// Interleaved count arrays: runs of equal values (the zeros after a ReLU)
/// would otherwise wait on one counter's store.
constexpr int kCountCopies = 4;

void countBins(const float *data, int64_t n, double scale, int64_t *counts) {
  int32_t local[kCountCopies][kHistogramBins] = {};
  for (int64_t i = 0; i < n; ++i) {
    double v = std::fabs(double(data[i]));
    if (v <= DBL_MAX)
      ++local[i % kCountCopies]
             [std::min<int64_t>(int64_t(v * scale), kHistogramBins - 1)];
  }
  for (int c = 0; c < kCountCopies; ++c)
    for (int64_t b = 0; b < kHistogramBins; ++b)
      counts[b] += local[c][b];
}
} // namespace

void AbsHistogram::add(const float *data, int64_t n, float absMax,
                       int threads) {
  if (counts.empty()) {
    counts.assign(kHistogramBins, 0);
    rangeExp = kInitialExp;
  }
  // Grow once, to the largest |x|: binning into the grown range is what
  // growing element by element gives (merging bin pairs = halving the
  // truncated index).
  if (double(absMax) >= std::ldexp(1.0, rangeExp)) {
    int exp;
    std::frexp(double(absMax), &exp); // absMax < 2^exp
    growTo(exp);
  }
  // Exact: scaling by a power of two, then truncation.
  double scale = std::ldexp(1.0, kBinExp - rangeExp);
  // Counts are integers: any thread's share and any merge order give the
  // same histogram.
  int64_t chunks = (n + kBinChunk - 1) / kBinChunk;
  int64_t *bins = counts.data();
#pragma omp parallel for schedule(static) num_threads(threads)                 \
    reduction(+ : bins[ : kHistogramBins]) if (chunks > 1 && threads > 1)
  for (int64_t c = 0; c < chunks; ++c) {
    int64_t begin = c * kBinChunk;
    countBins(data + begin, std::min(kBinChunk, n - begin), scale, bins);
  }
}

void AbsHistogram::merge(const AbsHistogram &other) {
  if (other.counts.empty())
    return;
  if (counts.empty()) {
    *this = other;
    return;
  }
  AbsHistogram o = other;
  int exp = std::max(rangeExp, o.rangeExp);
  growTo(exp);
  o.growTo(exp);
  for (int64_t i = 0; i < kHistogramBins; ++i)
    counts[i] += o.counts[i];
}

AbsHistogram AbsHistogram::fromCounts(double amax,
                                      std::vector<int64_t> counts) {
  AbsHistogram h;
  if (counts.size() != size_t(kHistogramBins) || !(amax > 0))
    return h;
  int exp;
  double m = std::frexp(amax, &exp); // amax == 2^(exp-1) for a power of two
  h.rangeExp = m == 0.5 ? exp - 1 : exp;
  h.counts = std::move(counts);
  return h;
}

double AbsHistogram::amax() const {
  return counts.empty() ? 0.0 : std::ldexp(1.0, rangeExp);
}

int64_t AbsHistogram::total() const {
  int64_t t = 0;
  for (int64_t c : counts)
    t += c;
  return t;
}

double percentileAmax(const AbsHistogram &h, double percent) {
  int64_t total = h.total();
  if (total == 0)
    return 0;
  double width = h.amax() / kHistogramBins;
  double target = percent / 100.0 * double(total);
  int64_t cum = 0;
  const auto &counts = h.getCounts();
  for (int64_t i = 0; i < kHistogramBins; ++i) {
    cum += counts[i];
    if (double(cum) >= target)
      return double(i + 1) * width;
  }
  return h.amax();
}

int64_t histogramMseFixPoint(const AbsHistogram &h, int64_t fp0, int64_t bits) {
  double width = h.amax() / kHistogramBins;
  const auto &counts = h.getCounts();
  int64_t best = fp0;
  double bestErr = INFINITY;
  for (int64_t k = fp0; k < fp0 + kDiffsCandidates; ++k) {
    double err = 0;
    for (int64_t i = 0; i < int64_t(counts.size()); ++i) {
      if (!counts[i])
        continue;
      double c = (double(i) + 0.5) * width;
      double d = c - fix(c, k, bits, Rounding::HalfUp);
      err += double(counts[i]) * d * d;
    }
    if (err < bestErr) {
      bestErr = err;
      best = k;
    }
  }
  return best;
}

/// KL(P || Q) for the first `n` bins with everything above folded into the
/// last one, Q being P merged into `levels` equal groups and spread back
/// evenly over each group's non-empty bins (TensorRT's calibration).
static double clippedKL(const std::vector<int64_t> &counts, int64_t n,
                        int64_t levels) {
  std::vector<double> p(counts.begin(), counts.begin() + n);
  for (size_t i = n; i < counts.size(); ++i)
    p[n - 1] += double(counts[i]);
  std::vector<double> q(n, 0.0);
  int64_t group = std::max<int64_t>(1, n / levels);
  for (int64_t start = 0; start < n; start += group) {
    int64_t end = std::min(n, start + group);
    double sum = 0;
    int64_t nonzero = 0;
    for (int64_t i = start; i < end; ++i) {
      sum += double(counts[i]); // unclipped counts, as TensorRT
      nonzero += counts[i] != 0;
    }
    for (int64_t i = start; i < end; ++i)
      if (counts[i] != 0)
        q[i] = sum / double(nonzero);
  }
  double pSum = 0, qSum = 0;
  for (int64_t i = 0; i < n; ++i) {
    pSum += p[i];
    qSum += q[i];
  }
  if (pSum == 0 || qSum == 0)
    return 0;
  double kl = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (p[i] == 0)
      continue;
    double pi = p[i] / pSum;
    double qi = q[i] / qSum;
    kl += qi > 0 ? pi * std::log(pi / qi) : pi * std::log(pi / 1e-12);
  }
  return kl;
}

int64_t histogramEntropyFixPoint(const AbsHistogram &h, int64_t fp0,
                                 int64_t bits) {
  if (h.empty() || h.total() == 0)
    return fp0;
  double width = h.amax() / kHistogramBins;
  int64_t levels = int64_t(1) << (bits - 1);
  int64_t best = fp0;
  double bestKL = INFINITY;
  for (int64_t k = fp0; k < fp0 + kDiffsCandidates; ++k) {
    double threshold = std::ldexp(double(levels), int(-k));
    int64_t n =
        std::clamp<int64_t>(int64_t(threshold / width), 1, kHistogramBins);
    double kl = clippedKL(h.getCounts(), n, levels);
    if (kl < bestKL) {
      bestKL = kl;
      best = k;
    }
  }
  return best;
}

int64_t fixPointForAmax(double amax, int64_t bits) {
  if (!(amax > FLT_MIN))
    return kZeroTensorFixPoint;
  return bits - 1 - int64_t(std::ceil(std::log2(amax)));
}

namespace {
/// The integral of (t - round(t))^2 over [0, u], u >= 0: n / 12 + r^3 / 3
/// with n = round(u) (half up) and r = u - n in [-1/2, 1/2).
double sawtoothIntegral(double u) {
  double n = std::floor(u + 0.5), r = u - n;
  return n / 12.0 + r * r * r / 3.0;
}

/// The integral of the squared error of quantizing v in [a, b] with step
/// `step` and largest level `top` (a, b >= 0).
double binError(double a, double b, double step, double top) {
  double sum = 0;
  double lo = std::min(a, top), hi = std::min(b, top);
  if (hi > lo)
    sum += step * step * step *
           (sawtoothIntegral(hi / step) - sawtoothIntegral(lo / step));
  lo = std::max(a, top);
  if (b > lo)
    sum += (std::pow(b - top, 3) - std::pow(lo - top, 3)) / 3.0;
  return sum;
}
} // namespace

std::vector<double> histogramErrors(const AbsHistogram &h, int64_t firstFp,
                                    int64_t count, int64_t bits,
                                    bool isSigned) {
  std::vector<double> errors(size_t(count), 0.0);
  if (h.empty())
    return errors;
  double width = h.amax() / kHistogramBins;
  int64_t levels =
      isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  const std::vector<int64_t> &counts = h.getCounts();
  for (int64_t k = 0; k < count; ++k) {
    double step = std::ldexp(1.0, -int(firstFp + k));
    double top = double(levels) * step, sum = 0;
    for (int64_t i = 0; i < kHistogramBins; ++i)
      if (counts[i])
        sum += double(counts[i]) / width *
               binError(double(i) * width, double(i + 1) * width, step, top);
    errors[size_t(k)] = sum;
  }
  return errors;
}

} // namespace mlir::nndct::fixpoint

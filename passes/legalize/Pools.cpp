//===- Pools.cpp - pooling in windows the pool engines take ---------------===//
//
// reduce_mean over H and W of an NCHW tensor is global average pooling.
// A pool whose window or stride exceeds the engine's becomes a chain of
// pools that fit and compute the same values:
//
//  - max pool: max over k taps = max over k2 taps of maxes over k1 taps
//    (k1 + k2 - 1 = k); every stage but the last has stride 1;
//  - average pool: only non-overlapping stages keep the average uniform: a
//    first stage of d taps with stride d (d dividing both kernel and
//    stride), then the pool of k/d taps with stride s/d on its result;
//  - a stride beyond the engine's: the pool at stride a, then every b-th
//    value (a 1-tap pool at stride b), a * b = s;
//  - a pool with one output along an axis takes any stride there.
//
// Padding goes into the first stage only, and only when no first-stage
// window lies wholly in padding; average pools need count_include_pad (or
// no padding) and no ceil-mode window beyond the padding. Otherwise the pool
// stays as it is and placement puts it on the CPU.
//
//===----------------------------------------------------------------------===//

#include "passes/legalize/LegalizePatterns.h"

#include "ir/NNDCTOps.h"

#include <numeric>

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// One stage of a chain along one axis: `k` taps at stride `s`.
struct AxisStage {
  int64_t k;
  int64_t s;
};

/// A pool along one axis as a chain; the padding is the first stage's.
struct AxisPlan {
  SmallVector<AxisStage> stages;
  int64_t padBegin = 0;
  int64_t padEnd = 0;
};

/// The pool's window along one axis.
struct AxisWindow {
  int64_t size; ///< input extent
  int64_t k;
  int64_t s;
  int64_t padBegin;
  int64_t padEnd;
  int64_t out; ///< output extent (the result type's)
};

int64_t stageOut(int64_t len, AxisStage stage) {
  return (len - stage.k) / stage.s + 1;
}

/// The end padding floor-mode windows need to give `w.out` results: the
/// ceil-mode overhang made explicit, unused padding dropped.
int64_t neededEndPad(const AxisWindow &w) {
  return std::max<int64_t>(0, (w.out - 1) * w.s + w.k - w.size - w.padBegin);
}

/// The largest divisor of `n` in [2, max], or 0.
int64_t largestDivisor(int64_t n, int64_t max) {
  for (int64_t d = std::min(n, max); d >= 2; --d)
    if (n % d == 0)
      return d;
  return 0;
}

/// Completes `plan` of `w`: the last stage's stride is free when it has one
/// result; a stride beyond the engine's is taken in steps (the pool at
/// stride a, then 1-tap pools picking every b-th value); then every stage
/// must fit and no first-stage window may lie wholly in padding.
std::optional<AxisPlan> finish(AxisPlan plan, const AxisWindow &w,
                               const EngineLimits &limits) {
  int64_t len = w.size + plan.padBegin + plan.padEnd;
  for (size_t i = 0; i + 1 < plan.stages.size(); ++i)
    len = stageOut(len, plan.stages[i]);
  AxisStage &last = plan.stages.back();
  if (len < last.k)
    return std::nullopt;
  if (w.out == 1)
    last.s = std::min(last.s, len - last.k + 1);
  if (stageOut(len, last) != w.out)
    return std::nullopt;
  int64_t stride = last.s;
  if (!limits.stride.contains(stride)) {
    int64_t a = largestDivisor(stride, limits.stride.max);
    if (!a)
      return std::nullopt;
    last.s = a;
    for (stride /= a; stride > 1;) {
      int64_t b = largestDivisor(stride, limits.stride.max);
      if (!b)
        return std::nullopt;
      plan.stages.push_back({1, b});
      stride /= b;
    }
  }
  for (AxisStage stage : plan.stages)
    if (!limits.kernel.contains(stage.k) || !limits.stride.contains(stage.s))
      return std::nullopt;
  int64_t first = plan.stages.front().k;
  if (plan.padBegin > first - 1 || plan.padEnd > first - 1)
    return std::nullopt;
  return plan;
}

/// Max pool: stride-1 stages of at most the engine's kernel, the first the
/// largest (it takes the padding), the last at the pool's stride.
std::optional<AxisPlan> planMaxAxis(const AxisWindow &w,
                                    const EngineLimits &limits) {
  AxisPlan plan;
  plan.padBegin = w.padBegin;
  plan.padEnd = neededEndPad(w);
  int64_t kmax = limits.kernel.max;
  if (w.k > kmax && kmax < 2)
    return std::nullopt;
  plan.stages.push_back({std::min(w.k, kmax), 1});
  for (int64_t rest = w.k - plan.stages.front().k; rest > 0;) {
    int64_t k = std::min(kmax, rest + 1);
    plan.stages.push_back({k, 1});
    rest -= k - 1;
  }
  plan.stages.back().s = w.s;
  return finish(std::move(plan), w, limits);
}

/// Average pool: non-overlapping stages of d taps (d dividing kernel and
/// stride, the largest after which the rest fits) until the rest fits.
/// With one output the window's stride is free: it is taken as the kernel.
std::optional<AxisPlan> planAvgAxis(const AxisWindow &w,
                                    const EngineLimits &limits) {
  AxisPlan plan;
  plan.padBegin = w.padBegin;
  plan.padEnd = neededEndPad(w);
  int64_t k = w.k, s = w.out == 1 ? w.k : w.s;
  int64_t cap = std::min(limits.kernel.max, limits.stride.max);
  auto fits = [&](int64_t k, int64_t s) {
    return limits.kernel.contains(k) &&
           (w.out == 1 || limits.stride.contains(s));
  };
  while (!fits(k, s)) {
    int64_t g = std::gcd(k, s), any = 0, best = 0;
    for (int64_t d = 2; d <= std::min(g, cap); ++d)
      if (g % d == 0) {
        any = d;
        if (fits(k / d, s / d))
          best = d;
      }
    int64_t d = best ? best : any;
    if (!d)
      break;
    plan.stages.push_back({d, d});
    k /= d;
    s /= d;
  }
  plan.stages.push_back({k, s});
  return finish(std::move(plan), w, limits);
}

/// A 2-D stage: one pool of the chain.
struct PoolStage {
  int64_t kh, kw, sh, sw;
};

/// The 2-D chain of two axis plans (the shorter padded with 1-tap stages).
struct PoolPlan {
  SmallVector<PoolStage> stages;
  SmallVector<int64_t, 4> pads; ///< the first stage's [t, l, b, r]
};

PoolPlan combine(const AxisPlan &h, const AxisPlan &w) {
  PoolPlan plan;
  size_t n = std::max(h.stages.size(), w.stages.size());
  for (size_t i = 0; i < n; ++i) {
    AxisStage a = i < h.stages.size() ? h.stages[i] : AxisStage{1, 1};
    AxisStage b = i < w.stages.size() ? w.stages[i] : AxisStage{1, 1};
    plan.stages.push_back({a.k, b.k, a.s, b.s});
  }
  plan.pads = {h.padBegin, w.padBegin, h.padEnd, w.padEnd};
  return plan;
}

/// The windows of a 2-D pool along H and W.
std::pair<AxisWindow, AxisWindow> windows(Value in, Value out,
                                          ArrayRef<int64_t> kernel,
                                          ArrayRef<int64_t> strides,
                                          ArrayRef<int64_t> pads) {
  ArrayRef<int64_t> x = cast<RankedTensorType>(in.getType()).getShape();
  ArrayRef<int64_t> y = cast<RankedTensorType>(out.getType()).getShape();
  return {{x[2], kernel[0], strides[0], pads[0], pads[2], y[2]},
          {x[3], kernel[1], strides[1], pads[1], pads[3], y[3]}};
}

/// The location of stage `i` of `n` replacing `op`: the last keeps the
/// op's, the others are named `<op>.stage<i>`.
Location stageLoc(Operation *op, size_t i, size_t n) {
  return i + 1 == n ? op->getLoc()
                    : derivedLoc(op, ".stage" + std::to_string(i));
}

struct SplitMaxPool : OpRewritePattern<MaxPool2DOp> {
  SplitMaxPool(MLIRContext *context, const TargetModel &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(MaxPool2DOp pool,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> k = pool.getKernelSize(), s = pool.getStrides();
    if (fitsEngine(target.maxPool, k[0], k[1], s[0], s[1]))
      return rewriter.notifyMatchFailure(pool, "within the engine's limits");
    if (llvm::any_of(pool.getDilations(), [](int64_t d) { return d != 1; }))
      return rewriter.notifyMatchFailure(pool, "dilated window");
    auto [h, w] =
        windows(pool.getInput(), pool.getOutput(), k, s, pool.getPads());
    std::optional<AxisPlan> ph = planMaxAxis(h, target.maxPool);
    std::optional<AxisPlan> pw = planMaxAxis(w, target.maxPool);
    if (!ph || !pw)
      return rewriter.notifyMatchFailure(pool, "no exact chain of pools");
    PoolPlan plan = combine(*ph, *pw);
    Value v = pool.getInput();
    SmallVector<int64_t, 4> noPads(4, 0);
    for (auto [i, st] : llvm::enumerate(plan.stages)) {
      Location loc = stageLoc(pool, i, plan.stages.size());
      ArrayRef<int64_t> pads = i == 0 ? ArrayRef<int64_t>(plan.pads) : noPads;
      v = MaxPool2DOp::create(rewriter, loc, v, {st.kh, st.kw}, {st.sh, st.sw},
                              pads);
    }
    rewriter.replaceOp(pool, v);
    return success();
  }

  const TargetModel &target;
};

/// Emits the average chain of `plan` on `in`; with `global`, the last stage
/// is a global average pool over what the others leave.
Value emitAvgChain(PatternRewriter &rewriter, Operation *op, Value in,
                   const PoolPlan &plan, bool countIncludePad, bool global) {
  Value v = in;
  SmallVector<int64_t, 4> noPads(4, 0);
  size_t n = plan.stages.size();
  for (auto [i, st] : llvm::enumerate(plan.stages)) {
    Location loc = stageLoc(op, i, n);
    if (global && i + 1 == n) {
      v = AdaptiveAvgPool2DOp::create(rewriter, loc, v,
                                      ArrayRef<int64_t>{1, 1});
      break;
    }
    ArrayRef<int64_t> pads = i == 0 ? ArrayRef<int64_t>(plan.pads) : noPads;
    v = AvgPool2DOp::create(rewriter, loc, v, {st.kh, st.kw}, {st.sh, st.sw},
                            pads, /*ceil_mode=*/false, countIncludePad);
  }
  return v;
}

struct SplitAvgPool : OpRewritePattern<AvgPool2DOp> {
  SplitAvgPool(MLIRContext *context, const TargetModel &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(AvgPool2DOp pool,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> k = pool.getKernelSize(), s = pool.getStrides();
    if (fitsEngine(target.avgPool, k[0], k[1], s[0], s[1]))
      return rewriter.notifyMatchFailure(pool, "within the engine's limits");
    auto [h, w] =
        windows(pool.getInput(), pool.getOutput(), k, s, pool.getPads());
    for (const AxisWindow &a : {h, w})
      if (pool.getCeilMode() &&
          (a.size + a.padBegin + a.padEnd - a.k) / a.s + 1 != a.out)
        return rewriter.notifyMatchFailure(
            pool, "ceil-mode window beyond the padding");
    std::optional<AxisPlan> ph = planAvgAxis(h, target.avgPool);
    std::optional<AxisPlan> pw = planAvgAxis(w, target.avgPool);
    if (!ph || !pw)
      return rewriter.notifyMatchFailure(pool, "no exact chain of pools");
    PoolPlan plan = combine(*ph, *pw);
    bool padded = llvm::any_of(plan.pads, [](int64_t p) { return p != 0; });
    if (padded && !pool.getCountIncludePad())
      return rewriter.notifyMatchFailure(pool,
                                         "padding excluded from the divisor");
    rewriter.replaceOp(pool, emitAvgChain(rewriter, pool, pool.getInput(), plan,
                                          pool.getCountIncludePad(),
                                          /*global=*/false));
    return success();
  }

  const TargetModel &target;
};

/// Global average pooling over a plane larger than the engine's window.
struct SplitGlobalAvgPool : OpRewritePattern<AdaptiveAvgPool2DOp> {
  SplitGlobalAvgPool(MLIRContext *context, const TargetModel &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(AdaptiveAvgPool2DOp pool,
                                PatternRewriter &rewriter) const override {
    if (!pool.isGlobal())
      return rewriter.notifyMatchFailure(pool, "not global");
    ArrayRef<int64_t> x =
        cast<RankedTensorType>(pool.getInput().getType()).getShape();
    if (target.avgPool.kernel.contains(x[2]) &&
        target.avgPool.kernel.contains(x[3]))
      return rewriter.notifyMatchFailure(pool, "within the engine's limits");
    std::optional<AxisPlan> ph =
        planAvgAxis({x[2], x[2], x[2], 0, 0, 1}, target.avgPool);
    std::optional<AxisPlan> pw =
        planAvgAxis({x[3], x[3], x[3], 0, 0, 1}, target.avgPool);
    if (!ph || !pw)
      return rewriter.notifyMatchFailure(pool, "no exact chain of pools");
    rewriter.replaceOp(pool, emitAvgChain(rewriter, pool, pool.getInput(),
                                          combine(*ph, *pw),
                                          /*countIncludePad=*/true,
                                          /*global=*/true));
    return success();
  }

  const TargetModel &target;
};

/// reduce_mean over exactly H and W of an NCHW tensor as global average
/// pooling; without keepdims a reshape drops the 1 x 1.
struct ReduceMeanToGlobalPool : OpRewritePattern<ReduceMeanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReduceMeanOp mean,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(mean.getInput().getType());
    SmallVector<int64_t> axes(mean.getAxes());
    llvm::sort(axes);
    if (type.getRank() != 4 || axes != SmallVector<int64_t>{2, 3})
      return rewriter.notifyMatchFailure(mean, "not a mean over H and W");
    bool keep = mean.getKeepdims();
    Value pooled = AdaptiveAvgPool2DOp::create(
        rewriter, keep ? mean.getLoc() : derivedLoc(mean, ".pool"),
        mean.getInput(), ArrayRef<int64_t>{1, 1}, mean.getNpuNumerics());
    if (keep) {
      rewriter.replaceOp(mean, pooled);
      return success();
    }
    rewriter.replaceOpWithNewOp<ReshapeOp>(mean, mean.getType(), pooled);
    return success();
  }
};

} // namespace

void mlir::nndct::populatePoolLegalization(RewritePatternSet &patterns,
                                           const TargetModel &target) {
  patterns.add<ReduceMeanToGlobalPool>(patterns.getContext());
  patterns.add<SplitMaxPool, SplitAvgPool, SplitGlobalAvgPool>(
      patterns.getContext(), target);
}

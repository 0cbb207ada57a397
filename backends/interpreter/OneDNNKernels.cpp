//===- OneDNNKernels.cpp - fast kernels from oneDNN -----------------------===//
//
// Convolution, deconvolution, matmul and pooling through oneDNN 2.6
// primitives, all created once when the kernel is prepared (convolution,
// its activation reorders and scratch buffers included), so a run only
// executes them. Activations stay plain NCHW between ops; convolutions
// reorder them to the primitive's blocked layout at their boundary. Constant
// weights are reordered once into the layout the primitive prefers; a weight
// computed at run time is reordered on every run. oneDNN throws dnnl::error:
// every call is caught here and turned into "not prepared", so the
// interpreter falls back to the reference kernels.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Kernels.h"
#include "backends/interpreter/Parallel.h"

#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>

#include <cstdlib>
#include <limits>
#include <new>
#include <vector>

using namespace mlir::nndct;
using namespace dnnl;
using dt = memory::data_type;
using tag = memory::format_tag;

onednn::PreparedKernel::~PreparedKernel() = default;

static engine &cpuEngine() {
  static engine eng(engine::kind::cpu, 0);
  return eng;
}

void onednn::setThreads(int threads) {
  omp_set_num_threads(threads < 1 ? 1 : threads);
}

namespace {

/// Work (multiply-adds or window reads) below which a primitive runs on one
/// thread: waking the OpenMP team costs more than the split saves, and far
/// more on a loaded machine. Results do not depend on it
/// (ThreadDeterminismTest).
constexpr double kParallelWork = 4e6;

/// The thread count a primitive of `work` is created and run with.
int threadsFor(double work) {
  return work < kParallelWork ? 1 : omp_get_max_threads();
}

/// Sets the calling thread's OpenMP thread count for a scope (oneDNN sizes
/// and runs primitives with it).
class ThreadScope {
public:
  explicit ThreadScope(int threads) : saved(omp_get_max_threads()) {
    if (threads != saved)
      omp_set_num_threads(threads);
  }
  ~ThreadScope() {
    if (omp_get_max_threads() != saved)
      omp_set_num_threads(saved);
  }

private:
  int saved;
};

/// Right padding that makes oneDNN's window arithmetic produce `out`. When
/// the last rows are unused (the exact value would be negative), 0 gives the
/// same size under oneDNN's floor division.
int64_t rightPad(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                 int64_t dilation, int64_t padBegin) {
  int64_t pad =
      (out - 1) * stride + (kernel - 1) * dilation + 1 - in - padBegin;
  return pad < 0 ? 0 : pad;
}

/// Right padding of a transposed convolution (oneDNN:
/// out = (in - 1) * stride + (kernel - 1) * dilation + 1 - padBegin - pad).
int64_t transposedRightPad(int64_t in, int64_t out, int64_t kernel,
                           int64_t stride, int64_t dilation, int64_t padBegin) {
  return (in - 1) * stride + (kernel - 1) * dilation + 1 - padBegin - out;
}

/// A growing 64-byte aligned buffer. Convolutions reorder their input and
/// output through one pair of these per thread (kernels of one interpreter
/// run one after another), instead of holding blocked copies per op.
class Scratch {
public:
  ~Scratch() { std::free(ptr); }
  void *get(size_t bytes) {
    if (bytes > size) {
      std::free(ptr);
      size = (bytes + 63) / 64 * 64;
      ptr = std::aligned_alloc(64, size);
      if (!ptr)
        throw std::bad_alloc();
    }
    return ptr;
  }

private:
  void *ptr = nullptr;
  size_t size = 0;
};
thread_local Scratch srcScratch, dstScratch;

class ConvKernel : public onednn::PreparedKernel {
public:
  ConvKernel(const ConvParams &p, bool hasBias, bool constantWeight,
             ConvPostOp post)
      : p(p), hasBias(hasBias), constantWeight(constantWeight),
        threads(threadsFor(double(p.n) * p.o * p.od * p.oh * p.ow *
                           (p.c / p.groups) * p.kd * p.kh * p.kw)) {
    ThreadScope scope(threads);
    engine &eng = cpuEngine();
    bool v = p.volumetric;
    // Spatial dims, outermost first: [d,] h, w.
    auto spatial = [v](int64_t d, int64_t h, int64_t w) {
      return v ? memory::dims{d, h, w} : memory::dims{h, w};
    };
    auto withSpatial = [&](memory::dims lead, int64_t d, int64_t h, int64_t w) {
      memory::dims s = spatial(d, h, w);
      lead.insert(lead.end(), s.begin(), s.end());
      return lead;
    };
    memory::dims src = withSpatial({p.n, p.c}, p.d, p.h, p.w),
                 dst = withSpatial({p.n, p.o}, p.od, p.oh, p.ow);
    memory::dims strides = spatial(p.strideD, p.strideH, p.strideW);
    memory::dims dil =
        spatial(p.dilationD - 1, p.dilationH - 1, p.dilationW - 1);
    memory::dims pl = spatial(p.padFront, p.padTop, p.padLeft);
    memory::dims wdims;
    tag userTag;
    if (!p.transposed) {
      if (p.groups == 1) {
        wdims = withSpatial({p.o, p.c}, p.kd, p.kh, p.kw);
        userTag = v ? tag::oidhw : tag::oihw;
      } else {
        wdims = withSpatial({p.groups, p.o / p.groups, p.c / p.groups}, p.kd,
                            p.kh, p.kw);
        userTag = v ? tag::goidhw : tag::goihw;
      }
    } else {
      if (p.groups == 1) {
        wdims = withSpatial({p.o, p.c}, p.kd, p.kh, p.kw);
        userTag = v ? tag::iodhw : tag::iohw;
      } else {
        wdims = withSpatial({p.groups, p.o / p.groups, p.c / p.groups}, p.kd,
                            p.kh, p.kw);
        userTag = v ? tag::giodhw : tag::giohw;
      }
    }
    tag act = v ? tag::ncdhw : tag::nchw;
    memory::desc srcMd(src, dt::f32, act), dstMd(dst, dt::f32, act);
    memory::desc srcAny(src, dt::f32, tag::any), dstAny(dst, dt::f32, tag::any);
    memory::desc wAny(wdims, dt::f32, tag::any);
    memory::desc biasMd =
        hasBias ? memory::desc({p.o}, dt::f32, tag::x) : memory::desc();
    userWeightMd = memory::desc(wdims, dt::f32, userTag);
    primitive_attr attr;
    // oneDNN's relu (slope 0) and clip compute max(x, lo), which turns NaN
    // into lo (so do clip_v2 and relu with slope -0.0, measured with oneDNN
    // 2.6): those run as a pass of ours after the primitive
    // (applyActivation). A leaky relu compares and blends, keeping NaN, so it
    // stays fused.
    if (post.kind == ConvPostOp::Relu && post.alpha != 0.0f) {
      post_ops ops;
      ops.append_eltwise(1.0f, algorithm::eltwise_relu, post.alpha, 0.0f);
      attr.set_post_ops(ops);
    } else {
      activation = post;
    }
    if (!p.transposed) {
      memory::dims pr =
          spatial(rightPad(p.d, p.od, p.kd, p.strideD, p.dilationD, p.padFront),
                  rightPad(p.h, p.oh, p.kh, p.strideH, p.dilationH, p.padTop),
                  rightPad(p.w, p.ow, p.kw, p.strideW, p.dilationW, p.padLeft));
      auto d = convolution_forward::desc(
          prop_kind::forward_inference, algorithm::convolution_direct, srcAny,
          wAny, biasMd, dstAny, strides, dil, pl, pr);
      auto pd = convolution_forward::primitive_desc(d, attr, eng);
      weightMd = pd.weights_desc();
      primSrcMd = pd.src_desc();
      primDstMd = pd.dst_desc();
      prim = convolution_forward(pd);
    } else {
      // oneDNN: oh = (ih - 1) * s + (k - 1) * d + 1 - pl - pr.
      memory::dims pr = spatial(
          transposedRightPad(p.d, p.od, p.kd, p.strideD, p.dilationD,
                             p.padFront),
          transposedRightPad(p.h, p.oh, p.kh, p.strideH, p.dilationH, p.padTop),
          transposedRightPad(p.w, p.ow, p.kw, p.strideW, p.dilationW,
                             p.padLeft));
      auto d = deconvolution_forward::desc(
          prop_kind::forward_inference, algorithm::deconvolution_direct, srcAny,
          wAny, biasMd, dstAny, strides, dil, pl, pr);
      auto pd = deconvolution_forward::primitive_desc(d, attr, eng);
      weightMd = pd.weights_desc();
      primSrcMd = pd.src_desc();
      primDstMd = pd.dst_desc();
      prim = deconvolution_forward(pd);
    }
    this->srcMd = srcMd;
    this->dstMd = dstMd;
    this->biasMd = biasMd;
    // Boundary reorders, made once; their buffers are shared scratch.
    if (primSrcMd != srcMd)
      srcReorder = reorder(reorder::primitive_desc(eng, srcMd, eng, primSrcMd));
    if (primDstMd != dstMd)
      dstReorder = reorder(reorder::primitive_desc(eng, primDstMd, eng, dstMd));
    if (weightMd != userWeightMd) {
      weights = memory(weightMd, eng);
      weightReorder =
          reorder(reorder::primitive_desc(eng, userWeightMd, eng, weightMd));
    }
  }

  void run(const float *input, const float *weight, const float *bias,
           float *output) override {
    ThreadScope scope(threads);
    engine &eng = cpuEngine();
    stream s(eng);
    if (!constantWeight || !weightsReady) {
      memory user(userWeightMd, eng, const_cast<float *>(weight));
      if (weightMd == userWeightMd)
        weights = user;
      else
        weightReorder.execute(s, user, weights);
      weightsReady = true;
    }
    memory src(srcMd, eng, const_cast<float *>(input));
    memory dst(dstMd, eng, output);
    // Activations in the primitive's preferred (blocked) layout, reordered
    // at the boundary: plain NCHW stays the interpreter's only layout, but
    // for chained convolutions (chainBlocked) which share a blocked buffer.
    memory convSrc = src, convDst = dst;
    if (blockedIn) {
      convSrc = memory(primSrcMd, eng, blockedIn->data());
    } else if (primSrcMd != srcMd) {
      convSrc = memory(primSrcMd, eng, srcScratch.get(primSrcMd.get_size()));
      srcReorder.execute(s, src, convSrc);
    }
    if (blockedOut)
      convDst = memory(primDstMd, eng, blockedOut->data());
    else if (primDstMd != dstMd)
      convDst = memory(primDstMd, eng, dstScratch.get(primDstMd.get_size()));
    std::unordered_map<int, memory> args = {{DNNL_ARG_SRC, convSrc},
                                            {DNNL_ARG_WEIGHTS, weights},
                                            {DNNL_ARG_DST, convDst}};
    if (hasBias)
      args[DNNL_ARG_BIAS] = memory(biasMd, eng, const_cast<float *>(bias));
    prim.execute(s, args);
    if (activation.kind != ConvPostOp::None) {
      s.wait();
      applyActivation(static_cast<float *>(convDst.get_data_handle()),
                      int64_t(convDst.get_desc().get_size() / sizeof(float)));
    }
    if (primDstMd != dstMd && !blockedOut)
      dstReorder.execute(s, convDst, dst);
    s.wait();
  }

  /// The blocked buffer shared with the next (previous) convolution.
  std::shared_ptr<std::vector<float>> blockedIn, blockedOut;
  memory::desc srcMd, dstMd, primSrcMd, primDstMd;

private:
  /// relu or clip, elementwise in place (layout-blind: padding lanes of a
  /// blocked layout meet zero weights downstream), NaN kept.
  void applyActivation(float *x, int64_t n) const {
    float lo = activation.kind == ConvPostOp::Relu ? 0.0f : activation.alpha;
    float hi = activation.kind == ConvPostOp::Relu
                   ? std::numeric_limits<float>::infinity()
                   : activation.beta;
    parallelForGrain(n, threads, grainFor(n), [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i)
        x[i] = clampKeepNaN(x[i], lo, hi);
    });
  }

  ConvParams p;
  ConvPostOp activation;
  bool hasBias, constantWeight;
  int threads;
  primitive prim;
  reorder srcReorder, dstReorder, weightReorder;
  memory::desc biasMd, weightMd, userWeightMd;
  memory weights;
  bool weightsReady = false;
};

class PoolKernel : public onednn::PreparedKernel {
public:
  explicit PoolKernel(const PoolParams &p)
      : p(p), threads(threadsFor(double(p.n) * p.c * p.od * p.oh * p.ow * p.kd *
                                 p.kh * p.kw)) {
    ThreadScope scope(threads);
    engine &eng = cpuEngine();
    bool v = p.volumetric;
    auto spatial = [v](int64_t d, int64_t h, int64_t w) {
      return v ? memory::dims{d, h, w} : memory::dims{h, w};
    };
    tag act = v ? tag::ncdhw : tag::nchw;
    memory::dims src = {p.n, p.c}, dst = {p.n, p.c};
    for (int64_t x : spatial(p.d, p.h, p.w))
      src.push_back(x);
    for (int64_t x : spatial(p.od, p.oh, p.ow))
      dst.push_back(x);
    srcMd = memory::desc(src, dt::f32, act);
    dstMd = memory::desc(dst, dt::f32, act);
    memory::dims pr =
        spatial(rightPad(p.d, p.od, p.kd, p.strideD, p.dilationD, p.padFront),
                rightPad(p.h, p.oh, p.kh, p.strideH, p.dilationH, p.padTop),
                rightPad(p.w, p.ow, p.kw, p.strideW, p.dilationW, p.padLeft));
    algorithm alg = p.isMax ? algorithm::pooling_max
                    : p.countIncludePad
                        ? algorithm::pooling_avg_include_padding
                        : algorithm::pooling_avg_exclude_padding;
    auto d = pooling_v2_forward::desc(
        prop_kind::forward_inference, alg, srcMd, dstMd,
        spatial(p.strideD, p.strideH, p.strideW), spatial(p.kd, p.kh, p.kw),
        spatial(p.dilationD - 1, p.dilationH - 1, p.dilationW - 1),
        spatial(p.padFront, p.padTop, p.padLeft), pr);
    prim = pooling_v2_forward(pooling_v2_forward::primitive_desc(d, eng));
  }
  void run(const float *input, const float *, const float *,
           float *output) override {
    // oneDNN's max pooling takes max(best, x), which drops NaN: a window
    // holding NaN must give NaN, as in PyTorch and the reference kernel.
    if (p.isMax && hasNaN(input, p.n * p.c * p.d * p.h * p.w)) {
      reference::pool2d(p, input, output, threads);
      return;
    }
    ThreadScope scope(threads);
    engine &eng = cpuEngine();
    stream s(eng);
    memory src(srcMd, eng, const_cast<float *>(input));
    memory dst(dstMd, eng, output);
    prim.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
    s.wait();
  }

private:
  static bool hasNaN(const float *x, int64_t n) {
    bool nan = false;
    for (int64_t i = 0; i < n; ++i)
      nan |= x[i] != x[i]; // no early exit: the loop vectorizes
    return nan;
  }

  PoolParams p;
  int threads;
  primitive prim;
  memory::desc srcMd, dstMd;
};

class MatMulKernel : public onednn::PreparedKernel {
public:
  MatMulKernel(const MatMulParams &p, bool hasBias)
      : hasBias(hasBias),
        threads(threadsFor(double(p.batch) * p.m * p.k * p.n)) {
    ThreadScope scope(threads);
    engine &eng = cpuEngine();
    int64_t ba = p.strideA ? p.batch : 1, bb = p.strideB ? p.batch : 1;
    aMd =
        memory::desc({ba, p.m, p.k}, dt::f32, memory::dims{p.m * p.k, p.k, 1});
    if (p.transB)
      bMd = memory::desc({bb, p.k, p.n}, dt::f32,
                         memory::dims{p.n * p.k, 1, p.k});
    else
      bMd = memory::desc({bb, p.k, p.n}, dt::f32,
                         memory::dims{p.n * p.k, p.n, 1});
    cMd = memory::desc({p.batch, p.m, p.n}, dt::f32, tag::abc);
    biasMd =
        hasBias ? memory::desc({1, 1, p.n}, dt::f32, tag::abc) : memory::desc();
    auto d = matmul::desc(aMd, bMd, biasMd, cMd);
    prim = matmul(matmul::primitive_desc(d, eng));
  }
  void run(const float *a, const float *b, const float *bias,
           float *out) override {
    ThreadScope scope(threads);
    engine &eng = cpuEngine();
    stream s(eng);
    std::unordered_map<int, memory> args = {
        {DNNL_ARG_SRC, memory(aMd, eng, const_cast<float *>(a))},
        {DNNL_ARG_WEIGHTS, memory(bMd, eng, const_cast<float *>(b))},
        {DNNL_ARG_DST, memory(cMd, eng, out)}};
    if (hasBias)
      args[DNNL_ARG_BIAS] = memory(biasMd, eng, const_cast<float *>(bias));
    prim.execute(s, args);
    s.wait();
  }

private:
  bool hasBias;
  int threads;
  primitive prim;
  memory::desc aMd, bMd, cMd, biasMd;
};

} // namespace

bool onednn::supports(const ConvParams &p) {
  if (p.groups < 1 || p.c % p.groups || p.o % p.groups)
    return false;
  if (p.transposed)
    return transposedRightPad(p.d, p.od, p.kd, p.strideD, p.dilationD,
                              p.padFront) >= 0 &&
           transposedRightPad(p.h, p.oh, p.kh, p.strideH, p.dilationH,
                              p.padTop) >= 0 &&
           transposedRightPad(p.w, p.ow, p.kw, p.strideW, p.dilationW,
                              p.padLeft) >= 0;
  return rightPad(p.d, p.od, p.kd, p.strideD, p.dilationD, p.padFront) >= 0 &&
         rightPad(p.h, p.oh, p.kh, p.strideH, p.dilationH, p.padTop) >= 0 &&
         rightPad(p.w, p.ow, p.kw, p.strideW, p.dilationW, p.padLeft) >= 0;
}

bool onednn::chainBlocked(PreparedKernel &producer, PreparedKernel &consumer) {
  auto *a = dynamic_cast<ConvKernel *>(&producer);
  auto *b = dynamic_cast<ConvKernel *>(&consumer);
  if (!a || !b || a == b || a->blockedOut || b->blockedIn)
    return false;
  // Both sides must actually reorder (plain NCHW needs no chaining) and
  // agree on the blocked layout and its (padded) size.
  if (a->primDstMd == a->dstMd || b->primSrcMd == b->srcMd ||
      !(a->primDstMd == b->primSrcMd) || !(a->dstMd == b->srcMd))
    return false;
  auto buffer = std::make_shared<std::vector<float>>(
      (a->primDstMd.get_size() + sizeof(float) - 1) / sizeof(float));
  a->blockedOut = buffer;
  b->blockedIn = buffer;
  return true;
}

bool onednn::supports(const PoolParams &p) {
  int64_t prd = rightPad(p.d, p.od, p.kd, p.strideD, p.dilationD, p.padFront);
  int64_t prh = rightPad(p.h, p.oh, p.kh, p.strideH, p.dilationH, p.padTop);
  int64_t prw = rightPad(p.w, p.ow, p.kw, p.strideW, p.dilationW, p.padLeft);
  if (prd < 0 || prh < 0 || prw < 0)
    return false;
  // A ceil_mode overhang beyond the explicit padding is not counted by
  // PyTorch/ONNX in the divisor; oneDNN would count it.
  if (!p.isMax && p.countIncludePad &&
      (prd > p.padBack || prh > p.padBottom || prw > p.padRight))
    return false;
  // A window lying entirely in padding: oneDNN and PyTorch differ.
  if (p.padFront >= p.kd || p.padTop >= p.kh || p.padLeft >= p.kw ||
      prd >= p.kd || prh >= p.kh || prw >= p.kw)
    return false;
  return true;
}

bool onednn::supports(const MatMulParams &p) {
  return p.m > 0 && p.n > 0 && p.k > 0;
}

template <typename K, typename... Args>
static std::unique_ptr<onednn::PreparedKernel> tryMake(Args &&...args) {
  try {
    return std::make_unique<K>(std::forward<Args>(args)...);
  } catch (const dnnl::error &) {
    return nullptr;
  }
}

std::unique_ptr<onednn::PreparedKernel> onednn::prepareConv(const ConvParams &p,
                                                            bool hasBias,
                                                            bool constantWeight,
                                                            ConvPostOp post) {
  if (!supports(p))
    return nullptr;
  return tryMake<ConvKernel>(p, hasBias, constantWeight, post);
}

std::unique_ptr<onednn::PreparedKernel>
onednn::preparePool(const PoolParams &p) {
  if (!supports(p))
    return nullptr;
  return tryMake<PoolKernel>(p);
}

std::unique_ptr<onednn::PreparedKernel>
onednn::prepareMatMul(const MatMulParams &p, bool hasBias) {
  if (!supports(p))
    return nullptr;
  return tryMake<MatMulKernel>(p, hasBias);
}

void onednn::conv2d(const ConvParams &p, const float *input,
                    const float *weight, const float *bias, float *output) {
  auto k = prepareConv(p, bias != nullptr);
  if (k)
    k->run(input, weight, bias, output);
}

void onednn::pool2d(const PoolParams &p, const float *input, float *output) {
  auto k = preparePool(p);
  if (k)
    k->run(input, nullptr, nullptr, output);
}

void onednn::matmul(const MatMulParams &p, const float *a, const float *b,
                    const float *bias, float *output) {
  auto k = prepareMatMul(p, bias != nullptr);
  if (k)
    k->run(a, b, bias, output);
}

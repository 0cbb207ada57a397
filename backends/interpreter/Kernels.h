//===- Kernels.h - compute kernels on raw float buffers ---------*- C++ -*-===//
//
// The heavy kernels (convolution, transposed convolution, matrix product,
// pooling) in two implementations with one parameter struct each: plain
// reference loops (ReferenceKernels.cpp, the numerical definition) and
// oneDNN primitives (OneDNNKernels.cpp, the fast path). Both take NCHW
// activations and OIHW (transposed: IOHW) weights. The gtest
// KernelAgreementTest checks that they agree on many shapes.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_KERNELS_H
#define NNDCT_BACKENDS_INTERPRETER_KERNELS_H

#include <cstdint>
#include <memory>

namespace mlir::nndct {

/// A 2-D (transposed) convolution. For a transposed convolution `c` is the
/// input channel count, the weight is [C, O/groups, KH, KW], and the output
/// size includes `outputPadding`. A 3-D one (`volumetric`, NCDHW) also sets
/// the depth fields, which are the identity (1, no padding) for 2-D.
struct ConvParams {
  int64_t n = 1, c = 1, h = 1, w = 1;
  int64_t o = 1, kh = 1, kw = 1;
  int64_t oh = 1, ow = 1;
  int64_t strideH = 1, strideW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
  int64_t dilationH = 1, dilationW = 1;
  int64_t groups = 1;
  bool transposed = false;
  // Depth (3-D only).
  int64_t d = 1, kd = 1, od = 1, strideD = 1, padFront = 0, padBack = 0,
          dilationD = 1;
  bool volumetric = false;
};

/// Max or average 2-D pooling with explicit output size (so ceil_mode is
/// already folded into oh/ow). Average pooling divides by the window clipped
/// to the padded input when `countIncludePad`, else by the valid elements.
struct PoolParams {
  int64_t n = 1, c = 1, h = 1, w = 1;
  int64_t oh = 1, ow = 1;
  int64_t kh = 1, kw = 1;
  int64_t strideH = 1, strideW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
  int64_t dilationH = 1, dilationW = 1;
  bool isMax = true;
  bool countIncludePad = true;
  // Depth (3-D only, as in ConvParams).
  int64_t d = 1, od = 1, kd = 1, strideD = 1, padFront = 0, padBack = 0,
          dilationD = 1;
  bool volumetric = false;
};

/// out[b] = a[b] (MxK) * B[b] (KxN, or NxK when `transB`) (+ bias[N]).
/// Batch strides of 0 broadcast an operand over the batch.
struct MatMulParams {
  int64_t batch = 1, m = 1, k = 1, n = 1;
  int64_t strideA = 0, strideB = 0; ///< elements between batches (0 = shared)
  bool transB = false;
};

/// `x` clamped to [lo, hi], NaN kept (std::min/std::max and the x86 max
/// instructions return a bound for NaN, which would hide it; PyTorch keeps
/// it). Every clamping kernel (relu6, clamp, hard sigmoid/swish, fused conv
/// activations) uses this.
template <typename T> inline T clampKeepNaN(T x, T lo, T hi) {
  // Comparisons with NaN are false, so NaN passes both steps. Two selects
  // (not nested ones) so loops of it vectorize into one max and one min.
  x = x < lo ? lo : x;
  return x > hi ? hi : x;
}

namespace reference {
void conv2d(const ConvParams &p, const float *input, const float *weight,
            const float *bias, float *output, int threads);
void pool2d(const PoolParams &p, const float *input, float *output,
            int threads);
void matmul(const MatMulParams &p, const float *a, const float *b,
            const float *bias, float *output, int threads);
} // namespace reference

/// An activation applied to a convolution's output inside the primitive
/// (a oneDNN eltwise post-op): relu (alpha = negative slope) or clip to
/// [alpha, beta].
struct ConvPostOp {
  enum Kind { None, Relu, Clip } kind = None;
  float alpha = 0, beta = 0;
};

namespace onednn {
/// A oneDNN primitive prepared once (weights reordered) and run many times.
class PreparedKernel {
public:
  virtual ~PreparedKernel();
  /// `weight`/`bias` are ignored when bound at preparation.
  virtual void run(const float *input, const float *weight, const float *bias,
                   float *output) = 0;
};

/// Lets `consumer` (a convolution whose input is `producer`'s output and
/// nothing else reads it) take that output in the blocked layout both
/// prefer: `producer` writes it to a buffer they share instead of reordering
/// it to NCHW, and `consumer` skips its input reorder. The NCHW output tensor
/// is then left unwritten. Returns false (and changes nothing) when the
/// layouts differ or either is not a convolution.
bool chainBlocked(PreparedKernel &producer, PreparedKernel &consumer);

/// Whether oneDNN can run these parameters (else use the reference kernel).
bool supports(const ConvParams &p);
bool supports(const PoolParams &p);
bool supports(const MatMulParams &p);

/// Prepares a primitive; null when unsupported or oneDNN fails. A constant
/// convolution weight is reordered once (on the first run); otherwise on
/// every run.
std::unique_ptr<PreparedKernel> prepareConv(const ConvParams &p, bool hasBias,
                                            bool constantWeight = true,
                                            ConvPostOp post = {});
std::unique_ptr<PreparedKernel> preparePool(const PoolParams &p);
std::unique_ptr<PreparedKernel> prepareMatMul(const MatMulParams &p,
                                              bool hasBias);

/// Sets oneDNN's thread count for the calling thread.
void setThreads(int threads);

/// One-shot convenience wrappers (prepare + run), used by tests.
void conv2d(const ConvParams &p, const float *input, const float *weight,
            const float *bias, float *output);
void pool2d(const PoolParams &p, const float *input, float *output);
void matmul(const MatMulParams &p, const float *a, const float *b,
            const float *bias, float *output);
} // namespace onednn

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_KERNELS_H

//===- QuantKernels.cpp - fix and ONNX Q/DQ kernels -----------------------===//
//
// nndct.fix (forwards its input in Float mode or without a fix point,
// else rounds and saturates as docs/numerics.md), quantize_linear and
// dequantize_linear (per tensor or per axis).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"
#include "ir/ShapeInference.h"
#include "ir/numerics/FixArithmetic.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

FailureOr<PreparedKernel> prepareFix(Operation *o, const KernelConfig &cfg) {
  auto op = cast<FixOp>(o);
  if (cfg.options.mode == ExecutionMode::Float || !op.getFixPoint())
    return alias(0);
  int64_t fp = *op.getFixPoint();
  Rounding mode = op.getRounding();
  FixRange range = op.getRange();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       fixArray(x + begin, y + begin, end - begin, fp, mode,
                                range);
                     });
  };
  return k;
}

/// Per-element index into a per-axis (1-D) or per-tensor (0-D/size-1)
/// quantization parameter.
struct AxisIndexer {
  int64_t inner = 1, len = 1;
  bool perAxis = false;
  int64_t operator()(int64_t e) const {
    return perAxis ? (e / inner) % len : 0;
  }
};

AxisIndexer axisIndexer(Operation *op, Value input, Value scale, int64_t axis) {
  SmallVector<int64_t> shape = shapeOf(input);
  AxisIndexer ix;
  if (numElements(shapeOf(scale)) <= 1)
    return ix;
  if (axis < 0)
    axis += shape.size();
  ix.perAxis = true;
  ix.len = shape[axis];
  for (size_t i = axis + 1; i < shape.size(); ++i)
    ix.inner *= shape[i];
  return ix;
}

FailureOr<PreparedKernel> prepareQuantizeLinear(Operation *o,
                                                const KernelConfig &cfg) {
  auto op = cast<QuantizeLinearOp>(o);
  AxisIndexer ix = axisIndexer(op, op.getInput(), op.getScale(), op.getAxis());
  auto type =
      cast<IntegerType>(cast<ShapedType>(op.getType()).getElementType());
  unsigned bits = type.getWidth();
  double qmin = type.isUnsigned() ? 0.0 : -std::ldexp(1.0, bits - 1);
  double qmax = type.isUnsigned() ? std::ldexp(1.0, bits) - 1
                                  : std::ldexp(1.0, bits - 1) - 1;
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data(), *s = ins[1]->data.data(),
                *z = ins[2]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       for (int64_t e = begin; e < end; ++e) {
                         int64_t a = ix(e);
                         double q = roundWithMode(double(x[e] / s[a]),
                                                  Rounding::HalfEven) +
                                    z[a];
                         y[e] = float(std::clamp(q, qmin, qmax));
                       }
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareDequantizeLinear(Operation *o,
                                                  const KernelConfig &cfg) {
  auto op = cast<DequantizeLinearOp>(o);
  AxisIndexer ix = axisIndexer(op, op.getInput(), op.getScale(), op.getAxis());
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data(), *s = ins[1]->data.data(),
                *z = ins[2]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       for (int64_t e = begin; e < end; ++e) {
                         int64_t a = ix(e);
                         y[e] = (x[e] - z[a]) * s[a];
                       }
                     });
  };
  return k;
}

} // namespace

void mlir::nndct::registerQuantKernels(KernelRegistry &r) {
  r.add(FixOp::getOperationName(), prepareFix);
  r.add(QuantizeLinearOp::getOperationName(), prepareQuantizeLinear);
  r.add(DequantizeLinearOp::getOperationName(), prepareDequantizeLinear);
}

//===- DataMovementKernels.cpp - kernels that move data -------------------===//
//
// identity/dropout/stubs (forward their operand), reshape, transpose,
// slice, concat, split and pad: index arithmetic only, parallelised over
// output elements (resize is in SamplingKernels.cpp).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

FailureOr<PreparedKernel> prepareTranspose(Operation *o,
                                           const KernelConfig &cfg) {
  auto op = cast<TransposeOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  SmallVector<int64_t> inStrides = stridesOf(in), permStrides;
  for (int64_t p : op.getPerm())
    permStrides.push_back(inStrides[p]);
  return stridedCopyKernel(out, permStrides, cfg.options.threads);
}

FailureOr<PreparedKernel> prepareSlice(Operation *o, const KernelConfig &cfg) {
  auto op = cast<SliceOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  SmallVector<int64_t> inStrides = stridesOf(in), stepStrides;
  int64_t base = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    base += op.getStarts()[i] * inStrides[i];
    stepStrides.push_back(op.getSteps()[i] * inStrides[i]);
  }
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data() + base;
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       forEachBroadcast(out, stepStrides, stepStrides, begin,
                                        end,
                                        [&](int64_t e, int64_t off, int64_t) {
                                          y[e] = x[off];
                                        });
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareConcat(Operation *o, const KernelConfig &) {
  auto op = cast<ConcatOp>(o);
  SmallVector<int64_t> out = shapeOf(op.getOutput());
  int64_t axis = op.getAxis();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= out[i];
  for (size_t i = axis + 1; i < out.size(); ++i)
    inner *= out[i];
  SmallVector<int64_t> chunks;
  for (Value v : op.getInputs())
    chunks.push_back(shapeOf(v)[axis] * inner);
  int64_t total = out[axis] * inner;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    float *y = res[0].data.data();
    for (int64_t r = 0; r < outer; ++r) {
      int64_t off = 0;
      for (size_t i = 0; i < ins.size(); ++i) {
        std::copy_n(ins[i]->data.data() + r * chunks[i], chunks[i],
                    y + r * total + off);
        off += chunks[i];
      }
    }
  };
  return k;
}

FailureOr<PreparedKernel> prepareSplit(Operation *o, const KernelConfig &) {
  auto op = cast<SplitOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput());
  int64_t axis = op.getAxis();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= in[i];
  for (size_t i = axis + 1; i < in.size(); ++i)
    inner *= in[i];
  SmallVector<int64_t> chunks;
  for (int64_t s : op.getSizes())
    chunks.push_back(s * inner);
  int64_t total = in[axis] * inner;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    for (int64_t r = 0; r < outer; ++r) {
      int64_t off = 0;
      for (size_t i = 0; i < res.size(); ++i) {
        std::copy_n(x + r * total + off, chunks[i],
                    res[i].data.data() + r * chunks[i]);
        off += chunks[i];
      }
    }
  };
  return k;
}

FailureOr<PreparedKernel> preparePad(Operation *o, const KernelConfig &cfg) {
  auto op = cast<PadOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  SmallVector<int64_t> begins(op.getPads().begin(),
                              op.getPads().begin() + in.size());
  SmallVector<int64_t> inStrides = stridesOf(in);
  PadMode mode = op.getMode();
  float value = op.getValue().convertToFloat();
  int threads = cfg.options.threads;
  size_t rank = in.size();
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       SmallVector<int64_t> idx(rank);
                       for (int64_t e = begin; e < end; ++e) {
                         int64_t rem = e, off = 0;
                         bool outside = false;
                         for (int i = int(rank) - 1; i >= 0; --i) {
                           int64_t c = rem % out[i] - begins[i];
                           rem /= out[i];
                           if (c < 0 || c >= in[i]) {
                             if (mode == PadMode::constant) {
                               outside = true;
                               break;
                             }
                             if (mode == PadMode::edge) {
                               c = std::clamp<int64_t>(c, 0, in[i] - 1);
                             } else { // reflect (no edge repeat)
                               int64_t period = 2 * (in[i] - 1);
                               if (period == 0) {
                                 c = 0;
                               } else {
                                 c = ((c % period) + period) % period;
                                 if (c >= in[i])
                                   c = period - c;
                               }
                             }
                           }
                           off += c * inStrides[i];
                         }
                         y[e] = outside ? value : x[off];
                       }
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareCopy(Operation *, const KernelConfig &) {
  PreparedKernel k;
  k.run = [](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    res[0].data = ins[0]->data;
  };
  return k;
}

} // namespace

void mlir::nndct::registerDataMovementKernels(KernelRegistry &r) {
  auto aliasFactory = [](Operation *,
                         const KernelConfig &) -> FailureOr<PreparedKernel> {
    return alias(0);
  };
  r.add(IdentityOp::getOperationName(), aliasFactory);
  r.add(DropoutOp::getOperationName(), aliasFactory);
  r.add(QuantStubOp::getOperationName(), aliasFactory);
  r.add(DequantStubOp::getOperationName(), aliasFactory);
  r.add(ReshapeOp::getOperationName(), prepareCopy);
  r.add(ConcatOp::getOperationName(), prepareConcat);
  r.add(SplitOp::getOperationName(), prepareSplit);
  r.add(TransposeOp::getOperationName(), prepareTranspose);
  r.add(SliceOp::getOperationName(), prepareSlice);
  r.add(PadOp::getOperationName(), preparePad);
}

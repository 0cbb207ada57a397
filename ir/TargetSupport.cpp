//===- TargetSupport.cpp - can the target's NPU run this op? --------------===//
//
// One function per engine family checks an op's attributes and shapes
// against the target model's limits; the message of a refusal names the op
// kind, the offending value and the engine's range, as placement reports
// and verifier diagnostics show it.
//
//===----------------------------------------------------------------------===//

#include "ir/TargetSupport.h"
#include "ir/NNDCTOps.h"
#include "ir/QuantRole.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace mlir::nndct;

namespace {

std::string kindOf(Operation *op) { return op->getName().stripDialect().str(); }

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

std::string range(Interval i) {
  return i.min == i.max ? std::to_string(i.min)
                        : llvm::formatv("{0}-{1}", i.min, i.max).str();
}

/// Checks a 2-D window (kernel, stride, dilation, padding) and the channel
/// limits of `limits`; `what` names the engine in messages ("the conv
/// engine").
struct WindowCheck {
  Operation *op;
  const EngineLimits &limits;
  StringRef what;

  std::optional<OpSupport> kernel(int64_t kh, int64_t kw) const {
    if (!limits.kernel.contains(kh) || !limits.kernel.contains(kw))
      return refuse(CpuReason::kernel_size,
                    llvm::formatv("kernel {0}x{1}: {2} takes {3}", kh, kw, what,
                                  range(limits.kernel)));
    if (limits.squareKernel && kh != kw)
      return refuse(CpuReason::kernel_size,
                    llvm::formatv("kernel {0}x{1}: {2} takes square kernels "
                                  "only",
                                  kh, kw, what));
    return std::nullopt;
  }
  std::optional<OpSupport> stride(ArrayRef<int64_t> s) const {
    for (int64_t v : s)
      if (!limits.stride.contains(v))
        return refuse(CpuReason::stride,
                      llvm::formatv("stride {0}x{1}: {2} takes {3}", s[0], s[1],
                                    what, range(limits.stride)));
    return std::nullopt;
  }
  std::optional<OpSupport> dilation(ArrayRef<int64_t> d) const {
    for (int64_t v : d)
      if (!limits.dilation.contains(v))
        return refuse(CpuReason::dilation,
                      llvm::formatv("dilation {0}x{1}: {2} takes {3}", d[0],
                                    d[1], what, range(limits.dilation)));
    return std::nullopt;
  }
  /// pads = [top, left, bottom, right]; each side at most (k - 1) * d.
  std::optional<OpSupport> padding(ArrayRef<int64_t> pads, int64_t kh,
                                   int64_t kw, ArrayRef<int64_t> d) const {
    int64_t maxH = (kh - 1) * d[0], maxW = (kw - 1) * d[1];
    if (pads[0] > maxH || pads[2] > maxH || pads[1] > maxW || pads[3] > maxW)
      return refuse(CpuReason::padding,
                    llvm::formatv("padding [{0}, {1}, {2}, {3}] exceeds "
                                  "(kernel - 1) * dilation = {4}x{5}",
                                  pads[0], pads[1], pads[2], pads[3], maxH,
                                  maxW));
    return std::nullopt;
  }
  std::optional<OpSupport> channels(int64_t in, int64_t out, int64_t kh,
                                    int64_t kw, int64_t dilation) const {
    if (limits.maxOutputChannels && out > limits.maxOutputChannels)
      return refuse(CpuReason::channels,
                    llvm::formatv("{0} output channels: {1} takes at most {2}",
                                  out, what, limits.maxOutputChannels));
    if (limits.maxDilationChannels &&
        dilation * in > limits.maxDilationChannels)
      return refuse(CpuReason::dilation,
                    llvm::formatv("dilation {0} x {1} input channels: {2} "
                                  "takes a product of at most {3}",
                                  dilation, in, what,
                                  limits.maxDilationChannels));
    if (limits.bankDepth && limits.channelParallel) {
      int64_t depth =
          kh * kw *
          ((in + limits.channelParallel - 1) / limits.channelParallel);
      if (depth > limits.bankDepth)
        return refuse(CpuReason::memory,
                      llvm::formatv("weights need {0} bank rows (kernel "
                                    "{1}x{2}, {3} input channels): {4} has "
                                    "{5}",
                                    depth, kh, kw, in, what, limits.bankDepth));
    }
    return std::nullopt;
  }

  OpSupport refuse(CpuReason reason, const std::string &detail) const {
    return OpSupport::cpu(reason, kindOf(op) + " " + detail);
  }
};

int64_t dim(Value v, unsigned i) {
  return cast<ShapedType>(v.getType()).getDimSize(i);
}

OpSupport noKernel(Operation *op, StringRef why) {
  return OpSupport::cpu(CpuReason::no_npu_kernel,
                        kindOf(op) + ": " + why.str());
}

/// Runs the checks in order; the first refusal wins.
OpSupport firstRefusal(Engine engine,
                       std::initializer_list<std::optional<OpSupport>> checks) {
  for (const std::optional<OpSupport> &c : checks)
    if (c)
      return *c;
  return OpSupport::npu(engine);
}

OpSupport checkConv(const TargetModel &t, Conv2DOp conv) {
  bool depthwise = conv.isDepthwise();
  int64_t groups = conv.getGroups();
  if (!depthwise && groups != 1)
    return OpSupport::cpu(
        CpuReason::groups,
        llvm::formatv("conv2d groups = {0}: the conv engine takes groups = 1 "
                      "and depthwise",
                      groups)
            .str());
  const EngineLimits &limits = depthwise ? t.depthwiseConv : t.conv;
  WindowCheck check{conv, limits,
                    depthwise ? "the depthwise engine" : "the conv engine"};
  int64_t kh = dim(conv.getWeight(), 2), kw = dim(conv.getWeight(), 3);
  ArrayRef<int64_t> d = conv.getDilations();
  return firstRefusal(
      depthwise ? Engine::DepthwiseConv : Engine::Conv,
      {check.kernel(kh, kw), check.stride(conv.getStrides()), check.dilation(d),
       check.padding(conv.getPads(), kh, kw, d),
       check.channels(dim(conv.getWeight(), 1), dim(conv.getWeight(), 0), kh,
                      kw, std::max(d[0], d[1]))});
}

OpSupport checkConvTranspose(const TargetModel &t, ConvTranspose2DOp conv) {
  if (!t.transposedConv.exists())
    return noKernel(conv, "the target has no transposed-convolution engine");
  if (conv.getGroups() != 1)
    return OpSupport::cpu(
        CpuReason::groups,
        llvm::formatv("conv_transpose2d groups = {0}: the transposed-conv "
                      "engine takes groups = 1",
                      conv.getGroups())
            .str());
  WindowCheck check{conv, t.transposedConv, "the transposed-conv engine"};
  int64_t kh = dim(conv.getWeight(), 2), kw = dim(conv.getWeight(), 3);
  ArrayRef<int64_t> d = conv.getDilations();
  return firstRefusal(Engine::TransposedConv,
                      {check.kernel(kh, kw), check.stride(conv.getStrides()),
                       check.dilation(d),
                       check.channels(dim(conv.getWeight(), 0),
                                      dim(conv.getWeight(), 1), kh, kw, 1)});
}

/// linear and matmul by a constant run on the conv engine as a 1x1 conv.
OpSupport checkDense(const TargetModel &t, Operation *op, int64_t in,
                     int64_t out) {
  WindowCheck check{op, t.conv, "the conv engine"};
  return firstRefusal(Engine::Conv, {check.channels(in, out, 1, 1, 1)});
}

OpSupport checkPool(const TargetModel &t, Operation *op,
                    const EngineLimits &limits, int64_t kh, int64_t kw,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> pads) {
  WindowCheck check{op, limits, "the pool engine"};
  int64_t unit[2] = {1, 1};
  return firstRefusal(
      Engine::Pool,
      {check.kernel(kh, kw), check.stride(strides),
       pads.empty() ? std::nullopt : check.padding(pads, kh, kw, unit)});
}

/// A global or evenly dividing average over the H,W plane.
OpSupport checkPlaneAverage(const TargetModel &t, Operation *op, Value input,
                            int64_t outH, int64_t outW) {
  int64_t h = dim(input, 2), w = dim(input, 3);
  if (ShapedType::isDynamic(h) || ShapedType::isDynamic(w) || h % outH ||
      w % outW)
    return OpSupport::cpu(
        CpuReason::attribute,
        llvm::formatv("{0}: output {1}x{2} does not divide the input plane "
                      "{3}x{4} into equal windows",
                      kindOf(op), outH, outW, h, w)
            .str());
  int64_t kh = h / outH, kw = w / outW;
  int64_t strides[2] = {kh, kw};
  return checkPool(t, op, t.avgPool, kh, kw, strides, {});
}

OpSupport checkActivation(const TargetModel &t, Operation *op) {
  Nonlinear n = nonlinearOf(op, t);
  if (auto leaky = dyn_cast<LeakyReluOp>(op)) {
    int64_t fixed = t.numerics.fixedLeakyNumerator;
    double alpha = leaky.getAlpha().convertToDouble();
    int64_t k = std::llround(alpha * double(t.numerics.leakyDenominator));
    if (fixed && k != fixed)
      return OpSupport::cpu(
          CpuReason::attribute,
          llvm::formatv("leaky_relu alpha {0}: the engine's slope is {1}/{2} "
                        "only",
                        number(alpha), fixed, t.numerics.leakyDenominator)
              .str());
  }
  if (n == Nonlinear::None)
    return OpSupport::cpu(CpuReason::attribute,
                          kindOf(op) + ": only clamp(0, 6) and clamp(0, inf) "
                                       "(relu6, relu) have NPU kernels");
  if (contains(t.standalone, n))
    return OpSupport::npu(Engine::Activation);
  return OpSupport::cpu(CpuReason::unfused_activation,
                        kindOf(op) + ": the target runs it only fused into the "
                                     "conv, depthwise or eltwise op before it");
}

bool isSpatialAxes(ArrayRef<int64_t> axes, int64_t rank) {
  if (rank != 4 || axes.size() != 2)
    return false;
  SmallVector<int64_t> a;
  for (int64_t x : axes)
    a.push_back(x < 0 ? x + rank : x);
  llvm::sort(a);
  return a[0] == 2 && a[1] == 3;
}

OpSupport checkResize(const TargetModel &t, ResizeOp resize) {
  if (resize.getMode() != ResizeMode::nearest)
    return noKernel(resize, "only nearest-neighbour resize has an NPU kernel");
  if (!t.nearestResize)
    return noKernel(resize, "the target has no resize kernel");
  int64_t inH = dim(resize.getInput(), 2), inW = dim(resize.getInput(), 3);
  int64_t outH = dim(resize.getOutput(), 2), outW = dim(resize.getOutput(), 3);
  if (outH % inH || outW % inW)
    return OpSupport::cpu(
        CpuReason::attribute,
        llvm::formatv("resize {0}x{1} -> {2}x{3}: only integer upsampling "
                      "factors run on the NPU",
                      inH, inW, outH, outW)
            .str());
  return OpSupport::npu(Engine::DataMovement);
}

} // namespace

Nonlinear mlir::nndct::nonlinearOf(Operation *op, const TargetModel &t) {
  return llvm::TypeSwitch<Operation *, Nonlinear>(op)
      .Case<ReluOp>([](auto) { return Nonlinear::Relu; })
      .Case<Relu6Op>([](auto) { return Nonlinear::Relu6; })
      .Case<LeakyReluOp>([](auto) { return Nonlinear::LeakyRelu; })
      .Case<PReluOp>([](auto) { return Nonlinear::PRelu; })
      .Case<HardSigmoidOp>([&](HardSigmoidOp hs) {
        // Only the engine's form; nndct-legalize-target rewrites others.
        bool engineForm =
            std::fabs(hs.getAlpha().convertToDouble() - t.hardSigmoidAlpha) <=
                1e-6 &&
            std::fabs(hs.getBeta().convertToDouble() - t.hardSigmoidBeta) <=
                1e-6;
        return engineForm ? Nonlinear::HardSigmoid : Nonlinear::None;
      })
      .Case<HardSwishOp>([](auto) { return Nonlinear::HardSwish; })
      .Case<ClampOp>([](ClampOp c) {
        float lo = c.getMin().convertToFloat(),
              hi = c.getMax().convertToFloat();
        if (lo != 0.0f)
          return Nonlinear::None;
        if (hi == 6.0f)
          return Nonlinear::Relu6;
        return std::isinf(hi) ? Nonlinear::Relu : Nonlinear::None;
      })
      .Default([](Operation *) { return Nonlinear::None; });
}

std::optional<Engine> mlir::nndct::fusedEngine(const TargetModel &t,
                                               Operation *activation,
                                               Operation *producer) {
  if (activation->getNumOperands() == 0 || producer->getNumResults() != 1)
    return std::nullopt;
  // The fix of the producer's output (an activation outside the producer's
  // quant group, such as hard swish, reads the requantized value) stays
  // inside the engine: look through it.
  Value input = activation->getOperand(0);
  while (auto fix = input.getDefiningOp<FixOp>()) {
    if (!input.hasOneUse())
      return std::nullopt;
    input = fix.getInput();
  }
  if (input != producer->getResult(0) || !input.hasOneUse())
    return std::nullopt;
  OpSupport ps = checkOpSupport(t, producer);
  if (!ps.onNpu() ||
      !contains(fusedNonlinears(t, ps.engine), nonlinearOf(activation, t)))
    return std::nullopt;
  return ps.engine;
}

Nonlinear mlir::nndct::fusedNonlinears(const TargetModel &t, Engine engine) {
  switch (engine) {
  case Engine::Conv:
    return t.conv.fused;
  case Engine::DepthwiseConv:
    return t.depthwiseConv.fused;
  case Engine::TransposedConv:
    return t.transposedConv.fused;
  case Engine::Eltwise:
    return t.eltwiseFused;
  default:
    return Nonlinear::None;
  }
}

OpSupport mlir::nndct::checkOpSupport(const TargetModel &t, Operation *op) {
  if (auto kept = op->getAttrOfType<StringAttr>(kKeptFloatAttrName))
    return OpSupport::cpu(CpuReason::kept_float,
                          kindOf(op) + ": " + kept.getValue().str());
  switch (getQuantRole(op)) {
  case QuantRole::Float:
    return OpSupport::cpu(CpuReason::float_op,
                          kindOf(op) + ": no integer form; it runs in float");
  case QuantRole::Forbidden:
    return OpSupport::cpu(CpuReason::float_op,
                          kindOf(op) + ": " + getForbiddenReason(op).str());
  default:
    break;
  }
  return llvm::TypeSwitch<Operation *, OpSupport>(op)
      .Case<Conv2DOp>([&](Conv2DOp c) { return checkConv(t, c); })
      .Case<ConvTranspose2DOp>(
          [&](ConvTranspose2DOp c) { return checkConvTranspose(t, c); })
      .Case<LinearOp>([&](LinearOp l) {
        return checkDense(t, l, dim(l.getWeight(), 1), dim(l.getWeight(), 0));
      })
      .Case<MatMulOp>([&](MatMulOp m) {
        auto rhs = cast<ShapedType>(m.getRhs().getType());
        if (!matchPattern(m.getRhs(), m_Constant()) || rhs.getRank() != 2)
          return noKernel(m, "no NPU engine multiplies two activations");
        return checkDense(t, m, rhs.getDimSize(0), rhs.getDimSize(1));
      })
      .Case<AddOp, SubOp, MulOp>(
          [](Operation *) { return OpSupport::npu(Engine::Eltwise); })
      .Case<DivOp>([](DivOp d) {
        return noKernel(d, "no NPU kernel divides (a division by a constant "
                           "is canonicalized to a multiplication)");
      })
      .Case<ReluOp, Relu6Op, LeakyReluOp, PReluOp, HardSigmoidOp, HardSwishOp,
            ClampOp>([&](Operation *a) { return checkActivation(t, a); })
      .Case<MaxPool2DOp>([&](MaxPool2DOp p) {
        if (llvm::any_of(p.getDilations(), [](int64_t d) { return d != 1; }))
          return OpSupport::cpu(CpuReason::dilation,
                                "max_pool2d dilation: the pool engine has "
                                "none");
        ArrayRef<int64_t> k = p.getKernelSize();
        return checkPool(t, p, t.maxPool, k[0], k[1], p.getStrides(),
                         p.getPads());
      })
      .Case<AvgPool2DOp>([&](AvgPool2DOp p) {
        ArrayRef<int64_t> k = p.getKernelSize();
        return checkPool(t, p, t.avgPool, k[0], k[1], p.getStrides(),
                         p.getPads());
      })
      .Case<AdaptiveAvgPool2DOp>([&](AdaptiveAvgPool2DOp p) {
        ArrayRef<int64_t> o = p.getOutputSize();
        return checkPlaneAverage(t, p, p.getInput(), o[0], o[1]);
      })
      .Case<ReduceMeanOp>([&](ReduceMeanOp r) {
        Value in = r->getOperand(0);
        if (!isSpatialAxes(r.getAxes(),
                           cast<ShapedType>(in.getType()).getRank()))
          return noKernel(r, "only a mean over H and W of an NCHW tensor runs "
                             "on the pool engine");
        return checkPlaneAverage(t, r, in, 1, 1);
      })
      .Case<ReduceSumOp, ReduceMaxOp, GeluOp, SoftmaxOp, LayerNormOp>(
          [](Operation *o) { return noKernel(o, "the target has no kernel"); })
      .Case<ConcatOp, ReshapeOp, TransposeOp, SliceOp, SplitOp, IdentityOp,
            DropoutOp>(
          [](Operation *) { return OpSupport::npu(Engine::DataMovement); })
      .Case<PadOp>([](PadOp p) {
        if (p.getMode() != PadMode::constant ||
            p.getValue().convertToFloat() != 0.0f)
          return OpSupport::cpu(CpuReason::attribute,
                                "pad: only zero padding runs on the NPU");
        return OpSupport::npu(Engine::DataMovement);
      })
      .Case<ResizeOp>([&](ResizeOp r) { return checkResize(t, r); })
      .Default([](Operation *o) {
        return noKernel(o, "the target has no kernel for it");
      });
}

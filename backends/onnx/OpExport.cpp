//===- OpExport.cpp - nndct compute ops to ONNX nodes ---------------------===//
//
// One case per nndct op: the ONNX op(s) it becomes at the requested opset.
// Attributes map one to one where ONNX has them (nndct's pads are already
// ONNX's [begins..., ends...] order for 2-D windows); ops ONNX lacks at the
// opset (HardSwish before 14, Gelu) are expanded into standard ops.
//
// With --onnx-rounding=exact, ops whose float result depends on how it is
// computed are written as the exact sequence of IEEE operations nndct's
// fake-quant kernels perform (hard sigmoid, hard swish, and the device
// arithmetic of ops marked `npu_numerics`: window sums times the
// NPU's multiplier * 2^-shift), so ONNX Runtime reproduces them bit for bit.
//
//===----------------------------------------------------------------------===//

#include "backends/onnx/ExportContext.h"
#include "ir/AverageWindows.h"

#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_export;

namespace {

/// Converts one op: operand names in, result names out.
class OpConverter {
public:
  OpConverter(ExportContext &ctx, Operation *op)
      : ctx(ctx), op(op), base(ctx.nodeName(op)) {}

  LogicalResult run();

private:
  /// The ONNX name of operand `i` (fails if it has no producer).
  FailureOr<std::string> in(unsigned i) {
    return ctx.valueName(op->getOperand(i), op);
  }

  /// The output tensor name for result `i`: the node name (suffixed by the
  /// result index for multi-result ops), or the requested graph output name.
  std::string out(unsigned i = 0) {
    std::string tensorBase =
        op->getNumResults() == 1 ? base : base + "_" + std::to_string(i);
    std::string name = ctx.resultName(op->getResult(i), tensorBase);
    ctx.setValueName(op->getResult(i), name);
    return name;
  }

  /// A node named after the op (unique).
  onnx::NodeProto &node(llvm::StringRef type,
                        const std::vector<std::string> &inputs,
                        const std::vector<std::string> &outputs) {
    return ctx.addNode(type, ctx.uniqueNodeName(base), inputs, outputs);
  }
  /// An auxiliary node of an expansion, named `<node>_<what>`.
  onnx::NodeProto &aux(llvm::StringRef type, llvm::StringRef what,
                       const std::vector<std::string> &inputs,
                       std::string &output) {
    output = ctx.uniqueName(base + "_" + what.str());
    return ctx.addNode(type, ctx.uniqueNodeName(base + "_" + what.str()),
                       inputs, {output});
  }

  /// A one-node op whose inputs are all operands, in order.
  LogicalResult simple(llvm::StringRef type) {
    std::vector<std::string> inputs;
    for (unsigned i = 0; i < op->getNumOperands(); ++i) {
      FailureOr<std::string> name = in(i);
      if (failed(name))
        return failure();
      inputs.push_back(*name);
    }
    std::vector<std::string> outputs;
    for (unsigned i = 0; i < op->getNumResults(); ++i)
      outputs.push_back(out(i));
    lastNode = &node(type, inputs, outputs);
    return success();
  }

  /// The op is an identity: its result is its operand's tensor, unless the
  /// result is a graph output (then an Identity node names it).
  LogicalResult alias() {
    FailureOr<std::string> input = in(0);
    if (failed(input))
      return failure();
    Value result = op->getResult(0);
    if (!ctx.requestedName(result).empty()) {
      node("Identity", {*input}, {out()});
      return success();
    }
    ctx.setValueName(result, *input);
    return success();
  }

  LogicalResult unsupported(llvm::StringRef why = "") {
    InFlightDiagnostic diag = op->emitError("ONNX export: '")
                              << op->getName().getStringRef() << "' (node '"
                              << base << "') cannot be exported at opset "
                              << ctx.opset();
    if (!why.empty())
      diag << ": " << why;
    return diag;
  }

  LogicalResult clip(float lo, float hi);
  /// Scatter reductions: add/mul since opset 16, max/min since 18.
  LogicalResult checkReductionOpset(llvm::StringRef reduction) {
    int64_t need = reduction == "none"                          ? 1
                   : (reduction == "add" || reduction == "mul") ? 16
                                                                : 18;
    if (ctx.opset() < need)
      return unsupported(
          ("reduction '" + reduction + "' needs opset " + llvm::Twine(need))
              .str());
    return success();
  }
  /// Conv2DOp / Conv3DOp.
  template <typename ConvOp> LogicalResult conv(ConvOp conv);
  /// ConvTranspose2DOp / ConvTranspose3DOp.
  template <typename ConvOp> LogicalResult convTranspose(ConvOp conv);
  LogicalResult linear(LinearOp linear);
  LogicalResult hardSwish();
  LogicalResult silu();
  LogicalResult gelu(GeluOp gelu);
  LogicalResult reduce(llvm::StringRef type, ArrayRef<int64_t> axes,
                       bool keepdims);
  LogicalResult adaptivePool(AdaptiveAvgPool2DOp pool);
  LogicalResult avgPool(AvgPool2DOp pool);
  LogicalResult hardSigmoid(HardSigmoidOp op);
  LogicalResult reduceMean(ReduceMeanOp op);
  LogicalResult decomposedLayerNorm(LayerNormOp norm, const std::string &x,
                                    int64_t axis);
  LogicalResult deviceAverage(ArrayRef<int64_t> kernel,
                              ArrayRef<int64_t> strides,
                              ArrayRef<int64_t> pads);
  /// Whether the op computes the device's arithmetic and the export must
  /// repeat it exactly.
  bool exactDevice() const { return ctx.exact() && usesDeviceNumerics(op); }
  LogicalResult resize(ResizeOp resize);
  LogicalResult layerNorm(LayerNormOp norm);
  LogicalResult groupNorm(GroupNormOp norm);

  ExportContext &ctx;
  Operation *op;
  std::string base;
  onnx::NodeProto *lastNode = nullptr;
};

LogicalResult OpConverter::clip(float lo, float hi) {
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  // Integer data takes bounds of its own type.
  Type element = getElementTypeOrSelf(op->getOperand(0).getType());
  std::string minName = ctx.addScalar(base + "_min", element, lo);
  std::string maxName = ctx.addScalar(base + "_max", element, hi);
  node("Clip", {*x, minName, maxName}, {out()});
  return success();
}

/// The window attributes Conv and ConvTranspose share (nndct's pads order
/// [top, left, bottom, right] is ONNX's [x1_begin, x2_begin, x1_end, x2_end]).
template <typename ConvOp>
static void setConvAttrs(onnx::NodeProto &node, ConvOp conv) {
  auto weight = cast<RankedTensorType>(conv.getWeight().getType());
  ExportContext::setAttr(node, "kernel_shape", weight.getShape().drop_front(2));
  ExportContext::setAttr(node, "strides", conv.getStrides());
  ExportContext::setAttr(node, "pads", conv.getPads());
  ExportContext::setAttr(node, "dilations", conv.getDilations());
  ExportContext::setAttr(node, "group", int64_t(conv.getGroups()));
}

template <typename ConvOp> LogicalResult OpConverter::conv(ConvOp conv) {
  if (failed(simple("Conv")))
    return failure();
  setConvAttrs(*lastNode, conv);
  return success();
}

template <typename ConvOp>
LogicalResult OpConverter::convTranspose(ConvOp conv) {
  if (failed(simple("ConvTranspose")))
    return failure();
  setConvAttrs(*lastNode, conv);
  ExportContext::setAttr(*lastNode, "output_padding", conv.getOutputPadding());
  return success();
}

LogicalResult OpConverter::linear(LinearOp linear) {
  auto input = cast<RankedTensorType>(linear.getInput().getType());
  if (input.getRank() == 2) {
    // Gemm(x, W, b) with transB = 1: PyTorch's [M, K] weight layout.
    if (failed(simple("Gemm")))
      return failure();
    ExportContext::setAttr(*lastNode, "transB", int64_t(1));
    return success();
  }
  // N-D input: MatMul(x, Transpose(W)) (+ b).
  FailureOr<std::string> x = in(0), w = in(1);
  if (failed(x) || failed(w))
    return failure();
  std::string wt, mm;
  ExportContext::setAttr(aux("Transpose", "weight_t", {*w}, wt), "perm",
                         ArrayRef<int64_t>{1, 0});
  if (!linear.getBias()) {
    node("MatMul", {*x, wt}, {out()});
    return success();
  }
  FailureOr<std::string> b = in(2);
  if (failed(b))
    return failure();
  aux("MatMul", "matmul", {*x, wt}, mm);
  node("Add", {mm, *b}, {out()});
  return success();
}

LogicalResult OpConverter::hardSwish() {
  if (ctx.exact()) {
    // nndct's kernel: x * clamp(x + 3, 0, 6) / 6, each step one IEEE op.
    // ONNX's HardSwish multiplies by 1/6 (inexact) instead of dividing.
    FailureOr<std::string> x = in(0);
    if (failed(x))
      return failure();
    std::string shifted, r6, prod;
    aux("Add", "plus3", {*x, ctx.addFloatScalar(base + "_three", 3.0f)},
        shifted);
    aux("Clip", "relu6",
        {shifted, ctx.addFloatScalar(base + "_zero", 0.0f),
         ctx.addFloatScalar(base + "_six", 6.0f)},
        r6);
    aux("Mul", "x_times", {*x, r6}, prod);
    node("Div", {prod, ctx.addFloatScalar(base + "_div", 6.0f)}, {out()});
    return success();
  }
  if (ctx.opset() >= 14)
    return simple("HardSwish");
  // x * HardSigmoid(x; 1/6, 1/2) is HardSwish's definition.
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  std::string hs;
  onnx::NodeProto &sig = aux("HardSigmoid", "hardsigmoid", {*x}, hs);
  ExportContext::setAttr(sig, "alpha", 1.0f / 6.0f);
  ExportContext::setAttr(sig, "beta", 0.5f);
  node("Mul", {*x, hs}, {out()});
  return success();
}

LogicalResult OpConverter::silu() {
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  std::string sig;
  aux("Sigmoid", "sigmoid", {*x}, sig);
  node("Mul", {*x, sig}, {out()});
  return success();
}

LogicalResult OpConverter::gelu(GeluOp gelu) {
  // Gelu is an ONNX op only from opset 20: expand it.
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  std::string inner, t, onePlus, prod;
  if (gelu.getApproximation() == GeluApproximation::none) {
    // 0.5 * x * (1 + erf(x / sqrt(2)))
    std::string scaled;
    aux("Mul", "scaled",
        {*x, ctx.addFloatScalar(base + "_rsqrt2", float(M_SQRT1_2))}, scaled);
    aux("Erf", "erf", {scaled}, t);
  } else {
    // 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))
    std::string x2, x3, cubic, sum;
    aux("Mul", "x2", {*x, *x}, x2);
    aux("Mul", "x3", {x2, *x}, x3);
    aux("Mul", "cubic", {x3, ctx.addFloatScalar(base + "_c", 0.044715f)},
        cubic);
    aux("Add", "sum", {*x, cubic}, sum);
    aux("Mul", "inner",
        {sum, ctx.addFloatScalar(base + "_k", float(std::sqrt(2.0 / M_PI)))},
        inner);
    aux("Tanh", "tanh", {inner}, t);
  }
  aux("Add", "one_plus", {t, ctx.addFloatScalar(base + "_one", 1.0f)}, onePlus);
  aux("Mul", "x_times", {*x, onePlus}, prod);
  node("Mul", {prod, ctx.addFloatScalar(base + "_half", 0.5f)}, {out()});
  return success();
}

LogicalResult OpConverter::reduce(llvm::StringRef type, ArrayRef<int64_t> axes,
                                  bool keepdims) {
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  // ReduceSum takes axes as an input from opset 13; the others from 18.
  bool axesInput = type == "ReduceSum" ? ctx.opset() >= 13 : ctx.opset() >= 18;
  std::vector<std::string> inputs{*x};
  if (axesInput)
    inputs.push_back(ctx.addInt64Tensor(base + "_axes", axes));
  onnx::NodeProto &n = node(type, inputs, {out()});
  if (!axesInput)
    ExportContext::setAttr(n, "axes", axes);
  ExportContext::setAttr(n, "keepdims", int64_t(keepdims));
  return success();
}

LogicalResult OpConverter::adaptivePool(AdaptiveAvgPool2DOp pool) {
  auto input = cast<RankedTensorType>(pool.getInput().getType());
  ArrayRef<int64_t> outSize = pool.getOutputSize();
  int64_t h = input.getDimSize(2), w = input.getDimSize(3);
  bool divides = h % outSize[0] == 0 && w % outSize[1] == 0;
  SmallVector<int64_t> kernel{h / outSize[0], w / outSize[1]};
  if (exactDevice() && (pool.isGlobal() || divides))
    return deviceAverage(kernel, kernel, {0, 0, 0, 0});
  if (pool.isGlobal())
    return simple("GlobalAveragePool");
  if (!divides)
    return unsupported(
        "adaptive average pooling is an AveragePool only when the "
        "output size divides the input size");
  if (failed(simple("AveragePool")))
    return failure();
  ExportContext::setAttr(*lastNode, "kernel_shape", kernel);
  ExportContext::setAttr(*lastNode, "strides", kernel);
  return success();
}

/// AveragePool's attributes for AvgPool2DOp / AvgPool3DOp.
template <typename PoolOp>
static void setAvgPoolAttrs(onnx::NodeProto &node, PoolOp pool) {
  ExportContext::setAttr(node, "kernel_shape", pool.getKernelSize());
  ExportContext::setAttr(node, "strides", pool.getStrides());
  ExportContext::setAttr(node, "pads", pool.getPads());
  ExportContext::setAttr(node, "ceil_mode", int64_t(pool.getCeilMode()));
  ExportContext::setAttr(node, "count_include_pad",
                         int64_t(pool.getCountIncludePad()));
}

LogicalResult OpConverter::avgPool(AvgPool2DOp pool) {
  if (exactDevice())
    return deviceAverage(pool.getKernelSize(), pool.getStrides(),
                         pool.getPads());
  if (failed(simple("AveragePool")))
    return failure();
  setAvgPoolAttrs(*lastNode, pool);
  return success();
}

/// The device's average (NpuEmulationKernels): every window's sum, from a
/// depthwise Conv with a kernel of ones (exact: fix-grid values sum without
/// rounding in any order), times that window's multiplier * 2^-shift (one
/// rounding, as the kernel's double product rounded to float).
LogicalResult OpConverter::deviceAverage(ArrayRef<int64_t> kernel,
                                         ArrayRef<int64_t> strides,
                                         ArrayRef<int64_t> pads) {
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> inShape =
      cast<ShapedType>(op->getOperand(0).getType()).getShape();
  ArrayRef<int64_t> outShape =
      cast<ShapedType>(op->getResult(0).getType()).getShape();
  int64_t channels = inShape[1];
  // Bottom/right padding that yields the op's output size (ceil_mode
  // windows reach past the input; the factors account for their counts).
  SmallVector<int64_t> convPads(pads.begin(), pads.end());
  for (int d = 0; d < 2; ++d)
    convPads[2 + d] = std::max<int64_t>(
        pads[2 + d], (outShape[2 + d] - 1) * strides[d] + kernel[d] -
                         inShape[2 + d] - pads[d]);
  std::vector<float> ones(channels * kernel[0] * kernel[1], 1.0f);
  std::string weight = ctx.addFloatTensor(
      base + "_window_ones", {channels, 1, kernel[0], kernel[1]}, ones);
  std::string sums;
  onnx::NodeProto &conv = aux("Conv", "window_sum", {*x, weight}, sums);
  ExportContext::setAttr(conv, "kernel_shape", kernel);
  ExportContext::setAttr(conv, "strides", strides);
  ExportContext::setAttr(conv, "pads", ArrayRef<int64_t>(convPads));
  ExportContext::setAttr(conv, "group", channels);
  std::vector<float> factors;
  for (const AverageWindow &w : averageWindows(op))
    factors.push_back(
        float(std::ldexp(double(w.factor.multiplier), -int(w.factor.shift))));
  std::string factorName = ctx.addFloatTensor(
      base + "_device_factor", {1, 1, outShape[2], outShape[3]}, factors);
  node("Mul", {sums, factorName}, {out()});
  return success();
}

LogicalResult OpConverter::reduceMean(ReduceMeanOp mean) {
  if (!exactDevice())
    return reduce("ReduceMean", mean.getAxes(), mean.getKeepdims());
  // The device's mean: the exact sum times multiplier * 2^-shift.
  ArrayRef<int64_t> shape = mean.getInput().getType().getShape();
  SmallVector<bool> reduced(shape.size(), false);
  for (int64_t a : mean.getAxes())
    reduced[a] = true;
  npu::AvgFactor factor = npu::reduceMeanFactor(shape, reduced);
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  std::string sum;
  onnx::NodeProto &n =
      aux("ReduceSum", "sum",
          {*x, ctx.addInt64Tensor(base + "_axes", mean.getAxes())}, sum);
  ExportContext::setAttr(n, "keepdims", int64_t(mean.getKeepdims()));
  float scale =
      float(std::ldexp(double(factor.multiplier), -int(factor.shift)));
  node("Mul", {sum, ctx.addFloatScalar(base + "_device_factor", scale)},
       {out()});
  return success();
}

LogicalResult OpConverter::hardSigmoid(HardSigmoidOp hs) {
  if (!ctx.exact()) {
    if (failed(simple("HardSigmoid")))
      return failure();
    ExportContext::setAttr(*lastNode, "alpha", hs.getAlpha().convertToFloat());
    ExportContext::setAttr(*lastNode, "beta", hs.getBeta().convertToFloat());
    return success();
  }
  // The kernel's IEEE steps: the device form clamp(x + 3, 0, 6) * 2731/2^14,
  // or clamp(alpha * x + beta, 0, 1) (ONNX Runtime may fuse the latter into
  // one multiply-add, which rounds once instead of twice).
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  std::string clipped;
  if (std::optional<npu::FixedScale> device = getNpuScale(op)) {
    std::string shifted;
    aux("Add", "plus3", {*x, ctx.addFloatScalar(base + "_three", 3.0f)},
        shifted);
    aux("Clip", "relu6",
        {shifted, ctx.addFloatScalar(base + "_zero", 0.0f),
         ctx.addFloatScalar(base + "_six", 6.0f)},
        clipped);
    node("Mul",
         {clipped, ctx.addFloatScalar(base + "_device_factor",
                                      npu::hardSigmoidScale(*device))},
         {out()});
    return success();
  }
  std::string scaled, shifted;
  aux("Mul", "scaled",
      {*x, ctx.addFloatScalar(base + "_alpha", hs.getAlpha().convertToFloat())},
      scaled);
  aux("Add", "shifted",
      {scaled,
       ctx.addFloatScalar(base + "_beta", hs.getBeta().convertToFloat())},
      shifted);
  node("Clip",
       {shifted, ctx.addFloatScalar(base + "_zero", 0.0f),
        ctx.addFloatScalar(base + "_one", 1.0f)},
       {out()});
  return success();
}

static llvm::StringRef coordinateModeName(CoordinateMode mode) {
  switch (mode) {
  case CoordinateMode::half_pixel:
    return "half_pixel";
  case CoordinateMode::pytorch_half_pixel:
    return "pytorch_half_pixel";
  case CoordinateMode::align_corners:
    return "align_corners";
  case CoordinateMode::asymmetric:
    return "asymmetric";
  case CoordinateMode::tf_crop_and_resize:
    return "tf_crop_and_resize";
  }
  llvm_unreachable("unknown coordinate mode");
}

static llvm::StringRef nearestModeName(NearestMode mode) {
  switch (mode) {
  case NearestMode::floor:
    return "floor";
  case NearestMode::ceil:
    return "ceil";
  case NearestMode::round_prefer_floor:
    return "round_prefer_floor";
  case NearestMode::round_prefer_ceil:
    return "round_prefer_ceil";
  }
  llvm_unreachable("unknown nearest mode");
}

LogicalResult OpConverter::resize(ResizeOp resize) {
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  // Resize(X, roi, scales, sizes): scales when nndct kept ONNX's, else sizes.
  // The roi box of crop and resize spans N and C whole.
  std::vector<std::string> inputs{*x, ""};
  if (std::optional<ArrayRef<float>> roi = resize.getRoi())
    inputs[1] = ctx.addFloatTensor(
        base + "_roi", {8},
        {0.0f, 0.0f, (*roi)[0], (*roi)[1], 1.0f, 1.0f, (*roi)[2], (*roi)[3]});
  if (std::optional<ArrayRef<float>> scales = resize.getScales()) {
    inputs.push_back(ctx.addFloatTensor(
        base + "_scales", {4}, {1.0f, 1.0f, (*scales)[0], (*scales)[1]}));
  } else {
    inputs.push_back("");
    auto type = cast<RankedTensorType>(resize.getType());
    inputs.push_back(ctx.addInt64Tensor(base + "_sizes", type.getShape()));
  }
  onnx::NodeProto &n = node("Resize", inputs, {out()});
  bool nearest = resize.getMode() == ResizeMode::nearest;
  bool cubic = resize.getMode() == ResizeMode::cubic;
  ExportContext::setAttr(n, "mode",
                         llvm::StringRef(nearest ? "nearest"
                                         : cubic ? "cubic"
                                                 : "linear"));
  ExportContext::setAttr(n, "coordinate_transformation_mode",
                         coordinateModeName(resize.getCoordinateMode()));
  if (nearest)
    ExportContext::setAttr(n, "nearest_mode",
                           nearestModeName(resize.getNearestMode()));
  if (cubic) {
    ExportContext::setAttr(n, "cubic_coeff_a",
                           resize.getCubicCoeffA().convertToFloat());
    ExportContext::setAttr(n, "exclude_outside",
                           int64_t(resize.getExcludeOutside()));
  }
  if (resize.getRoi())
    ExportContext::setAttr(n, "extrapolation_value",
                           resize.getExtrapolationValue().convertToFloat());
  return success();
}

/// LayerNormalization from opset 17; below, the same arithmetic in standard
/// ops: (x - mean) / sqrt(mean((x - mean)^2) + eps), times scale, plus bias.
LogicalResult OpConverter::layerNorm(LayerNormOp norm) {
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(norm.getInput().getType());
  int64_t axis =
      norm.getAxis() < 0 ? norm.getAxis() + type.getRank() : norm.getAxis();
  if (ctx.opset() < 17)
    return decomposedLayerNorm(norm, *x, axis);
  ArrayRef<int64_t> normShape = type.getShape().drop_front(axis);
  int64_t count = 1;
  for (int64_t d : normShape)
    count *= d;
  std::vector<std::string> inputs{*x};
  if (norm.getScale()) {
    FailureOr<std::string> s = ctx.valueName(norm.getScale(), op);
    if (failed(s))
      return failure();
    inputs.push_back(*s);
  } else {
    inputs.push_back(ctx.addFloatTensor(base + "_ones", normShape,
                                        std::vector<float>(count, 1.0f)));
  }
  if (norm.getBias()) {
    FailureOr<std::string> b = ctx.valueName(norm.getBias(), op);
    if (failed(b))
      return failure();
    inputs.push_back(*b);
  }
  onnx::NodeProto &n = node("LayerNormalization", inputs, {out()});
  ExportContext::setAttr(n, "axis", axis);
  ExportContext::setAttr(n, "epsilon", norm.getEpsilon().convertToFloat());
  return success();
}

LogicalResult OpConverter::decomposedLayerNorm(LayerNormOp norm,
                                               const std::string &x,
                                               int64_t axis) {
  auto type = cast<RankedTensorType>(norm.getInput().getType());
  SmallVector<int64_t> axes;
  for (int64_t d = axis; d < type.getRank(); ++d)
    axes.push_back(d);
  // ReduceMean takes its axes as an attribute below opset 18.
  auto mean = [&](llvm::StringRef what, const std::string &input,
                  std::string &output) {
    onnx::NodeProto &n = aux("ReduceMean", what, {input}, output);
    ExportContext::setAttr(n, "axes", axes);
    ExportContext::setAttr(n, "keepdims", int64_t(1));
  };
  std::string mu, centered, squared, variance, shifted, deviation;
  mean("mean", x, mu);
  aux("Sub", "centered", {x, mu}, centered);
  aux("Mul", "squared", {centered, centered}, squared);
  mean("variance", squared, variance);
  aux("Add", "variance_eps",
      {variance, ctx.addFloatScalar(base + "_epsilon",
                                    norm.getEpsilon().convertToFloat())},
      shifted);
  aux("Sqrt", "deviation", {shifted}, deviation);
  Value scale = norm.getScale(), bias = norm.getBias();
  if (!scale && !bias) {
    node("Div", {centered, deviation}, {out()});
    return success();
  }
  std::string normalized;
  aux("Div", "normalized", {centered, deviation}, normalized);
  if (scale) {
    FailureOr<std::string> s = ctx.valueName(scale, op);
    if (failed(s))
      return failure();
    if (!bias) {
      node("Mul", {normalized, *s}, {out()});
      return success();
    }
    std::string scaled;
    aux("Mul", "scaled", {normalized, *s}, scaled);
    normalized = scaled;
  }
  FailureOr<std::string> b = ctx.valueName(bias, op);
  if (failed(b))
    return failure();
  node("Add", {normalized, *b}, {out()});
  return success();
}

//===----------------------------------------------------------------------===//
// Group normalization, 3-D convolution and pooling
//===----------------------------------------------------------------------===//

/// InstanceNormalization when every channel is a group; otherwise (ONNX has
/// GroupNormalization with per-channel parameters only from opset 21) the
/// normalization of the [N, G, rest] view as an InstanceNormalization, then
/// the per-channel affine part on the original shape.
LogicalResult OpConverter::groupNorm(GroupNormOp norm) {
  FailureOr<std::string> x = in(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(norm.getInput().getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t channels = shape[1], groups = norm.getNumGroups();
  float eps = norm.getEpsilon().convertToFloat();
  auto param = [&](Value v, float fill,
                   llvm::StringRef what) -> FailureOr<std::string> {
    if (v)
      return ctx.valueName(v, op);
    return ctx.addFloatTensor(base + "_" + what.str(), {channels},
                              std::vector<float>(channels, fill));
  };
  if (norm.isInstanceNorm()) {
    FailureOr<std::string> s = param(norm.getScale(), 1.0f, "ones"),
                           b = param(norm.getBias(), 0.0f, "zeros");
    if (failed(s) || failed(b))
      return failure();
    onnx::NodeProto &n = node("InstanceNormalization", {*x, *s, *b}, {out()});
    ExportContext::setAttr(n, "epsilon", eps);
    return success();
  }
  int64_t rest = type.getNumElements() / (shape[0] * groups);
  std::string grouped, normalized, restored, scaled;
  aux("Reshape", "grouped",
      {*x,
       ctx.addInt64Tensor(base + "_grouped_shape", {shape[0], groups, rest})},
      grouped);
  onnx::NodeProto &inorm =
      aux("InstanceNormalization", "normalized",
          {grouped,
           ctx.addFloatTensor(base + "_group_ones", {groups},
                              std::vector<float>(groups, 1.0f)),
           ctx.addFloatTensor(base + "_group_zeros", {groups},
                              std::vector<float>(groups, 0.0f))},
          normalized);
  ExportContext::setAttr(inorm, "epsilon", eps);
  bool affine = norm.getScale() || norm.getBias();
  if (!affine) {
    node("Reshape", {normalized, ctx.addInt64Tensor(base + "_shape", shape)},
         {out()});
    return success();
  }
  aux("Reshape", "restored",
      {normalized, ctx.addInt64Tensor(base + "_shape", shape)}, restored);
  // [C] parameters as [C, 1, ...] so they broadcast over the channel dim.
  SmallVector<int64_t> paramShape(shape.size() - 1, 1);
  paramShape[0] = channels;
  std::string paramShapeName =
      ctx.addInt64Tensor(base + "_param_shape", paramShape);
  std::string current = restored;
  for (int i = 0; i < 2; ++i) {
    Value v = i == 0 ? norm.getScale() : norm.getBias();
    if (!v)
      continue;
    FailureOr<std::string> name = ctx.valueName(v, op);
    if (failed(name))
      return failure();
    std::string shaped;
    aux("Reshape", i == 0 ? "scale" : "bias", {*name, paramShapeName}, shaped);
    bool last = i == 1 || !norm.getBias();
    const char *type = i == 0 ? "Mul" : "Add";
    if (last) {
      node(type, {current, shaped}, {out()});
    } else {
      std::string next;
      aux(type, "scaled", {current, shaped}, next);
      current = next;
    }
  }
  return success();
}

LogicalResult OpConverter::run() {
  using Attr = ExportContext;
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<QuantStubOp, DequantStubOp, IdentityOp, DropoutOp>(
          [&](Operation *) { return alias(); })
      .Case([&](Conv2DOp o) { return conv(o); })
      .Case([&](ConvTranspose2DOp o) { return convTranspose(o); })
      .Case([&](LinearOp o) { return linear(o); })
      .Case([&](MatMulOp) { return simple("MatMul"); })
      .Case([&](AddOp) { return simple("Add"); })
      .Case([&](SubOp) { return simple("Sub"); })
      .Case([&](MulOp) { return simple("Mul"); })
      .Case([&](DivOp) { return simple("Div"); })
      .Case([&](PReluOp) { return simple("PRelu"); })
      .Case([&](ReluOp) { return simple("Relu"); })
      .Case([&](Relu6Op) { return clip(0.0f, 6.0f); })
      .Case([&](ClampOp o) {
        return clip(o.getMin().convertToFloat(), o.getMax().convertToFloat());
      })
      .Case([&](SigmoidOp) { return simple("Sigmoid"); })
      .Case([&](TanhOp) { return simple("Tanh"); })
      .Case([&](AbsOp) { return simple("Abs"); })
      .Case([&](SqrtOp) { return simple("Sqrt"); })
      .Case([&](ExpOp) { return simple("Exp"); })
      .Case([&](LogOp) { return simple("Log"); })
      .Case([&](ErfOp) { return simple("Erf"); })
      .Case([&](FloorOp) { return simple("Floor"); })
      .Case([&](CeilOp) { return simple("Ceil"); })
      .Case([&](RoundOp) { return simple("Round"); })
      .Case([&](PowOp) { return simple("Pow"); })
      // Integer, comparison and logic ops, casts, gather/scatter.
      .Case([&](NegOp) { return simple("Neg"); })
      .Case([&](SignOp) { return simple("Sign"); })
      .Case([&](ReciprocalOp) { return simple("Reciprocal"); })
      .Case([&](SinOp) { return simple("Sin"); })
      .Case([&](CosOp) { return simple("Cos"); })
      .Case([&](TanOp) { return simple("Tan"); })
      .Case([&](AsinOp) { return simple("Asin"); })
      .Case([&](AcosOp) { return simple("Acos"); })
      .Case([&](AtanOp) { return simple("Atan"); })
      .Case([&](SinhOp) { return simple("Sinh"); })
      .Case([&](CoshOp) { return simple("Cosh"); })
      .Case([&](AsinhOp) { return simple("Asinh"); })
      .Case([&](AcoshOp) { return simple("Acosh"); })
      .Case([&](AtanhOp) { return simple("Atanh"); })
      .Case([&](MinOp) { return simple("Min"); })
      .Case([&](MaxOp) { return simple("Max"); })
      .Case([&](ModOp o) {
        if (failed(simple("Mod")))
          return failure();
        Attr::setAttr(*lastNode, "fmod", int64_t(o.getFmod()));
        return success();
      })
      .Case([&](EqualOp) { return simple("Equal"); })
      .Case([&](GreaterOp) { return simple("Greater"); })
      .Case([&](GreaterEqualOp) { return simple("GreaterOrEqual"); })
      .Case([&](LessOp) { return simple("Less"); })
      .Case([&](LessEqualOp) { return simple("LessOrEqual"); })
      .Case([&](LogicalAndOp) { return simple("And"); })
      .Case([&](LogicalOrOp) { return simple("Or"); })
      .Case([&](LogicalXorOp) { return simple("Xor"); })
      .Case([&](LogicalNotOp) { return simple("Not"); })
      .Case([&](IsNaNOp) { return simple("IsNaN"); })
      .Case([&](IsInfOp o) {
        if (failed(simple("IsInf")))
          return failure();
        Attr::setAttr(*lastNode, "detect_negative",
                      int64_t(o.getDetectNegative()));
        Attr::setAttr(*lastNode, "detect_positive",
                      int64_t(o.getDetectPositive()));
        return success();
      })
      .Case([&](WhereOp) { return simple("Where"); })
      .Case([&](CastOp o) {
        if (failed(simple("Cast")))
          return failure();
        Attr::setAttr(*lastNode, "to",
                      int64_t(onnxElementType(
                          getElementTypeOrSelf(o.getOutput().getType()))));
        return success();
      })
      .Case([&](ExpandOp o) {
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        node("Expand",
             {*x, ctx.addInt64Tensor(base + "_shape", o.getType().getShape())},
             {out()});
        return success();
      })
      .Case([&](TileOp o) {
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        node("Tile",
             {*x, ctx.addInt64Tensor(base + "_repeats", o.getRepeats())},
             {out()});
        return success();
      })
      .Case([&](GatherOp o) {
        if (failed(simple("Gather")))
          return failure();
        Attr::setAttr(*lastNode, "axis", int64_t(o.getAxis()));
        return success();
      })
      .Case([&](GatherElementsOp o) {
        if (failed(simple("GatherElements")))
          return failure();
        Attr::setAttr(*lastNode, "axis", int64_t(o.getAxis()));
        return success();
      })
      .Case([&](GatherNDOp o) {
        if (failed(simple("GatherND")))
          return failure();
        Attr::setAttr(*lastNode, "batch_dims", int64_t(o.getBatchDims()));
        return success();
      })
      .Case([&](ScatterNDOp o) {
        if (failed(checkReductionOpset(o.getReduction())))
          return failure();
        if (failed(simple("ScatterND")))
          return failure();
        if (o.getReduction() != "none")
          Attr::setAttr(*lastNode, "reduction", o.getReduction());
        return success();
      })
      .Case([&](ScatterElementsOp o) {
        if (failed(checkReductionOpset(o.getReduction())))
          return failure();
        if (failed(simple("ScatterElements")))
          return failure();
        Attr::setAttr(*lastNode, "axis", int64_t(o.getAxis()));
        if (o.getReduction() != "none")
          Attr::setAttr(*lastNode, "reduction", o.getReduction());
        return success();
      })
      .Case([&](HardSwishOp) { return hardSwish(); })
      .Case([&](SiluOp) { return silu(); })
      .Case([&](GeluOp o) { return gelu(o); })
      .Case([&](LeakyReluOp o) {
        if (failed(simple("LeakyRelu")))
          return failure();
        Attr::setAttr(*lastNode, "alpha", o.getAlpha().convertToFloat());
        return success();
      })
      .Case([&](HardSigmoidOp o) { return hardSigmoid(o); })
      // Exponential and smooth activations.
      .Case([&](EluOp o) {
        if (failed(simple("Elu")))
          return failure();
        Attr::setAttr(*lastNode, "alpha", o.getAlpha().convertToFloat());
        return success();
      })
      .Case([&](SeluOp o) {
        if (failed(simple("Selu")))
          return failure();
        Attr::setAttr(*lastNode, "alpha", o.getAlpha().convertToFloat());
        Attr::setAttr(*lastNode, "gamma", o.getGamma().convertToFloat());
        return success();
      })
      .Case([&](CeluOp o) {
        if (failed(simple("Celu")))
          return failure();
        Attr::setAttr(*lastNode, "alpha", o.getAlpha().convertToFloat());
        return success();
      })
      .Case([&](ThresholdedReluOp o) {
        if (failed(simple("ThresholdedRelu")))
          return failure();
        Attr::setAttr(*lastNode, "alpha", o.getAlpha().convertToFloat());
        return success();
      })
      .Case([&](SoftplusOp) { return simple("Softplus"); })
      .Case([&](SoftsignOp) { return simple("Softsign"); })
      .Case([&](ShrinkOp o) {
        if (failed(simple("Shrink")))
          return failure();
        Attr::setAttr(*lastNode, "bias", o.getBias().convertToFloat());
        Attr::setAttr(*lastNode, "lambd", o.getLambd().convertToFloat());
        return success();
      })
      .Case([&](SoftmaxOp o) {
        if (failed(simple("Softmax")))
          return failure();
        Attr::setAttr(*lastNode, "axis", int64_t(o.getAxis()));
        return success();
      })
      .Case([&](BatchNormOp o) {
        if (failed(simple("BatchNormalization")))
          return failure();
        Attr::setAttr(*lastNode, "epsilon", o.getEpsilon().convertToFloat());
        return success();
      })
      .Case([&](LayerNormOp o) { return layerNorm(o); })
      .Case<MaxPool2DOp, MaxPool3DOp>([&](auto o) {
        if (failed(simple("MaxPool")))
          return failure();
        Attr::setAttr(*lastNode, "kernel_shape", o.getKernelSize());
        Attr::setAttr(*lastNode, "strides", o.getStrides());
        Attr::setAttr(*lastNode, "pads", o.getPads());
        Attr::setAttr(*lastNode, "dilations", o.getDilations());
        Attr::setAttr(*lastNode, "ceil_mode", int64_t(o.getCeilMode()));
        return success();
      })
      .Case([&](AvgPool2DOp o) { return avgPool(o); })
      .Case([&](GroupNormOp o) { return groupNorm(o); })
      .Case([&](Conv3DOp o) { return conv(o); })
      .Case([&](ConvTranspose3DOp o) { return convTranspose(o); })
      .Case([&](AvgPool3DOp o) {
        if (failed(simple("AveragePool")))
          return failure();
        setAvgPoolAttrs(*lastNode, o);
        return success();
      })
      .Case([&](AdaptiveAvgPool2DOp o) { return adaptivePool(o); })
      .Case([&](ReduceMeanOp o) { return reduceMean(o); })
      .Case([&](ReduceSumOp o) {
        return reduce("ReduceSum", o.getAxes(), o.getKeepdims());
      })
      .Case([&](ReduceMaxOp o) {
        return reduce("ReduceMax", o.getAxes(), o.getKeepdims());
      })
      // Reductions, index ops, scans and top-k (ReductionKernels.cpp).
      .Case([&](ReduceMinOp o) {
        return reduce("ReduceMin", o.getAxes(), o.getKeepdims());
      })
      .Case([&](ReduceProdOp o) {
        return reduce("ReduceProd", o.getAxes(), o.getKeepdims());
      })
      .Case([&](ReduceL1Op o) {
        return reduce("ReduceL1", o.getAxes(), o.getKeepdims());
      })
      .Case([&](ReduceL2Op o) {
        return reduce("ReduceL2", o.getAxes(), o.getKeepdims());
      })
      .Case([&](ReduceLogSumOp o) {
        return reduce("ReduceLogSum", o.getAxes(), o.getKeepdims());
      })
      .Case([&](ReduceLogSumExpOp o) {
        return reduce("ReduceLogSumExp", o.getAxes(), o.getKeepdims());
      })
      .Case([&](ReduceSumSquareOp o) {
        return reduce("ReduceSumSquare", o.getAxes(), o.getKeepdims());
      })
      .Case<ArgMaxOp, ArgMinOp>([&](auto o) {
        if (failed(simple(isa<ArgMaxOp>(op) ? "ArgMax" : "ArgMin")))
          return failure();
        Attr::setAttr(*lastNode, "axis", int64_t(o.getAxis()));
        Attr::setAttr(*lastNode, "keepdims", int64_t(o.getKeepdims()));
        Attr::setAttr(*lastNode, "select_last_index",
                      int64_t(o.getSelectLastIndex()));
        return success();
      })
      .Case<LogSoftmaxOp, HardmaxOp>([&](auto o) {
        if (failed(simple(isa<LogSoftmaxOp>(op) ? "LogSoftmax" : "Hardmax")))
          return failure();
        Attr::setAttr(*lastNode, "axis", int64_t(o.getAxis()));
        return success();
      })
      .Case([&](CumSumOp o) {
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        std::string axis = ctx.addInt64Tensor(base + "_axis", {o.getAxis()});
        onnx::NodeProto &n = node("CumSum", {*x, axis}, {out()});
        Attr::setAttr(n, "exclusive", int64_t(o.getExclusive()));
        Attr::setAttr(n, "reverse", int64_t(o.getReverse()));
        return success();
      })
      .Case([&](TopKOp o) {
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        std::string k = ctx.addInt64Tensor(base + "_k", {o.getK()});
        onnx::NodeProto &n = node("TopK", {*x, k}, {out(0), out(1)});
        Attr::setAttr(n, "axis", int64_t(o.getAxis()));
        Attr::setAttr(n, "largest", int64_t(o.getLargest()));
        Attr::setAttr(n, "sorted", int64_t(o.getSorted()));
        return success();
      })
      .Case([&](ConcatOp o) {
        if (failed(simple("Concat")))
          return failure();
        Attr::setAttr(*lastNode, "axis", int64_t(o.getAxis()));
        return success();
      })
      .Case([&](ReshapeOp o) {
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        auto type = cast<RankedTensorType>(o.getType());
        std::string shape =
            ctx.addInt64Tensor(base + "_shape", type.getShape());
        node("Reshape", {*x, shape}, {out()});
        return success();
      })
      .Case([&](TransposeOp o) {
        if (failed(simple("Transpose")))
          return failure();
        Attr::setAttr(*lastNode, "perm", o.getPerm());
        return success();
      })
      .Case([&](PadOp o) {
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        std::vector<std::string> inputs{
            *x, ctx.addInt64Tensor(base + "_pads", o.getPads())};
        llvm::StringRef mode = "constant";
        if (o.getMode() == PadMode::constant)
          inputs.push_back(ctx.addScalar(base + "_value",
                                         getElementTypeOrSelf(o.getType()),
                                         o.getValue().convertToFloat()));
        else
          mode = o.getMode() == PadMode::reflect ? "reflect" : "edge";
        Attr::setAttr(node("Pad", inputs, {out()}), "mode", mode);
        return success();
      })
      .Case([&](SliceOp o) {
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        SmallVector<int64_t> axes;
        for (size_t i = 0; i < o.getStarts().size(); ++i)
          axes.push_back(static_cast<int64_t>(i));
        // A backwards slice through element 0 ends at -1, which ONNX reads
        // as the last element: INT64_MIN clamps to "before the start".
        SmallVector<int64_t> ends(o.getEnds());
        for (int64_t &e : ends)
          if (e < 0)
            e = std::numeric_limits<int64_t>::min();
        node("Slice",
             {*x, ctx.addInt64Tensor(base + "_starts", o.getStarts()),
              ctx.addInt64Tensor(base + "_ends", ends),
              ctx.addInt64Tensor(base + "_axes", axes),
              ctx.addInt64Tensor(base + "_steps", o.getSteps())},
             {out()});
        return success();
      })
      .Case([&](SplitOp o) {
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        std::vector<std::string> outputs;
        for (unsigned i = 0; i < o->getNumResults(); ++i)
          outputs.push_back(out(i));
        std::string sizes = ctx.addInt64Tensor(base + "_split", o.getSizes());
        Attr::setAttr(node("Split", {*x, sizes}, outputs), "axis",
                      int64_t(o.getAxis()));
        return success();
      })
      .Case([&](ResizeOp o) { return resize(o); })
      .Case([&](QuantizeLinearOp o) {
        if (failed(simple("QuantizeLinear")))
          return failure();
        if (cast<RankedTensorType>(o.getScale().getType()).getRank() == 1)
          Attr::setAttr(*lastNode, "axis", int64_t(o.getAxis()));
        return success();
      })
      .Case([&](DequantizeLinearOp o) {
        if (failed(simple("DequantizeLinear")))
          return failure();
        if (cast<RankedTensorType>(o.getScale().getType()).getRank() == 1)
          Attr::setAttr(*lastNode, "axis", int64_t(o.getAxis()));
        return success();
      })
      // Sampling ops (grid_sample, roi_align).
      .Case([&](GridSampleOp o) {
        if (ctx.opset() < 16)
          return unsupported("GridSample needs --onnx-opset=16");
        if (failed(simple("GridSample")))
          return failure();
        // Opset 16's names (20 renamed them linear/cubic).
        ResizeMode m = o.getMode();
        Attr::setAttr(*lastNode, "mode",
                      llvm::StringRef(m == ResizeMode::nearest ? "nearest"
                                      : m == ResizeMode::cubic ? "bicubic"
                                                               : "bilinear"));
        Attr::setAttr(*lastNode, "padding_mode",
                      stringifyGridPaddingMode(o.getPaddingMode()));
        Attr::setAttr(*lastNode, "align_corners", int64_t(o.getAlignCorners()));
        return success();
      })
      .Case([&](RoiAlignOp o) {
        // Before opset 16 RoiAlign's boxes are output_half_pixel.
        if (o.getAligned() && ctx.opset() < 16)
          return unsupported("RoiAlign with half_pixel boxes needs "
                             "--onnx-opset=16");
        if (!o.getBatchIndices().getType().getElementType().isInteger(64))
          return unsupported("ONNX RoiAlign's batch_indices are int64");
        if (failed(simple("RoiAlign")))
          return failure();
        onnx::NodeProto &n = *lastNode;
        Attr::setAttr(n, "mode", stringifyRoiPoolMode(o.getMode()));
        Attr::setAttr(n, "output_height", int64_t(o.getOutputHeight()));
        Attr::setAttr(n, "output_width", int64_t(o.getOutputWidth()));
        Attr::setAttr(n, "sampling_ratio", int64_t(o.getSamplingRatio()));
        Attr::setAttr(n, "spatial_scale", o.getSpatialScale().convertToFloat());
        if (ctx.opset() >= 16)
          Attr::setAttr(n, "coordinate_transformation_mode",
                        llvm::StringRef(o.getAligned() ? "half_pixel"
                                                       : "output_half_pixel"));
        return success();
      })
      // Classic CNN layers and masks.
      .Case([&](MaxPool2DWithIndicesOp o) {
        if (failed(simple("MaxPool")))
          return failure();
        Attr::setAttr(*lastNode, "kernel_shape", o.getKernelSize());
        Attr::setAttr(*lastNode, "strides", o.getStrides());
        Attr::setAttr(*lastNode, "pads", o.getPads());
        Attr::setAttr(*lastNode, "dilations", o.getDilations());
        Attr::setAttr(*lastNode, "ceil_mode", int64_t(o.getCeilMode()));
        Attr::setAttr(*lastNode, "storage_order", int64_t(o.getStorageOrder()));
        return success();
      })
      .Case([&](MaxUnpool2DOp o) {
        FailureOr<std::string> x = in(0), i = in(1);
        if (failed(x) || failed(i))
          return failure();
        auto shape = cast<RankedTensorType>(o.getType()).getShape();
        onnx::NodeProto &n =
            node("MaxUnpool",
                 {*x, *i, ctx.addInt64Tensor(base + "_output_shape", shape)},
                 {out()});
        Attr::setAttr(n, "kernel_shape", o.getKernelSize());
        Attr::setAttr(n, "strides", o.getStrides());
        Attr::setAttr(n, "pads", o.getPads());
        return success();
      })
      .Case([&](LRNOp o) {
        if (failed(simple("LRN")))
          return failure();
        Attr::setAttr(*lastNode, "size", int64_t(o.getSize()));
        Attr::setAttr(*lastNode, "alpha", o.getAlpha().convertToFloat());
        Attr::setAttr(*lastNode, "beta", o.getBeta().convertToFloat());
        Attr::setAttr(*lastNode, "bias", o.getBias().convertToFloat());
        return success();
      })
      .Case([&](TriluOp o) {
        if (ctx.opset() < 14)
          return unsupported("Trilu needs opset 14");
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        std::string k =
            ctx.addScalar(base + "_k", IntegerType::get(o.getContext(), 64),
                          double(o.getK()));
        Attr::setAttr(node("Trilu", {*x, k}, {out()}), "upper",
                      int64_t(o.getUpper()));
        return success();
      })
      .Case([&](OneHotOp o) {
        FailureOr<std::string> x = in(0);
        if (failed(x))
          return failure();
        Type elem = getElementTypeOrSelf(o.getType());
        // ONNX Runtime implements float depth with float indices and int64
        // depth with integer ones.
        Type indexElem = getElementTypeOrSelf(o.getIndices().getType());
        std::string depth =
            ctx.addScalar(base + "_depth",
                          isa<FloatType>(indexElem)
                              ? Type(Float32Type::get(o.getContext()))
                              : Type(IntegerType::get(o.getContext(), 64)),
                          double(o.getDepth()));
        std::string values = ctx.addVector(base + "_values", elem,
                                           {o.getOffValue().convertToDouble(),
                                            o.getOnValue().convertToDouble()});
        Attr::setAttr(node("OneHot", {*x, depth, values}, {out()}), "axis",
                      int64_t(o.getAxis()));
        return success();
      })
      .Default([&](Operation *) { return unsupported("no ONNX mapping"); });
}

} // namespace

LogicalResult onnx_export::exportOp(ExportContext &ctx, Operation *op) {
  return OpConverter(ctx, op).run();
}

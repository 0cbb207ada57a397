//===- NNDCTOps.cpp - nndct op verifiers, shape inference, folders --------===//
//
// Every shape and attribute rule of the dialect lives here. Ops with a
// derivable result type implement inferReturnTypes; InferTypeOpAdaptor then
// checks the written result type against it, so an inference failure is the
// op's verifier error and names the offending attribute or operand.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
#include "ir/ConstantUtils.h"
#include "ir/ShapeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::nndct;

namespace {
/// Emits an error at `loc` (when inference runs with a location) and fails.
LogicalResult fail(std::optional<Location> loc, const Twine &message) {
  return emitOptionalError(loc, message);
}

RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

LogicalResult checkPositive(std::optional<Location> loc, StringRef op,
                            StringRef name, ArrayRef<int64_t> values) {
  for (int64_t v : values)
    if (v <= 0)
      return fail(loc, "'nndct." + op + "' " + name + " must be positive");
  return success();
}

LogicalResult checkNonNegative(std::optional<Location> loc, StringRef op,
                               StringRef name, ArrayRef<int64_t> values) {
  for (int64_t v : values)
    if (v < 0)
      return fail(loc, "'nndct." + op + "' " + name + " must be non-negative");
  return success();
}

/// `dims` joined by 'x' (diagnostics).
std::string joinDims(ArrayRef<int64_t> dims) {
  std::string s;
  for (int64_t d : dims)
    s += (s.empty() ? "" : "x") + std::to_string(d);
  return s;
}

/// Shared size computation for max/avg pooling of any spatial rank (NC + the
/// spatial dims; pads are all begins then all ends).
LogicalResult inferPool(std::optional<Location> loc, StringRef op, Value input,
                        ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                        ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                        bool ceilMode, SmallVectorImpl<Type> &results) {
  if (failed(checkPositive(loc, op, "kernel_size", kernel)) ||
      failed(checkPositive(loc, op, "strides", strides)) ||
      failed(checkPositive(loc, op, "dilations", dilations)) ||
      failed(checkNonNegative(loc, op, "pads", pads)))
    return failure();
  auto type = tensorType(input);
  ArrayRef<int64_t> s = type.getShape();
  size_t n = kernel.size();
  for (size_t i = 0; i < n; ++i)
    if (pads[i] >= kernel[i] * dilations[i] ||
        pads[n + i] >= kernel[i] * dilations[i])
      return fail(loc,
                  "'nndct." + op + "' pads must be smaller than the kernel");
  SmallVector<int64_t> shape{s[0], s[1]};
  for (size_t i = 0; i < n; ++i)
    shape.push_back(windowOutputSize(s[2 + i], kernel[i], strides[i], pads[i],
                                     pads[n + i], dilations[i], ceilMode));
  if (llvm::any_of(ArrayRef(shape).drop_front(2),
                   [](int64_t o) { return o <= 0; }))
    return fail(loc, "'nndct." + op + "' window does not fit the " +
                         joinDims(s.drop_front(2)) + " input");
  results.push_back(type.clone(shape));
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  results.push_back(cast<TypedAttr>(adaptor.getValue()).getType());
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// FixOp and ONNX quantize/dequantize
//===----------------------------------------------------------------------===//

Rounding FixOp::getRounding() {
  switch (getRoundMode()) {
  case RoundMode::half_up:
    return Rounding::HalfUp;
  case RoundMode::std_round:
    return Rounding::StdRound;
  case RoundMode::half_even:
    return Rounding::HalfEven;
  case RoundMode::floor:
    return Rounding::Floor;
  }
  llvm_unreachable("unknown round mode");
}

bool mlir::nndct::usesDeviceNumerics(Operation *op) {
  return TypeSwitch<Operation *, bool>(op)
      .Case<AvgPool2DOp, AdaptiveAvgPool2DOp, ReduceMeanOp>(
          [](auto op) { return op.getNpuNumerics(); })
      .Case<HardSigmoidOp>(
          [](HardSigmoidOp op) { return getNpuScale(op).has_value(); })
      .Default([](Operation *) { return false; });
}

std::optional<npu::FixedScale> mlir::nndct::getNpuScale(Operation *op) {
  auto read = [](auto op) -> std::optional<npu::FixedScale> {
    std::optional<uint64_t> m = op.getNpuMultiplier(), s = op.getNpuShift();
    if (!m || !s)
      return std::nullopt;
    return npu::FixedScale{int64_t(*m), int64_t(*s)};
  };
  return TypeSwitch<Operation *, std::optional<npu::FixedScale>>(op)
      .Case<LeakyReluOp, HardSigmoidOp>(read)
      .Default([](Operation *) { return std::nullopt; });
}

/// `npu_multiplier` and `npu_shift` come together; the shift is one the
/// integer kernels can apply and the multiplier fits the accumulator.
static LogicalResult verifyNpuScale(Operation *op,
                                    std::optional<uint64_t> multiplier,
                                    std::optional<uint64_t> shift) {
  if (multiplier.has_value() != shift.has_value())
    return op->emitOpError("has npu_multiplier without npu_shift or the "
                           "reverse; the device constant needs both");
  if (!multiplier)
    return success();
  if (int64_t(*shift) < 0 || int64_t(*shift) > 30)
    return op->emitOpError("npu_shift ")
           << int64_t(*shift) << " out of range [0, 30]";
  if (int64_t(*multiplier) < 0 || int64_t(*multiplier) >= (int64_t(1) << 24))
    return op->emitOpError("npu_multiplier ")
           << int64_t(*multiplier) << " out of range [0, 2^24)";
  return success();
}

LogicalResult LeakyReluOp::verify() {
  if (failed(verifyNpuScale(*this, getNpuMultiplier(), getNpuShift())))
    return failure();
  // Float kernels and exporters read alpha: it must be the device's slope.
  if (std::optional<npu::FixedScale> s = getNpuScale(*this);
      s && double(getAlpha().convertToFloat()) != s->value())
    return emitOpError("alpha ")
           << getAlpha().convertToFloat() << " is not npu_multiplier / "
           << "2^npu_shift = " << s->value();
  return success();
}

LogicalResult HardSigmoidOp::verify() {
  if (failed(verifyNpuScale(*this, getNpuMultiplier(), getNpuShift())))
    return failure();
  // The device computes relu6(x + 3) * multiplier / 2^shift: the
  // alpha = 1/6, beta = 1/2 form.
  if (getNpuScale(*this) &&
      (std::fabs(getAlpha().convertToDouble() - 1.0 / 6.0) > 1e-6 ||
       getBeta().convertToDouble() != 0.5))
    return emitOpError("npu_multiplier needs alpha = 1/6 and beta = 1/2 (the "
                       "device's relu6(x + 3) * multiplier / 2^shift), got "
                       "alpha = ")
           << getAlpha().convertToFloat()
           << ", beta = " << getBeta().convertToFloat();
  return success();
}

LogicalResult FixOp::verify() {
  if (std::optional<int64_t> fp = getFixPoint();
      fp && (*fp < kMinFixPoint || *fp > kMaxFixPoint))
    return emitOpError("fix_point ") << *fp << " is outside [" << kMinFixPoint
                                     << ", " << kMaxFixPoint << "]";
  if (getKind() == FixKind::weight && !getIsSigned())
    return emitOpError("weights must be signed");
  return success();
}

static LogicalResult verifyAffineQuant(Operation *op, RankedTensorType data,
                                       RankedTensorType scale,
                                       RankedTensorType zeroPoint,
                                       int64_t axis) {
  if (scale.getRank() > 1)
    return op->emitOpError("scale must be a scalar or a 1-D tensor");
  if (scale.getShape() != zeroPoint.getShape())
    return op->emitOpError("scale and zero_point must have the same shape");
  if (scale.getRank() == 1) {
    if (axis < 0 || axis >= data.getRank())
      return op->emitOpError("axis ") << axis << " is out of range";
    if (scale.getDimSize(0) != data.getDimSize(axis))
      return op->emitOpError("per-axis scale has ")
             << scale.getDimSize(0) << " elements but axis " << axis << " has "
             << data.getDimSize(axis);
  }
  return success();
}

LogicalResult QuantizeLinearOp::verify() {
  auto in = tensorType(getInput()), out = tensorType(getOutput());
  if (in.getShape() != out.getShape())
    return emitOpError("result shape must equal the input shape");
  if (getZeroPoint().getType().getElementType() != out.getElementType())
    return emitOpError(
        "zero_point element type must be the result element type");
  return verifyAffineQuant(*this, in, tensorType(getScale()),
                           tensorType(getZeroPoint()), getAxis());
}

LogicalResult DequantizeLinearOp::verify() {
  auto in = tensorType(getInput()), out = tensorType(getOutput());
  if (in.getShape() != out.getShape())
    return emitOpError("result shape must equal the input shape");
  if (getZeroPoint().getType().getElementType() != in.getElementType())
    return emitOpError(
        "zero_point element type must be the input element type");
  return verifyAffineQuant(*this, in, tensorType(getScale()),
                           tensorType(getZeroPoint()), getAxis());
}

//===----------------------------------------------------------------------===//
// RegionOp
//===----------------------------------------------------------------------===//

YieldOp RegionOp::getYield() {
  return cast<YieldOp>(getBody().front().getTerminator());
}

Value mlir::nndct::lookIntoRegions(Value v) {
  while (auto region = v.getDefiningOp<RegionOp>())
    v = region.getYield()->getOperand(cast<OpResult>(v).getResultNumber());
  return v;
}

LogicalResult RegionOp::verify() {
  if (getSymName().empty())
    return emitOpError("needs a non-empty name");
  if (getBody().front().getNumArguments() != 0)
    return emitOpError("body must not have block arguments");
  TypeRange yielded = getYield().getValues().getTypes();
  if (yielded != getResultTypes())
    return emitOpError("yields ")
           << yielded.size() << " values whose types do not match its "
           << getNumResults() << " results";
  return success();
}

//===----------------------------------------------------------------------===//
// Convolutions and dense ops
//===----------------------------------------------------------------------===//

bool Conv2DOp::isDepthwise() {
  int64_t channels = tensorType(getInput()).getDimSize(1);
  return getGroups() == channels && channels > 1 &&
         tensorType(getWeight()).getDimSize(0) == channels;
}

/// Rules common to conv2d and conv_transpose2d.
static LogicalResult checkConvAttrs(std::optional<Location> loc, StringRef op,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> pads,
                                    ArrayRef<int64_t> dilations,
                                    int64_t groups) {
  if (groups <= 0)
    return fail(loc, "'nndct." + op + "' groups must be positive");
  if (failed(checkPositive(loc, op, "strides", strides)) ||
      failed(checkPositive(loc, op, "dilations", dilations)) ||
      failed(checkNonNegative(loc, op, "pads", pads)))
    return failure();
  return success();
}

/// Shape inference shared by conv2d/conv3d: group, channel and bias checks,
/// then one output size per spatial dimension (pads: all begins, then ends).
static LogicalResult inferConv(std::optional<Location> loc, StringRef op,
                               Value input, Value weight, Value bias,
                               ArrayRef<int64_t> s, ArrayRef<int64_t> p,
                               ArrayRef<int64_t> d, int64_t groups,
                               SmallVectorImpl<Type> &results) {
  if (failed(checkConvAttrs(loc, op, s, p, d, groups)))
    return failure();
  auto in = tensorType(input);
  ArrayRef<int64_t> x = in.getShape();
  ArrayRef<int64_t> w = tensorType(weight).getShape();
  if (x[1] % groups != 0 || w[0] % groups != 0)
    return fail(loc, "'nndct." + op + "' input channels (" + Twine(x[1]) +
                         ") and output channels (" + Twine(w[0]) +
                         ") must be divisible by groups (" + Twine(groups) +
                         ")");
  if (w[1] * groups != x[1])
    return fail(loc, "'nndct." + op + "' weight has " + Twine(w[1]) +
                         " input channels per group but the input has " +
                         Twine(x[1]) + " channels in " + Twine(groups) +
                         " groups");
  if (bias && tensorType(bias).getDimSize(0) != w[0])
    return fail(loc, "'nndct." + op + "' bias has " +
                         Twine(tensorType(bias).getDimSize(0)) +
                         " elements but there are " + Twine(w[0]) +
                         " output channels");
  size_t n = s.size();
  SmallVector<int64_t> shape{x[0], w[0]};
  for (size_t i = 0; i < n; ++i)
    shape.push_back(
        windowOutputSize(x[2 + i], w[2 + i], s[i], p[i], p[n + i], d[i]));
  if (llvm::any_of(ArrayRef(shape).drop_front(2),
                   [](int64_t o) { return o <= 0; }))
    return fail(loc, "'nndct." + op + "' kernel " + joinDims(w.drop_front(2)) +
                         " does not fit the padded " +
                         joinDims(x.drop_front(2)) + " input");
  results.push_back(in.clone(shape));
  return success();
}

/// Shape inference shared by conv_transpose2d/conv_transpose3d.
static LogicalResult inferConvTranspose(
    std::optional<Location> loc, StringRef op, Value input, Value weight,
    Value bias, ArrayRef<int64_t> s, ArrayRef<int64_t> p, ArrayRef<int64_t> d,
    ArrayRef<int64_t> outPad, int64_t groups, SmallVectorImpl<Type> &results) {
  if (failed(checkConvAttrs(loc, op, s, p, d, groups)))
    return failure();
  auto in = tensorType(input);
  ArrayRef<int64_t> x = in.getShape();
  ArrayRef<int64_t> w = tensorType(weight).getShape();
  if (x[1] % groups != 0)
    return fail(loc, "'nndct." + op + "' input channels (" + Twine(x[1]) +
                         ") must be divisible by groups (" + Twine(groups) +
                         ")");
  if (w[0] != x[1])
    return fail(loc, "'nndct." + op + "' weight has " + Twine(w[0]) +
                         " input channels but the input has " + Twine(x[1]));
  int64_t outChannels = w[1] * groups;
  if (bias && tensorType(bias).getDimSize(0) != outChannels)
    return fail(loc, "'nndct." + op + "' bias has " +
                         Twine(tensorType(bias).getDimSize(0)) +
                         " elements but there are " + Twine(outChannels) +
                         " output channels");
  size_t n = s.size();
  for (size_t i = 0; i < n; ++i)
    if (outPad[i] < 0 || outPad[i] >= std::max(s[i], d[i]))
      return fail(loc, "'nndct." + op +
                           "' output_padding must be in "
                           "[0, max(stride, dilation))");
  SmallVector<int64_t> shape{x[0], outChannels};
  for (size_t i = 0; i < n; ++i)
    shape.push_back(transposedOutputSize(x[2 + i], w[2 + i], s[i], p[i],
                                         p[n + i], d[i], outPad[i]));
  if (llvm::any_of(ArrayRef(shape).drop_front(2),
                   [](int64_t o) { return o <= 0; }))
    return fail(loc, "'nndct." + op + "' pads leave an empty output");
  results.push_back(in.clone(shape));
  return success();
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return inferConv(loc, "conv2d", adaptor.getInput(), adaptor.getWeight(),
                   adaptor.getBias(), adaptor.getStrides(), adaptor.getPads(),
                   adaptor.getDilations(), adaptor.getGroups(), results);
}

LogicalResult
ConvTranspose2DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &results) {
  return inferConvTranspose(loc, "conv_transpose2d", adaptor.getInput(),
                            adaptor.getWeight(), adaptor.getBias(),
                            adaptor.getStrides(), adaptor.getPads(),
                            adaptor.getDilations(), adaptor.getOutputPadding(),
                            adaptor.getGroups(), results);
}

LogicalResult LinearOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  ArrayRef<int64_t> w = tensorType(adaptor.getWeight()).getShape();
  if (in.getRank() < 1 || in.getShape().back() != w[1])
    return fail(loc, "'nndct.linear' input features (" +
                         Twine(in.getRank() ? in.getShape().back() : 0) +
                         ") must equal weight dimension 1 (" + Twine(w[1]) +
                         ")");
  if (Value bias = adaptor.getBias();
      bias && tensorType(bias).getDimSize(0) != w[0])
    return fail(loc, "'nndct.linear' bias has " +
                         Twine(tensorType(bias).getDimSize(0)) +
                         " elements but there are " + Twine(w[0]) + " outputs");
  SmallVector<int64_t> shape(in.getShape());
  shape.back() = w[0];
  results.push_back(in.clone(shape));
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto lt = tensorType(adaptor.getLhs());
  SmallVector<int64_t> a(lt.getShape()),
      b(tensorType(adaptor.getRhs()).getShape());
  if (a.empty() || b.empty())
    return fail(loc, "'nndct.matmul' operands must have rank >= 1");
  bool promoteA = a.size() == 1, promoteB = b.size() == 1;
  if (promoteA)
    a.insert(a.begin(), 1);
  if (promoteB)
    b.push_back(1);
  if (a.back() != b[b.size() - 2])
    return fail(loc, "'nndct.matmul' contraction sizes differ: " +
                         Twine(a.back()) + " vs " + Twine(b[b.size() - 2]));
  auto batch =
      broadcastShapes(ArrayRef(a).drop_back(2), ArrayRef(b).drop_back(2));
  if (!batch)
    return fail(loc, "'nndct.matmul' batch dimensions do not broadcast");
  SmallVector<int64_t> shape(*batch);
  if (!promoteA)
    shape.push_back(a[a.size() - 2]);
  if (!promoteB)
    shape.push_back(b.back());
  results.push_back(lt.clone(shape));
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

static LogicalResult inferBroadcast(std::optional<Location> loc, StringRef op,
                                    Value lhs, Value rhs,
                                    SmallVectorImpl<Type> &results) {
  auto lt = tensorType(lhs), rt = tensorType(rhs);
  if (lt.getElementType() != rt.getElementType())
    return fail(loc,
                "'nndct." + op + "' operands have different element types");
  auto shape = broadcastShapes(lt.getShape(), rt.getShape());
  if (!shape)
    return fail(loc, "'nndct." + op + "' operand shapes do not broadcast");
  results.push_back(lt.clone(*shape));
  return success();
}

#define NNDCT_BROADCAST_INFER(OP, NAME)                                        \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &results) {                                        \
    return inferBroadcast(loc, NAME, adaptor.getLhs(), adaptor.getRhs(),       \
                          results);                                            \
  }
NNDCT_BROADCAST_INFER(AddOp, "add")
NNDCT_BROADCAST_INFER(SubOp, "sub")
NNDCT_BROADCAST_INFER(MulOp, "mul")
NNDCT_BROADCAST_INFER(DivOp, "div")
NNDCT_BROADCAST_INFER(PowOp, "pow")
NNDCT_BROADCAST_INFER(MinOp, "min")
NNDCT_BROADCAST_INFER(MaxOp, "max")
NNDCT_BROADCAST_INFER(ModOp, "mod")
#undef NNDCT_BROADCAST_INFER

LogicalResult PReluOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  if (!broadcastsTo(tensorType(adaptor.getSlope()).getShape(), in.getShape()))
    return fail(loc, "'nndct.prelu' slope does not broadcast to the input");
  results.push_back(in);
  return success();
}

LogicalResult ClampOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError("min must not exceed max");
  return success();
}

LogicalResult CeluOp::verify() {
  if (getAlpha().convertToFloat() == 0.0f)
    return emitOpError("alpha must not be 0");
  return success();
}

LogicalResult ShrinkOp::verify() {
  if (!(getLambd().convertToFloat() >= 0.0f))
    return emitOpError("lambd must be >= 0");
  return success();
}

LogicalResult SoftmaxOp::verify() {
  int64_t rank = tensorType(getInput()).getRank(), axis = getAxis();
  if (axis < -rank || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for rank " << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  if (in.getRank() < 2)
    return fail(loc, "'nndct.batch_norm' input must have a channel dimension");
  int64_t channels = in.getDimSize(1);
  for (Value v : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                  adaptor.getVariance()})
    if (tensorType(v).getDimSize(0) != channels)
      return fail(loc, "'nndct.batch_norm' parameters must have " +
                           Twine(channels) + " elements, one per channel");
  if (adaptor.getEpsilon().convertToFloat() < 0)
    return fail(loc, "'nndct.batch_norm' epsilon must be non-negative");
  results.push_back(in);
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location>,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  results.push_back(tensorType(adaptor.getInput()));
  return success();
}

LogicalResult LayerNormOp::verify() {
  auto in = tensorType(getInput());
  int64_t rank = in.getRank(), axis = int64_t(getAxis());
  if (axis < -rank || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for rank " << rank;
  if (axis < 0)
    axis += rank;
  ArrayRef<int64_t> normalized = in.getShape().drop_front(axis);
  for (Value v : {getScale(), getBias()})
    if (v && tensorType(v).getShape() != normalized)
      return emitOpError("scale and bias must have the normalized shape");
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferPool(loc, "max_pool2d", adaptor.getInput(),
                   adaptor.getKernelSize(), adaptor.getStrides(),
                   adaptor.getPads(), adaptor.getDilations(),
                   adaptor.getCeilMode(), results);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  static const int64_t unitDilation[] = {1, 1};
  return inferPool(loc, "avg_pool2d", adaptor.getInput(),
                   adaptor.getKernelSize(), adaptor.getStrides(),
                   adaptor.getPads(), unitDilation, adaptor.getCeilMode(),
                   results);
}

LogicalResult AdaptiveAvgPool2DOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  if (failed(checkPositive(loc, "adaptive_avg_pool2d", "output_size",
                           adaptor.getOutputSize())))
    return failure();
  auto in = tensorType(adaptor.getInput());
  ArrayRef<int64_t> size = adaptor.getOutputSize();
  results.push_back(
      in.clone({in.getDimSize(0), in.getDimSize(1), size[0], size[1]}));
  return success();
}

static LogicalResult inferReduce(std::optional<Location> loc, StringRef op,
                                 Value input, ArrayRef<int64_t> axes,
                                 bool keepdims,
                                 SmallVectorImpl<Type> &results) {
  auto in = tensorType(input);
  llvm::SmallSet<int64_t, 4> seen;
  for (int64_t axis : axes) {
    if (axis < 0 || axis >= in.getRank())
      return fail(loc, "'nndct." + op + "' axis " + Twine(axis) +
                           " is out of range for rank " + Twine(in.getRank()));
    if (!seen.insert(axis).second)
      return fail(loc,
                  "'nndct." + op + "' axis " + Twine(axis) + " is repeated");
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < in.getRank(); ++i) {
    if (!seen.contains(i))
      shape.push_back(in.getDimSize(i));
    else if (keepdims)
      shape.push_back(1);
  }
  results.push_back(in.clone(shape));
  return success();
}

#define NNDCT_REDUCE_INFER(OP, NAME)                                           \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &results) {                                        \
    return inferReduce(loc, NAME, adaptor.getInput(), adaptor.getAxes(),       \
                       adaptor.getKeepdims(), results);                        \
  }
NNDCT_REDUCE_INFER(ReduceMeanOp, "reduce_mean")
NNDCT_REDUCE_INFER(ReduceSumOp, "reduce_sum")
NNDCT_REDUCE_INFER(ReduceMaxOp, "reduce_max")
// Reductions, index ops, scans and top-k (issue 15).
NNDCT_REDUCE_INFER(ReduceMinOp, "reduce_min")
NNDCT_REDUCE_INFER(ReduceProdOp, "reduce_prod")
NNDCT_REDUCE_INFER(ReduceL1Op, "reduce_l1")
NNDCT_REDUCE_INFER(ReduceL2Op, "reduce_l2")
NNDCT_REDUCE_INFER(ReduceLogSumOp, "reduce_log_sum")
NNDCT_REDUCE_INFER(ReduceLogSumExpOp, "reduce_log_sum_exp")
NNDCT_REDUCE_INFER(ReduceSumSquareOp, "reduce_sum_square")
#undef NNDCT_REDUCE_INFER

/// The result of an index reduction: `input` without (or with 1 at) `axis`,
/// int64.
static LogicalResult inferArgReduce(MLIRContext *ctx,
                                    std::optional<Location> loc, StringRef op,
                                    Value input, int64_t axis, bool keepdims,
                                    SmallVectorImpl<Type> &results) {
  auto in = tensorType(input);
  if (axis < 0 || axis >= in.getRank())
    return fail(loc, "'nndct." + op + "' axis " + Twine(axis) +
                         " is out of range for rank " + Twine(in.getRank()));
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < in.getRank(); ++i)
    if (i != axis)
      shape.push_back(in.getDimSize(i));
    else if (keepdims)
      shape.push_back(1);
  results.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return inferArgReduce(ctx, loc, "arg_max", adaptor.getInput(),
                        adaptor.getAxis(), adaptor.getKeepdims(), results);
}

LogicalResult ArgMinOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return inferArgReduce(ctx, loc, "arg_min", adaptor.getInput(),
                        adaptor.getAxis(), adaptor.getKeepdims(), results);
}

/// An `axis` in [-rank, rank) of `op`'s input.
static LogicalResult verifyAxisOf(Operation *op, int64_t axis) {
  int64_t rank = tensorType(op->getOperand(0)).getRank();
  if (axis < -rank || axis >= rank)
    return op->emitOpError("axis ")
           << axis << " is out of range for rank " << rank;
  return success();
}

LogicalResult LogSoftmaxOp::verify() { return verifyAxisOf(*this, getAxis()); }
LogicalResult HardmaxOp::verify() { return verifyAxisOf(*this, getAxis()); }

LogicalResult CumSumOp::verify() {
  if (getAxis() < 0)
    return emitOpError("axis must be non-negative");
  return verifyAxisOf(*this, getAxis());
}

LogicalResult TopKOp::inferReturnTypes(MLIRContext *ctx,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  int64_t axis = adaptor.getAxis(), k = adaptor.getK();
  if (axis < 0 || axis >= in.getRank())
    return fail(loc, "'nndct.top_k' axis " + Twine(axis) +
                         " is out of range for rank " + Twine(in.getRank()));
  if (k < 1 || k > in.getDimSize(axis))
    return fail(loc, "'nndct.top_k' k = " + Twine(k) + " is not in [1, " +
                         Twine(in.getDimSize(axis)) + "]");
  SmallVector<int64_t> shape(in.getShape());
  shape[axis] = k;
  results.push_back(in.clone(shape));
  results.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 64)));
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  if (adaptor.getInputs().empty())
    return fail(loc, "'nndct.concat' needs at least one input");
  auto first = tensorType(adaptor.getInputs().front());
  int64_t axis = adaptor.getAxis();
  if (axis >= first.getRank())
    return fail(loc, "'nndct.concat' axis " + Twine(axis) +
                         " is out of range for rank " + Twine(first.getRank()));
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (Value v : adaptor.getInputs()) {
    auto t = tensorType(v);
    if (t.getRank() != first.getRank() ||
        t.getElementType() != first.getElementType())
      return fail(
          loc,
          "'nndct.concat' inputs must have the same rank and element type");
    for (int64_t i = 0; i < t.getRank(); ++i)
      if (i != axis && t.getDimSize(i) != first.getDimSize(i))
        return fail(loc, "'nndct.concat' inputs differ in dimension " +
                             Twine(i) + " (only the axis may differ)");
    shape[axis] += t.getDimSize(axis);
  }
  results.push_back(first.clone(shape));
  return success();
}

LogicalResult ReshapeOp::verify() {
  auto in = tensorType(getInput()), out = tensorType(getOutput());
  if (in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape ")
           << in.getNumElements() << " elements into " << out.getNumElements();
  if (in.getElementType() != out.getElementType())
    return emitOpError("must not change the element type");
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  // Row-major order is unchanged: the constant's data moves as it is.
  if (auto value = dyn_cast_or_null<ElementsAttr>(adaptor.getInput()))
    return gatherElements(value, getType(), [](int64_t i) { return i; });
  // reshape(reshape(x)) is one reshape of x.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::all_of(llvm::enumerate(perm),
                   [](auto p) { return int64_t(p.index()) == p.value(); }))
    return getInput();
  auto value = dyn_cast_or_null<ElementsAttr>(adaptor.getInput());
  if (!value)
    return {};
  ArrayRef<int64_t> inShape =
      cast<RankedTensorType>(getInput().getType()).getShape();
  ArrayRef<int64_t> outShape = getType().getShape();
  SmallVector<int64_t> inStrides(inShape.size(), 1);
  for (int64_t d = int64_t(inShape.size()) - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inShape[d + 1];
  return gatherElements(value, getType(), [&](int64_t i) {
    int64_t src = 0;
    for (int64_t d = int64_t(outShape.size()) - 1; d >= 0; --d) {
      src += (i % outShape[d]) * inStrides[perm[d]];
      i /= outShape[d];
    }
    return src;
  });
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  // Exporters emit zero pads before pools.
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }))
    return getInput();
  return {};
}

// Inference-time no-ops.
OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }
OpFoldResult DropoutOp::fold(FoldAdaptor) { return getInput(); }

namespace {
/// clamp(0, 6) is relu6 and clamp(0, +inf) is relu: the forms the NPU fuses
/// into its producer.
struct ClampToRelu : OpRewritePattern<ClampOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ClampOp op,
                                PatternRewriter &rewriter) const override {
    float lo = op.getMin().convertToFloat(), hi = op.getMax().convertToFloat();
    if (lo != 0.0f)
      return rewriter.notifyMatchFailure(op, "lower bound is not 0");
    if (hi == 6.0f) {
      rewriter.replaceOpWithNewOp<Relu6Op>(op, op.getInput());
      return success();
    }
    if (hi >= std::numeric_limits<float>::max()) {
      rewriter.replaceOpWithNewOp<ReluOp>(op, op.getInput());
      return success();
    }
    return rewriter.notifyMatchFailure(op, "upper bound is neither 6 nor +inf");
  }
};
} // namespace

void ClampOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                          MLIRContext *context) {
  patterns.add<ClampToRelu>(context);
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (int64_t(perm.size()) != in.getRank())
    return fail(loc, "'nndct.transpose' perm has " + Twine(perm.size()) +
                         " entries for a rank-" + Twine(in.getRank()) +
                         " input");
  SmallVector<bool> used(perm.size(), false);
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= in.getRank() || used[p])
      return fail(loc, "'nndct.transpose' perm is not a permutation");
    used[p] = true;
    shape.push_back(in.getDimSize(p));
  }
  results.push_back(in.clone(shape));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  ArrayRef<int64_t> pads = adaptor.getPads();
  int64_t rank = in.getRank();
  if (int64_t(pads.size()) != 2 * rank)
    return fail(loc, "'nndct.pad' needs " + Twine(2 * rank) +
                         " pads for rank " + Twine(rank) + ", got " +
                         Twine(pads.size()));
  if (failed(checkNonNegative(loc, "pad", "pads", pads)))
    return failure();
  SmallVector<int64_t> shape(in.getShape());
  for (int64_t i = 0; i < rank; ++i) {
    if (adaptor.getMode() == PadMode::reflect &&
        (pads[i] >= shape[i] || pads[i + rank] >= shape[i]))
      return fail(
          loc,
          "'nndct.pad' reflect padding must be smaller than the dimension");
    shape[i] += pads[i] + pads[i + rank];
  }
  results.push_back(in.clone(shape));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  ArrayRef<int64_t> starts = adaptor.getStarts(), ends = adaptor.getEnds(),
                    steps = adaptor.getSteps();
  int64_t rank = in.getRank();
  if (int64_t(starts.size()) != rank || int64_t(ends.size()) != rank ||
      int64_t(steps.size()) != rank)
    return fail(loc,
                "'nndct.slice' needs one start, end and step per dimension");
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (steps[i] == 0)
      return fail(loc, "'nndct.slice' steps must not be 0");
    if (steps[i] < 0) {
      // Backwards: from start down to (excluding) end; end -1 passes 0.
      if (ends[i] < -1 || ends[i] > starts[i] ||
          (starts[i] > in.getDimSize(i) - 1 && starts[i] != ends[i]))
        return fail(loc, "'nndct.slice' dimension " + Twine(i) +
                             " with a negative step needs -1 <= end (" +
                             Twine(ends[i]) + ") <= start (" +
                             Twine(starts[i]) +
                             ") <= " + Twine(in.getDimSize(i) - 1));
      shape.push_back((starts[i] - ends[i] - steps[i] - 1) / -steps[i]);
      continue;
    }
    if (starts[i] < 0 || starts[i] > ends[i] || ends[i] > in.getDimSize(i))
      return fail(loc, "'nndct.slice' dimension " + Twine(i) +
                           " needs 0 <= start (" + Twine(starts[i]) +
                           ") <= end (" + Twine(ends[i]) +
                           ") <= " + Twine(in.getDimSize(i)));
    shape.push_back((ends[i] - starts[i] + steps[i] - 1) / steps[i]);
  }
  results.push_back(in.clone(shape));
  return success();
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  int64_t axis = adaptor.getAxis();
  if (axis >= in.getRank())
    return fail(loc, "'nndct.split' axis " + Twine(axis) + " is out of range");
  int64_t total = 0;
  for (int64_t size : adaptor.getSizes()) {
    if (size < 0)
      return fail(loc, "'nndct.split' sizes must be non-negative");
    total += size;
    SmallVector<int64_t> shape(in.getShape());
    shape[axis] = size;
    results.push_back(in.clone(shape));
  }
  if (total != in.getDimSize(axis))
    return fail(loc, "'nndct.split' sizes sum to " + Twine(total) +
                         " but the axis has " + Twine(in.getDimSize(axis)));
  return success();
}

LogicalResult ResizeOp::verify() {
  auto in = tensorType(getInput()), out = tensorType(getOutput());
  if (in.getDimSize(0) != out.getDimSize(0) ||
      in.getDimSize(1) != out.getDimSize(1))
    return emitOpError("must keep the batch and channel dimensions");
  if (std::optional<ArrayRef<float>> scales = getScales())
    for (float s : *scales)
      if (!(s > 0))
        return emitOpError("scales must be positive");
  if (getMode() != ResizeMode::nearest &&
      getNearestMode() != NearestMode::round_prefer_floor)
    return emitOpError("nearest_mode only applies to nearest resize");
  if (getMode() != ResizeMode::cubic &&
      (getCubicCoeffA().convertToFloat() != -0.75f || getExcludeOutside()))
    return emitOpError(
        "cubic_coeff_a and exclude_outside only apply to cubic resize");
  if (!std::isfinite(getCubicCoeffA().convertToFloat()))
    return emitOpError("cubic_coeff_a must be finite");
  bool crop = getCoordinateMode() == CoordinateMode::tf_crop_and_resize;
  if (crop != getRoi().has_value())
    return emitOpError(crop ? "tf_crop_and_resize needs a roi"
                            : "roi only applies to tf_crop_and_resize");
  if (!crop && getExtrapolationValue().convertToFloat() != 0.0f)
    return emitOpError("extrapolation_value only applies to "
                       "tf_crop_and_resize");
  if (std::optional<ArrayRef<float>> roi = getRoi())
    for (float v : *roi)
      if (!std::isfinite(v))
        return emitOpError("roi values must be finite");
  return success();
}

//===----------------------------------------------------------------------===//
// Group normalization
//===----------------------------------------------------------------------===//

LogicalResult GroupNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  if (in.getRank() < 2)
    return fail(loc, "'nndct.group_norm' input must have a channel dimension");
  int64_t channels = in.getDimSize(1), groups = adaptor.getNumGroups();
  if (groups <= 0 || channels % groups != 0)
    return fail(loc, "'nndct.group_norm' num_groups (" + Twine(groups) +
                         ") must divide the " + Twine(channels) + " channels");
  for (Value v : {adaptor.getScale(), adaptor.getBias()})
    if (v && tensorType(v).getDimSize(0) != channels)
      return fail(loc, "'nndct.group_norm' scale and bias must have " +
                           Twine(channels) + " elements, one per channel");
  if (!(adaptor.getEpsilon().convertToFloat() >= 0))
    return fail(loc, "'nndct.group_norm' epsilon must be non-negative");
  results.push_back(in);
  return success();
}

//===----------------------------------------------------------------------===//
// 3-D convolution and pooling
//===----------------------------------------------------------------------===//

LogicalResult Conv3DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return inferConv(loc, "conv3d", adaptor.getInput(), adaptor.getWeight(),
                   adaptor.getBias(), adaptor.getStrides(), adaptor.getPads(),
                   adaptor.getDilations(), adaptor.getGroups(), results);
}

LogicalResult
ConvTranspose3DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &results) {
  return inferConvTranspose(loc, "conv_transpose3d", adaptor.getInput(),
                            adaptor.getWeight(), adaptor.getBias(),
                            adaptor.getStrides(), adaptor.getPads(),
                            adaptor.getDilations(), adaptor.getOutputPadding(),
                            adaptor.getGroups(), results);
}

LogicalResult MaxPool3DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferPool(loc, "max_pool3d", adaptor.getInput(),
                   adaptor.getKernelSize(), adaptor.getStrides(),
                   adaptor.getPads(), adaptor.getDilations(),
                   adaptor.getCeilMode(), results);
}

LogicalResult AvgPool3DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  static const int64_t unitDilation[] = {1, 1, 1};
  return inferPool(loc, "avg_pool3d", adaptor.getInput(),
                   adaptor.getKernelSize(), adaptor.getStrides(),
                   adaptor.getPads(), unitDilation, adaptor.getCeilMode(),
                   results);
}

#define GET_OP_CLASSES
#include "ir/NNDCTOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Integer, comparison and logic ops, casts, and gather/scatter
//===----------------------------------------------------------------------===//

LogicalResult ModOp::verify() {
  // ONNX: a float remainder must be fmod (Python's % is integer-only).
  if (isa<FloatType>(tensorType(getLhs()).getElementType()) && !getFmod())
    return emitOpError("float operands need fmod = true");
  return success();
}

/// Comparison and logic ops: broadcast shapes, same operand element types,
/// a bool result.
static LogicalResult inferCompare(MLIRContext *ctx, std::optional<Location> loc,
                                  StringRef op, Value lhs, Value rhs,
                                  SmallVectorImpl<Type> &results) {
  SmallVector<Type, 1> shaped;
  if (failed(inferBroadcast(loc, op, lhs, rhs, shaped)))
    return failure();
  results.push_back(
      cast<RankedTensorType>(shaped[0]).clone(IntegerType::get(ctx, 1)));
  return success();
}

#define NNDCT_COMPARE_INFER(OP, NAME)                                          \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,          \
      SmallVectorImpl<Type> &results) {                                        \
    return inferCompare(ctx, loc, NAME, adaptor.getLhs(), adaptor.getRhs(),    \
                        results);                                              \
  }
NNDCT_COMPARE_INFER(EqualOp, "equal")
NNDCT_COMPARE_INFER(GreaterOp, "greater")
NNDCT_COMPARE_INFER(GreaterEqualOp, "greater_equal")
NNDCT_COMPARE_INFER(LessOp, "less")
NNDCT_COMPARE_INFER(LessEqualOp, "less_equal")
NNDCT_COMPARE_INFER(LogicalAndOp, "logical_and")
NNDCT_COMPARE_INFER(LogicalOrOp, "logical_or")
NNDCT_COMPARE_INFER(LogicalXorOp, "logical_xor")
#undef NNDCT_COMPARE_INFER

LogicalResult WhereOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  auto c = tensorType(adaptor.getCondition()), x = tensorType(adaptor.getX()),
       y = tensorType(adaptor.getY());
  if (x.getElementType() != y.getElementType())
    return fail(loc, "'nndct.where' x and y have different element types");
  auto shape = broadcastShapes(c.getShape(), x.getShape());
  if (shape)
    shape = broadcastShapes(*shape, y.getShape());
  if (!shape)
    return fail(loc, "'nndct.where' operand shapes do not broadcast");
  results.push_back(x.clone(*shape));
  return success();
}

LogicalResult CastOp::verify() {
  for (Type t : {tensorType(getInput()).getElementType(),
                 tensorType(getOutput()).getElementType()})
    if (!isa<FloatType, IntegerType>(t))
      return emitOpError("casts between float and integer types only, not ")
             << t;
  return success();
}

LogicalResult ExpandOp::verify() {
  auto in = tensorType(getInput()), out = tensorType(getOutput());
  if (in.getElementType() != out.getElementType())
    return emitOpError("result element type differs from the input's");
  auto shape = broadcastShapes(in.getShape(), out.getShape());
  if (!shape || ArrayRef<int64_t>(*shape) != out.getShape())
    return emitOpError("input shape does not broadcast to the result shape");
  return success();
}

LogicalResult TileOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  ArrayRef<int64_t> repeats = adaptor.getRepeats();
  if (int64_t(repeats.size()) != in.getRank())
    return fail(loc, "'nndct.tile' has " + Twine(repeats.size()) +
                         " repeats for a rank-" + Twine(in.getRank()) +
                         " input");
  if (failed(checkNonNegative(loc, "tile", "repeats", repeats)))
    return failure();
  SmallVector<int64_t> shape(in.getShape());
  for (size_t i = 0; i < shape.size(); ++i)
    shape[i] *= repeats[i];
  results.push_back(in.clone(shape));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto data = tensorType(adaptor.getData());
  auto indices = tensorType(adaptor.getIndices());
  int64_t axis = adaptor.getAxis();
  if (axis >= data.getRank())
    return fail(loc, "'nndct.gather' axis " + Twine(axis) +
                         " is out of range for a rank-" +
                         Twine(data.getRank()) + " input");
  SmallVector<int64_t> shape(data.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(axis + 1));
  results.push_back(data.clone(shape));
  return success();
}

LogicalResult
GatherElementsOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &results) {
  auto data = tensorType(adaptor.getData());
  auto indices = tensorType(adaptor.getIndices());
  int64_t axis = adaptor.getAxis();
  if (indices.getRank() != data.getRank())
    return fail(loc, "'nndct.gather_elements' indices must have the rank of "
                     "the data");
  if (axis >= data.getRank())
    return fail(loc, "'nndct.gather_elements' axis " + Twine(axis) +
                         " is out of range for a rank-" +
                         Twine(data.getRank()) + " input");
  results.push_back(data.clone(indices.getShape()));
  return success();
}

LogicalResult GatherNDOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  auto data = tensorType(adaptor.getData());
  auto indices = tensorType(adaptor.getIndices());
  int64_t b = adaptor.getBatchDims();
  if (indices.getRank() < 1 || b >= std::min(data.getRank(), indices.getRank()))
    return fail(loc, "'nndct.gather_nd' batch_dims must be less than both "
                     "ranks");
  if (data.getShape().take_front(b) != indices.getShape().take_front(b))
    return fail(loc, "'nndct.gather_nd' batch dimensions of data and indices "
                     "differ");
  int64_t k = indices.getShape().back();
  if (k < 1 || b + k > data.getRank())
    return fail(loc, "'nndct.gather_nd' indices address " + Twine(k) +
                         " dimensions; the data has " +
                         Twine(data.getRank() - b) + " after the batch");
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, data.getShape().drop_front(b + k));
  results.push_back(data.clone(shape));
  return success();
}

static LogicalResult checkReduction(std::optional<Location> loc, StringRef op,
                                    StringRef reduction) {
  if (!llvm::is_contained(
          ArrayRef<StringRef>{"none", "add", "mul", "max", "min"}, reduction))
    return fail(loc, "'nndct." + op + "' reduction '" + reduction +
                         "' is not one of none, add, mul, max, min");
  return success();
}

LogicalResult ScatterNDOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  auto data = tensorType(adaptor.getData());
  auto indices = tensorType(adaptor.getIndices());
  auto updates = tensorType(adaptor.getUpdates());
  if (failed(checkReduction(loc, "scatter_nd", adaptor.getReduction())))
    return failure();
  if (updates.getElementType() != data.getElementType())
    return fail(loc, "'nndct.scatter_nd' updates and data have different "
                     "element types");
  int64_t k = indices.getRank() ? indices.getShape().back() : 0;
  if (indices.getRank() < 1 || k < 1 || k > data.getRank())
    return fail(loc, "'nndct.scatter_nd' indices' last dimension must be in "
                     "[1, data rank]");
  SmallVector<int64_t> want(indices.getShape().drop_back());
  llvm::append_range(want, data.getShape().drop_front(k));
  if (updates.getShape() != ArrayRef<int64_t>(want))
    return fail(loc, "'nndct.scatter_nd' updates shape must be indices[:-1] "
                     "+ data[indices[-1]:]");
  results.push_back(data);
  return success();
}

LogicalResult
ScatterElementsOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &results) {
  auto data = tensorType(adaptor.getData());
  auto indices = tensorType(adaptor.getIndices());
  auto updates = tensorType(adaptor.getUpdates());
  if (failed(checkReduction(loc, "scatter_elements", adaptor.getReduction())))
    return failure();
  if (updates.getElementType() != data.getElementType())
    return fail(loc, "'nndct.scatter_elements' updates and data have "
                     "different element types");
  if (indices.getShape() != updates.getShape() ||
      indices.getRank() != data.getRank())
    return fail(loc, "'nndct.scatter_elements' indices and updates must have "
                     "one shape, of the data's rank");
  if (adaptor.getAxis() >= data.getRank())
    return fail(loc, "'nndct.scatter_elements' axis " +
                         Twine(adaptor.getAxis()) + " is out of range");
  for (int64_t i = 0; i < data.getRank(); ++i)
    if (i != adaptor.getAxis() && indices.getDimSize(i) > data.getDimSize(i))
      return fail(loc, "'nndct.scatter_elements' indices dimension " +
                           Twine(i) + " exceeds the data's");
  results.push_back(data);
  return success();
}

//===----------------------------------------------------------------------===//
// Sampling ops (grid_sample, roi_align)
//===----------------------------------------------------------------------===//

LogicalResult GridSampleOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  auto grid = tensorType(adaptor.getGrid());
  if (grid.getDimSize(0) != in.getDimSize(0) || grid.getDimSize(3) != 2)
    return fail(loc, "'nndct.grid_sample' grid must be [N, Ho, Wo, 2] with "
                     "the input's batch N = " +
                         Twine(in.getDimSize(0)));
  results.push_back(in.clone({in.getDimSize(0), in.getDimSize(1),
                              grid.getDimSize(1), grid.getDimSize(2)}));
  return success();
}

LogicalResult RoiAlignOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  auto rois = tensorType(adaptor.getRois());
  auto idx = tensorType(adaptor.getBatchIndices());
  if (rois.getRank() != 2 || rois.getDimSize(1) != 4)
    return fail(loc, "'nndct.roi_align' rois must be [R, 4]");
  if (idx.getRank() != 1 || idx.getDimSize(0) != rois.getDimSize(0))
    return fail(loc, "'nndct.roi_align' batch_indices must be [R], one per "
                     "roi (R = " +
                         Twine(rois.getDimSize(0)) + ")");
  float scale = adaptor.getSpatialScale().convertToFloat();
  if (!(scale > 0) || !std::isfinite(scale))
    return fail(loc, "'nndct.roi_align' spatial_scale must be positive");
  results.push_back(
      in.clone({rois.getDimSize(0), in.getDimSize(1), adaptor.getOutputHeight(),
                adaptor.getOutputWidth()}));
  return success();
}

//===----------------------------------------------------------------------===//
// Classic CNN layers and masks
//===----------------------------------------------------------------------===//

LogicalResult MaxPool2DWithIndicesOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  if (failed(inferPool(loc, "max_pool2d_with_indices", adaptor.getInput(),
                       adaptor.getKernelSize(), adaptor.getStrides(),
                       adaptor.getPads(), adaptor.getDilations(),
                       adaptor.getCeilMode(), results)))
    return failure();
  auto out = cast<RankedTensorType>(results.front());
  results.push_back(out.clone(IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult MaxUnpool2DOp::verify() {
  auto in = tensorType(getInput()), out = tensorType(getOutput());
  if (failed(checkPositive(getLoc(), "max_unpool2d", "kernel_size",
                           getKernelSize())) ||
      failed(
          checkPositive(getLoc(), "max_unpool2d", "strides", getStrides())) ||
      failed(checkNonNegative(getLoc(), "max_unpool2d", "pads", getPads())))
    return failure();
  if (tensorType(getIndices()).getShape() != in.getShape())
    return emitOpError("indices must have the input's shape");
  if (in.getElementType() != out.getElementType())
    return emitOpError("must keep the element type");
  if (in.getDimSize(0) != out.getDimSize(0) ||
      in.getDimSize(1) != out.getDimSize(1))
    return emitOpError("must keep the batch and channel dimensions");
  // The unpooled tensor the indices number (ClassicKernels.cpp).
  SmallVector<int64_t> unpooled{in.getDimSize(0), in.getDimSize(1)};
  for (int i = 0; i < 2; ++i)
    unpooled.push_back((in.getDimSize(2 + i) - 1) * getStrides()[i] +
                       getKernelSize()[i] - getPads()[i] - getPads()[2 + i]);
  for (int i = 2; i < 4; ++i)
    if (unpooled[i] <= 0 || out.getDimSize(i) < unpooled[i])
      return emitOpError("result ")
             << joinDims(out.getShape()) << " must hold the unpooled "
             << joinDims(unpooled) << " tensor";
  return success();
}

LogicalResult LRNOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  if (in.getRank() < 3)
    return fail(loc, "'nndct.lrn' needs an input of rank >= 3 (N, C, D1...)");
  results.push_back(in);
  return success();
}

LogicalResult TriluOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  auto in = tensorType(adaptor.getInput());
  if (in.getRank() < 2)
    return fail(loc, "'nndct.trilu' needs an input of rank >= 2");
  results.push_back(in);
  return success();
}

LogicalResult OneHotOp::verify() {
  auto in = tensorType(getIndices()), out = tensorType(getOutput());
  int64_t axis = getAxis();
  if (axis > in.getRank())
    return emitOpError("axis ") << axis << " is out of range for rank "
                                << in.getRank() + 1 << " results";
  SmallVector<int64_t> shape(in.getShape());
  shape.insert(shape.begin() + axis, getDepth());
  if (out.getShape() != ArrayRef<int64_t>(shape))
    return emitOpError("result shape must be ")
           << joinDims(shape) << " (depth " << getDepth() << " at axis " << axis
           << ")";
  return success();
}

//===- OpConversions.cpp - one XIR float op per nndct op ------------------===//
//
// The per-op half of the exporter: attribute and layout conversion from
// nndct (NCHW, OIHW, `[top, left, bottom, right]` pads) to XIR (NHWC, OHWI,
// `{width, height}` pairs, `{left, right, top, bottom}` pads), checked
// against libxir 2.5's op definitions. An op (or an attribute value) XIR
// cannot express gives its reason back to convertComputeOp, which writes a
// CPU op as an XIR custom op (CustomOps.cpp) and an NPU op as an error
// naming the node.
//
//===----------------------------------------------------------------------===//

#include "backends/xmodel/CustomOps.h"
#include "backends/xmodel/GraphBuilder.h"

#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::xmodel;

namespace {

using Inputs = std::map<std::string, std::vector<xir::Op *>>;
using I32Vec = std::vector<std::int32_t>;

I32Vec i32(ArrayRef<int64_t> v) { return I32Vec(v.begin(), v.end()); }

/// `{second, first}`: nndct pairs are (h, w), XIR pairs are {w, h}.
I32Vec wh(ArrayRef<int64_t> hw) {
  return {std::int32_t(hw[1]), std::int32_t(hw[0])};
}

/// nndct `[top, left, bottom, right]` → XIR `{left, right, top, bottom}`.
I32Vec xirPads(ArrayRef<int64_t> p) {
  return {std::int32_t(p[1]), std::int32_t(p[3]), std::int32_t(p[0]),
          std::int32_t(p[2])};
}

int64_t rankOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getRank();
}

Layout defaultLayoutOf(Value v) {
  return rankOf(v) == 4 ? nhwcLayout() : logicalLayout(rankOf(v));
}

/// XIR position of IR dim `d` in `layout`.
int32_t positionOf(const Layout &layout, int64_t d) {
  return int32_t(llvm::find(layout, d) - layout.begin());
}

struct Converter {
  GraphBuilder &b;
  Operation *op;
  /// Why XIR has no op for `op` (set when run() fails without a diagnostic).
  std::string whyNot;

  LogicalResult unsupported(const Twine &why) {
    whyNot = why.str();
    return failure();
  }

  /// Creates a one-result op whose inputs are already converted.
  LogicalResult emit(StringRef type, std::unique_ptr<xir::Attrs> attrs,
                     const Inputs &inputs, const Layout &layout) {
    return success(succeeded(b.create(op, op->getResult(0), type,
                                      std::move(attrs), inputs, layout)));
  }

  /// A unary op that keeps its input's layout.
  LogicalResult
  unary(StringRef type,
        std::unique_ptr<xir::Attrs> attrs = xir::Attrs::create()) {
    FailureOr<XValue> in = b.getAny(op->getOperand(0), op);
    if (failed(in))
      return failure();
    return emit(type, std::move(attrs), {{"input", {in->op}}}, in->layout);
  }

  LogicalResult binary(StringRef type) {
    Layout layout = defaultLayoutOf(op->getResult(0));
    FailureOr<xir::Op *> lhs = b.get(op->getOperand(0), layout, op);
    if (failed(lhs))
      return failure();
    FailureOr<xir::Op *> rhs = b.get(op->getOperand(1), layout, op);
    if (failed(rhs))
      return failure();
    return emit(type, xir::Attrs::create(), {{"input", {*lhs, *rhs}}}, layout);
  }

  LogicalResult conv(Conv2DOp conv) {
    bool depthwise = conv.isDepthwise();
    if (conv.getGroups() != 1 && !depthwise)
      return unsupported(
          "grouped convolution (groups = " + Twine(conv.getGroups()) +
          ") has no XIR 2.5 op; only groups = 1 and "
          "depthwise (groups = C = O) are expressible");
    FailureOr<xir::Op *> in = b.get(conv.getInput(), nhwcLayout(), op);
    if (failed(in))
      return failure();
    FailureOr<xir::Op *> w = b.getParam(
        conv.getWeight(),
        depthwise ? ConstXform::DepthwiseWeights : ConstXform::ConvWeights, op);
    if (failed(w))
      return failure();
    Inputs inputs{{"input", {*in}}, {"weights", {*w}}};
    if (conv.getBias()) {
      FailureOr<xir::Op *> bias =
          b.getParam(conv.getBias(), ConstXform::Plain, op);
      if (failed(bias))
        return failure();
      inputs["bias"] = {*bias};
    }
    auto wshape = cast<RankedTensorType>(conv.getWeight().getType()).getShape();
    auto attrs = xir::Attrs::create();
    attrs->set_attr<I32Vec>("kernel", wh(wshape.drop_front(2)));
    attrs->set_attr<I32Vec>("stride", wh(conv.getStrides()));
    attrs->set_attr<I32Vec>("dilation", wh(conv.getDilations()));
    attrs->set_attr<std::string>("pad_mode", "FLOOR");
    attrs->set_attr<I32Vec>("pad", xirPads(conv.getPads()));
    return emit(depthwise ? "depthwise-conv2d" : "conv2d", std::move(attrs),
                inputs, nhwcLayout());
  }

  LogicalResult convTranspose(ConvTranspose2DOp conv) {
    auto wshape = cast<RankedTensorType>(conv.getWeight().getType()).getShape();
    bool depthwise = conv.getGroups() != 1 && conv.getGroups() == wshape[0] &&
                     wshape[1] == 1;
    if (conv.getGroups() != 1 && !depthwise)
      return unsupported("grouped transposed convolution (groups = " +
                         Twine(conv.getGroups()) + ") has no XIR 2.5 op");
    FailureOr<xir::Op *> in = b.get(conv.getInput(), nhwcLayout(), op);
    if (failed(in))
      return failure();
    // XIR correlates the zero-dilated input with filter[oc, kh, kw, ic]:
    // PyTorch's kernel flipped in space (see XIR's transposed-conv2d doc).
    FailureOr<xir::Op *> w =
        b.getParam(conv.getWeight(),
                   depthwise ? ConstXform::TransposedDepthwiseWeights
                             : ConstXform::TransposedWeights,
                   op);
    if (failed(w))
      return failure();
    Inputs inputs{{"input", {*in}}, {"weights", {*w}}};
    if (conv.getBias()) {
      FailureOr<xir::Op *> bias =
          b.getParam(conv.getBias(), ConstXform::Plain, op);
      if (failed(bias))
        return failure();
      inputs["bias"] = {*bias};
    }
    // XIR's pad is the framework padding; output_padding extends the
    // bottom/right edge, i.e. reduces that side's padding.
    ArrayRef<int64_t> p = conv.getPads(), outPad = conv.getOutputPadding();
    I32Vec pad = {std::int32_t(p[1]), std::int32_t(p[3] - outPad[1]),
                  std::int32_t(p[0]), std::int32_t(p[2] - outPad[0])};
    auto attrs = xir::Attrs::create();
    attrs->set_attr<I32Vec>("kernel", wh(wshape.drop_front(2)));
    attrs->set_attr<I32Vec>("stride", wh(conv.getStrides()));
    attrs->set_attr<I32Vec>("dilation", wh(conv.getDilations()));
    attrs->set_attr<std::string>("pad_mode", "FLOOR");
    attrs->set_attr<I32Vec>("pad", pad);
    return emit(depthwise ? "transposed-depthwise-conv2d" : "transposed-conv2d",
                std::move(attrs), inputs, nhwcLayout());
  }

  LogicalResult linear(LinearOp lin) {
    int64_t rank = rankOf(lin.getInput());
    if (rank < 2)
      return unsupported("XIR matmul needs an input of rank >= 2");
    FailureOr<xir::Op *> in = b.get(lin.getInput(), logicalLayout(rank), op);
    if (failed(in))
      return failure();
    FailureOr<xir::Op *> w = b.getParam(lin.getWeight(), ConstXform::Plain, op);
    if (failed(w))
      return failure();
    Inputs inputs{{"input", {*in, *w}}};
    if (lin.getBias()) {
      FailureOr<xir::Op *> bias =
          b.getParam(lin.getBias(), ConstXform::Plain, op);
      if (failed(bias))
        return failure();
      inputs["bias"] = {*bias};
    }
    auto attrs = xir::Attrs::create();
    attrs->set_attr<bool>("transpose_a", false);
    attrs->set_attr<bool>("transpose_b", true); // weight is [M, K]
    return emit("matmul", std::move(attrs), inputs, logicalLayout(rank));
  }

  LogicalResult matmul(MatMulOp mm) {
    int64_t lr = rankOf(mm.getLhs()), rr = rankOf(mm.getRhs());
    if (lr < 2 || rr < 2)
      return unsupported("XIR matmul has no 1-D operand promotion");
    FailureOr<xir::Op *> lhs = b.get(mm.getLhs(), logicalLayout(lr), op);
    if (failed(lhs))
      return failure();
    FailureOr<xir::Op *> rhs = b.get(mm.getRhs(), logicalLayout(rr), op);
    if (failed(rhs))
      return failure();
    auto attrs = xir::Attrs::create();
    attrs->set_attr<bool>("transpose_a", false);
    attrs->set_attr<bool>("transpose_b", false);
    return emit("matmul", std::move(attrs), {{"input", {*lhs, *rhs}}},
                logicalLayout(rankOf(mm.getOutput())));
  }

  std::unique_ptr<xir::Attrs> poolAttrs(ArrayRef<int64_t> kernel,
                                        ArrayRef<int64_t> strides,
                                        ArrayRef<int64_t> pads, bool ceil) {
    auto attrs = xir::Attrs::create();
    attrs->set_attr<I32Vec>("kernel", wh(kernel));
    attrs->set_attr<I32Vec>("stride", wh(strides));
    attrs->set_attr<std::string>("pad_mode", ceil ? "CEIL" : "FLOOR");
    attrs->set_attr<I32Vec>("pad", xirPads(pads));
    attrs->set_attr<bool>("global", false);
    return attrs;
  }

  LogicalResult maxPool(MaxPool2DOp pool) {
    if (pool.getDilations()[0] != 1 || pool.getDilations()[1] != 1)
      return unsupported("XIR maxpool2d has no dilation");
    FailureOr<xir::Op *> in = b.get(pool.getInput(), nhwcLayout(), op);
    if (failed(in))
      return failure();
    return emit("maxpool2d",
                poolAttrs(pool.getKernelSize(), pool.getStrides(),
                          pool.getPads(), pool.getCeilMode()),
                {{"input", {*in}}}, nhwcLayout());
  }

  LogicalResult avgPool(AvgPool2DOp pool) {
    FailureOr<xir::Op *> in = b.get(pool.getInput(), nhwcLayout(), op);
    if (failed(in))
      return failure();
    auto attrs = poolAttrs(pool.getKernelSize(), pool.getStrides(),
                           pool.getPads(), pool.getCeilMode());
    attrs->set_attr<bool>("count_include_pad", pool.getCountIncludePad());
    attrs->set_attr<bool>("count_include_invalid", true); // PyTorch's choice
    return emit("avgpool2d", std::move(attrs), {{"input", {*in}}},
                nhwcLayout());
  }

  LogicalResult adaptiveAvgPool(AdaptiveAvgPool2DOp pool) {
    auto shape = cast<RankedTensorType>(pool.getInput().getType()).getShape();
    ArrayRef<int64_t> out = pool.getOutputSize();
    if (shape[2] % out[0] || shape[3] % out[1])
      return unsupported("adaptive average pooling from " + Twine(shape[2]) +
                         "x" + Twine(shape[3]) + " to " + Twine(out[0]) + "x" +
                         Twine(out[1]) +
                         " has uneven windows (no XIR avgpool2d)");
    FailureOr<xir::Op *> in = b.get(pool.getInput(), nhwcLayout(), op);
    if (failed(in))
      return failure();
    SmallVector<int64_t> k = {shape[2] / out[0], shape[3] / out[1]};
    auto attrs = poolAttrs(k, k, {0, 0, 0, 0}, false);
    attrs->set_attr<bool>("global", pool.isGlobal());
    attrs->set_attr<bool>("count_include_pad", true);
    attrs->set_attr<bool>("count_include_invalid", true);
    return emit("avgpool2d", std::move(attrs), {{"input", {*in}}},
                nhwcLayout());
  }

  LogicalResult reduce(StringRef type, ArrayRef<int64_t> axes, bool keepDims) {
    FailureOr<XValue> in = b.getAny(op->getOperand(0), op);
    if (failed(in))
      return failure();
    I32Vec xaxes;
    for (int64_t a : axes)
      xaxes.push_back(positionOf(in->layout, a));
    llvm::sort(xaxes);
    Layout layout = in->layout;
    if (!keepDims) {
      // Remaining XIR dims, renumbered among the kept IR dims.
      Layout kept;
      for (int64_t d : in->layout)
        if (!llvm::is_contained(axes, d)) {
          int64_t index = 0;
          for (int64_t e = 0; e < d; ++e)
            index += !llvm::is_contained(axes, e);
          kept.push_back(index);
        }
      layout = kept;
    }
    auto attrs = xir::Attrs::create();
    attrs->set_attr<I32Vec>("axis", xaxes);
    attrs->set_attr<bool>("keep_dims", keepDims);
    return emit(type, std::move(attrs), {{"input", {in->op}}}, layout);
  }

  LogicalResult softmax(SoftmaxOp sm) {
    FailureOr<XValue> in = b.getAny(sm.getInput(), op);
    if (failed(in))
      return failure();
    int64_t axis =
        sm.getAxis() < 0 ? sm.getAxis() + rankOf(sm.getInput()) : sm.getAxis();
    auto attrs = xir::Attrs::create();
    attrs->set_attr<std::int32_t>("axis", positionOf(in->layout, axis));
    return emit("softmax", std::move(attrs), {{"input", {in->op}}}, in->layout);
  }

  LogicalResult concat(ConcatOp cat) {
    Layout layout = defaultLayoutOf(cat.getOutput());
    std::vector<xir::Op *> ins;
    for (Value v : cat.getInputs()) {
      FailureOr<xir::Op *> in = b.get(v, layout, op);
      if (failed(in))
        return failure();
      ins.push_back(*in);
    }
    auto attrs = xir::Attrs::create();
    attrs->set_attr<std::int32_t>("axis", positionOf(layout, cat.getAxis()));
    return emit("concat", std::move(attrs), {{"input", ins}}, layout);
  }

  LogicalResult reshape(ReshapeOp rs) {
    int64_t inRank = rankOf(rs.getInput()), outRank = rankOf(rs.getOutput());
    // Reshape works on the IR (row-major NCHW) order of elements; an NHWC
    // tensor whose layout change only moves size-1 dims is already in it.
    FailureOr<XValue> current = b.getAny(rs.getInput(), op);
    if (failed(current))
      return failure();
    FailureOr<xir::Op *> in = current->op;
    if (!GraphBuilder::sameMemoryOrder(rs.getInput(), current->layout,
                                       logicalLayout(inRank)))
      in = b.get(rs.getInput(), logicalLayout(inRank), op);
    if (failed(in))
      return failure();
    auto attrs = xir::Attrs::create();
    attrs->set_attr<I32Vec>(
        "shape",
        i32(cast<RankedTensorType>(rs.getOutput().getType()).getShape()));
    return emit("reshape", std::move(attrs), {{"input", {*in}}},
                logicalLayout(outRank));
  }

  LogicalResult transpose(TransposeOp tr) {
    FailureOr<XValue> in = b.getAny(tr.getInput(), op);
    if (failed(in))
      return failure();
    Layout out = defaultLayoutOf(tr.getOutput());
    ArrayRef<int64_t> perm = tr.getPerm();
    I32Vec order;
    for (int64_t k : out)
      order.push_back(positionOf(in->layout, perm[k]));
    auto attrs = xir::Attrs::create();
    attrs->set_attr<I32Vec>("order", order);
    return emit("transpose", std::move(attrs), {{"input", {in->op}}}, out);
  }

  LogicalResult pad(PadOp pd) {
    if (pd.getMode() == PadMode::edge)
      return unsupported("edge padding has no XIR pad mode "
                         "(CONSTANT, REFLECT, SYMMETRIC)");
    FailureOr<XValue> in = b.getAny(pd.getInput(), op);
    if (failed(in))
      return failure();
    int64_t rank = rankOf(pd.getInput());
    ArrayRef<int64_t> pads = pd.getPads();
    I32Vec paddings;
    for (int64_t d : in->layout) {
      paddings.push_back(std::int32_t(pads[d]));
      paddings.push_back(std::int32_t(pads[rank + d]));
    }
    auto attrs = xir::Attrs::create();
    attrs->set_attr<I32Vec>("paddings", paddings);
    attrs->set_attr<std::string>(
        "mode", pd.getMode() == PadMode::constant ? "CONSTANT" : "REFLECT");
    attrs->set_attr<std::vector<float>>(
        "constant_values",
        std::vector<float>(paddings.size(), pd.getValue().convertToFloat()));
    return emit("pad", std::move(attrs), {{"input", {in->op}}}, in->layout);
  }

  LogicalResult stridedSlice(Value input, Value result, ArrayRef<int64_t> begin,
                             ArrayRef<int64_t> end, ArrayRef<int64_t> steps,
                             StringRef suffix) {
    FailureOr<XValue> in = b.getAny(input, op);
    if (failed(in))
      return failure();
    I32Vec xb, xe, xs;
    for (int64_t d : in->layout) {
      xb.push_back(std::int32_t(begin[d]));
      xe.push_back(std::int32_t(end[d]));
      xs.push_back(std::int32_t(steps[d]));
    }
    auto attrs = xir::Attrs::create();
    attrs->set_attr<I32Vec>("begin", xb);
    attrs->set_attr<I32Vec>("end", xe);
    attrs->set_attr<I32Vec>("strides", xs);
    return success(
        succeeded(b.create(op, result, "strided_slice", std::move(attrs),
                           {{"input", {in->op}}}, in->layout, suffix)));
  }

  LogicalResult split(SplitOp sp) {
    auto shape = cast<RankedTensorType>(sp.getInput().getType()).getShape();
    int64_t offset = 0, axis = sp.getAxis();
    for (auto [i, r] : llvm::enumerate(sp.getOutputs())) {
      SmallVector<int64_t> begin(shape.size(), 0), end(shape),
          steps(shape.size(), 1);
      begin[axis] = offset;
      offset += sp.getSizes()[i];
      end[axis] = offset;
      if (failed(stridedSlice(sp.getInput(), r, begin, end, steps,
                              ("_" + Twine(i)).str())))
        return failure();
    }
    return success();
  }

  LogicalResult resize(ResizeOp rs) {
    bool nearest = rs.getMode() == ResizeMode::nearest;
    CoordinateMode cm = rs.getCoordinateMode();
    if (rs.getMode() == ResizeMode::cubic)
      return unsupported("XIR's resize has no cubic mode");
    if (cm == CoordinateMode::tf_crop_and_resize)
      return unsupported("XIR's resize has no crop and resize");
    bool halfPixel = cm == CoordinateMode::half_pixel ||
                     cm == CoordinateMode::pytorch_half_pixel;
    bool alignCorners = cm == CoordinateMode::align_corners;
    if (nearest) {
      NearestMode nm = rs.getNearestMode();
      bool ok = alignCorners ? nm == NearestMode::round_prefer_ceil
                             : nm == NearestMode::floor;
      if (!ok)
        return unsupported("nearest resize with coordinate mode '" +
                           stringifyCoordinateMode(cm) +
                           "' and nearest mode '" + stringifyNearestMode(nm) +
                           "' differs from XIR's NEAREST (floor, or "
                           "round with align_corners)");
    }
    FailureOr<xir::Op *> in = b.get(rs.getInput(), nhwcLayout(), op);
    if (failed(in))
      return failure();
    auto inShape = cast<RankedTensorType>(rs.getInput().getType()).getShape();
    auto outShape = cast<RankedTensorType>(rs.getOutput().getType()).getShape();
    std::vector<float> scale;
    if (auto s = rs.getScales())
      scale = {(*s)[1], (*s)[0]};
    else
      scale = {float(outShape[3]) / float(inShape[3]),
               float(outShape[2]) / float(inShape[2])};
    auto attrs = xir::Attrs::create();
    attrs->set_attr<std::string>("mode", nearest ? "NEAREST" : "BILINEAR");
    attrs->set_attr<bool>("align_corners", alignCorners);
    attrs->set_attr<bool>("half_pixel_centers", halfPixel);
    attrs->set_attr<std::vector<float>>("scale", scale);
    return emit("resize", std::move(attrs), {{"input", {*in}}}, nhwcLayout());
  }

  LogicalResult clamp(ClampOp c) {
    float lo = c.getMin().convertToFloat(), hi = c.getMax().convertToFloat();
    if (lo == 0.0f && hi == 6.0f)
      return unary("relu6");
    if (lo == 0.0f && hi >= 3.0e38f)
      return unary("relu");
    return unsupported("clamp to [" + Twine(std::to_string(lo)) + ", " +
                       std::to_string(hi) + "] is neither relu nor relu6");
  }

  LogicalResult hardSigmoid(HardSigmoidOp hs) {
    // XIR's hard-sigmoid is relu6(x + 3) / 6 (PyTorch's hardsigmoid).
    float alpha = hs.getAlpha().convertToFloat(),
          beta = hs.getBeta().convertToFloat();
    if (std::fabs(alpha - 1.0f / 6.0f) > 1e-6f ||
        std::fabs(beta - 0.5f) > 1e-6f)
      return unsupported(
          "hard_sigmoid with alpha = " + Twine(std::to_string(alpha)) +
          ", beta = " + std::to_string(beta) +
          " differs from XIR's relu6(x + 3) / 6");
    return unary("hard-sigmoid");
  }

  LogicalResult run() {
    return llvm::TypeSwitch<Operation *, LogicalResult>(op)
        .Case<Conv2DOp>([&](auto o) { return conv(o); })
        .Case<ConvTranspose2DOp>([&](auto o) { return convTranspose(o); })
        .Case<LinearOp>([&](auto o) { return linear(o); })
        .Case<MatMulOp>([&](auto o) { return matmul(o); })
        .Case<AddOp>([&](auto) { return binary("add"); })
        .Case<SubOp>([&](auto) { return binary("sub"); })
        .Case<MulOp>([&](auto) { return binary("mul"); })
        .Case<DivOp>([&](auto) { return binary("div"); })
        .Case<ReluOp>([&](auto) { return unary("relu"); })
        .Case<Relu6Op>([&](auto) { return unary("relu6"); })
        .Case<SigmoidOp>([&](auto) { return unary("sigmoid"); })
        .Case<TanhOp>([&](auto) { return unary("tanh"); })
        .Case<HardSwishOp>([&](auto) { return unary("hard-swish"); })
        .Case<SiluOp>([&](auto) { return unary("swish"); })
        .Case<ExpOp>([&](auto) { return unary("exp"); })
        .Case<NegOp>([&](NegOp o) {
          if (!isa<FloatType>(getElementTypeOrSelf(o.getType())))
            return unsupported("XIR's neg is a float op");
          return unary("neg");
        })
        .Case<MinOp>([&](auto) { return binary("min"); })
        .Case<MaxOp>([&](auto) { return binary("max"); })
        .Case<EluOp, CeluOp>([&](auto o) {
          auto attrs = xir::Attrs::create();
          attrs->set_attr<float>("alpha", o.getAlpha().convertToFloat());
          return unary(isa<EluOp>(op) ? "elu" : "celu", std::move(attrs));
        })
        .Case<SeluOp>([&](SeluOp o) {
          // XIR's selu has the self-normalizing constants built in.
          if (o.getAlpha().convertToFloat() != 1.67326319217681884765625f ||
              o.getGamma().convertToFloat() != 1.05070102214813232421875f)
            return unsupported("XIR's selu has the fixed constants alpha = "
                               "1.6733, gamma = 1.0507");
          return unary("selu");
        })
        .Case<LeakyReluOp>([&](LeakyReluOp o) {
          auto attrs = xir::Attrs::create();
          attrs->set_attr<float>("alpha", o.getAlpha().convertToFloat());
          return unary("leaky-relu", std::move(attrs));
        })
        .Case<GeluOp>([&](GeluOp o) {
          if (o.getApproximation() != GeluApproximation::none)
            return unsupported("XIR's gelu is the exact (erf) form");
          return unary("gelu");
        })
        .Case<ClampOp>([&](auto o) { return clamp(o); })
        .Case<HardSigmoidOp>([&](auto o) { return hardSigmoid(o); })
        .Case<SoftmaxOp>([&](auto o) { return softmax(o); })
        .Case<MaxPool2DOp>([&](auto o) { return maxPool(o); })
        .Case<AvgPool2DOp>([&](auto o) { return avgPool(o); })
        .Case<AdaptiveAvgPool2DOp>([&](auto o) { return adaptiveAvgPool(o); })
        .Case<ReduceMeanOp>([&](ReduceMeanOp o) {
          return reduce("reduction_mean", o.getAxes(), o.getKeepdims());
        })
        .Case<ReduceSumOp>([&](ReduceSumOp o) {
          return reduce("reduction_sum", o.getAxes(), o.getKeepdims());
        })
        .Case<ReduceMaxOp>([&](ReduceMaxOp o) {
          return reduce("reduction_max", o.getAxes(), o.getKeepdims());
        })
        .Case<ReduceProdOp>([&](ReduceProdOp o) {
          return reduce("reduction_product", o.getAxes(), o.getKeepdims());
        })
        .Case<ConcatOp>([&](auto o) { return concat(o); })
        .Case<ReshapeOp>([&](auto o) { return reshape(o); })
        .Case<TransposeOp>([&](auto o) { return transpose(o); })
        .Case<PadOp>([&](auto o) { return pad(o); })
        .Case<SliceOp>([&](SliceOp o) {
          // XIR's end -1 would wrap to the last element.
          if (llvm::any_of(o.getEnds(), [](int64_t e) { return e < 0; }))
            return unsupported("XIR strided_slice cannot express a "
                               "backwards slice through element 0");
          return stridedSlice(o.getInput(), o.getOutput(), o.getStarts(),
                              o.getEnds(), o.getSteps(), "");
        })
        .Case<SplitOp>([&](auto o) { return split(o); })
        .Case<ResizeOp>([&](auto o) { return resize(o); })
        .Case<PReluOp>(
            [&](auto) { return unsupported("XIR 2.5 has no prelu op"); })
        .Case<BatchNormOp>([&](auto) {
          return unsupported("batch_norm must be folded first "
                             "(run nndct-fold-batchnorm)");
        })
        .Case<QuantizeLinearOp, DequantizeLinearOp>([&](auto) {
          return unsupported("affine QDQ ops are not power-of-two fixes");
        })
        .Default([&](Operation *) -> LogicalResult {
          if (std::optional<std::string> why = whyNoXirOp(op))
            return unsupported(*why);
          return op->emitError()
                 << "the xmodel exporter has neither a conversion nor a "
                    "stated reason for '"
                 << op->getName() << "' (node '" << GraphBuilder::nodeName(op)
                 << "'): add one to backends/xmodel";
        });
  }
};

} // namespace

LogicalResult xmodel::convertComputeOp(GraphBuilder &builder, Operation *op) {
  Converter converter{builder, op};
  if (succeeded(converter.run()))
    return success();
  if (converter.whyNot.empty())
    return failure(); // diagnosed
  if (builder.onCpu())
    return convertToCustomOp(builder, op);
  return op->emitError() << "cannot export node '" << GraphBuilder::nodeName(op)
                         << "' ('" << op->getName()
                         << "') to XIR: " << converter.whyNot
                         << "; it is placed on the NPU, where no custom op "
                            "can run it";
}

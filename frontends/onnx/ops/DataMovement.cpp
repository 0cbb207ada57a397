//===- DataMovement.cpp - ONNX layout and indexing ops to nndct -----------===//
//
// Reshape (0 and -1), Flatten, Squeeze/Unsqueeze (attribute and input
// forms), Transpose, Concat, Slice (negative and INT_MAX bounds
// normalized), Split, Pad, Resize/Upsample, Expand, Tile, DepthToSpace,
// SpaceToDepth, GatherElements, GatherND, ScatterND and ScatterElements. On
// host constants they fold; otherwise they become the nndct data-movement
// ops with normalized, non-negative attributes (indices stay runtime
// tensors).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"
#include "ir/ShapeInference.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

namespace {

/// Sets output 0 to input 0 reshaped to `shape` (host or nndct.reshape).
LogicalResult reshapeTo(NodeContext &nc, ArrayRef<int64_t> shape) {
  if (const HostTensor *t = nc.constInput(0)) {
    HostTensor r = *t;
    r.shape.assign(shape.begin(), shape.end());
    nc.setOutput(0, std::move(r));
    return success();
  }
  Value x = nc.input(0);
  auto type = cast<RankedTensorType>(x.getType());
  nc.setOutput(
      0, nc.createTyped<ReshapeOp>({type.clone(shape)}, {x})->getResult(0));
  return success();
}

/// A constant integer vector input (shape, axes, pads, ...).
FailureOr<std::vector<int64_t>> constInts(NodeContext &nc, size_t i,
                                          StringRef what) {
  const HostTensor *t = nc.requireConstInput(i, what);
  if (!t)
    return failure();
  return t->toInts();
}

LogicalResult importReshape(NodeContext &nc) {
  FailureOr<std::vector<int64_t>> target = constInts(nc, 1, "shape");
  if (failed(target))
    return failure();
  std::vector<int64_t> in = nc.inputShape(0), out = *target;
  bool allowZero = nc.opset() >= 14 && nc.attrInt("allowzero", 0);
  int64_t inferred = -1, known = 1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 0 && !allowZero) {
      if (i >= in.size())
        return nc.error() << "shape copies dimension " << i
                          << " (0) but the input has rank " << in.size();
      out[i] = in[i];
    }
    if (out[i] == -1) {
      if (inferred >= 0)
        return nc.error() << "shape has more than one -1";
      inferred = i;
    } else if (out[i] < 0) {
      return nc.error() << "shape has invalid dimension " << out[i];
    } else {
      known *= out[i];
    }
  }
  int64_t total = numElements(in);
  if (inferred >= 0) {
    if (known == 0 || total % known)
      return nc.error() << "cannot infer the -1 dimension: " << total
                        << " elements do not divide by " << known;
    out[inferred] = total / known;
  } else if (known != total) {
    return nc.error() << "cannot reshape " << total << " elements into "
                      << known;
  }
  return reshapeTo(nc, out);
}

LogicalResult importFlatten(NodeContext &nc) {
  std::vector<int64_t> in = nc.inputShape(0);
  // Flatten's axis ranges over [-rank, rank]: negative counts from rank.
  int64_t rank = in.size(), a0 = nc.attrInt("axis", 1);
  std::optional<int64_t> axis = a0 < 0 ? a0 + rank : a0;
  if (*axis < 0 || *axis > rank)
    return nc.error() << "axis out of range";
  int64_t a = 1, b = 1;
  for (size_t i = 0; i < in.size(); ++i)
    (int64_t(i) < *axis ? a : b) *= in[i];
  return reshapeTo(nc, {a, b});
}

LogicalResult importSqueeze(NodeContext &nc) {
  std::vector<int64_t> in = nc.inputShape(0), axes;
  if (nc.opset() >= 13) {
    if (nc.hasInput(1)) {
      auto a = constInts(nc, 1, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  } else {
    axes = nc.attrInts("axes");
  }
  std::vector<bool> drop(in.size(), false);
  if (axes.empty()) {
    for (size_t i = 0; i < in.size(); ++i)
      drop[i] = in[i] == 1;
  }
  for (int64_t a : axes) {
    auto n = normalizeAxis(a, in.size());
    if (!n)
      return nc.error() << "axis " << a << " out of range";
    if (in[*n] != 1)
      return nc.error() << "cannot squeeze dimension " << *n << " of size "
                        << in[*n];
    drop[*n] = true;
  }
  std::vector<int64_t> out;
  for (size_t i = 0; i < in.size(); ++i)
    if (!drop[i])
      out.push_back(in[i]);
  return reshapeTo(nc, out);
}

LogicalResult importUnsqueeze(NodeContext &nc) {
  std::vector<int64_t> in = nc.inputShape(0), axes;
  if (nc.opset() >= 13) {
    auto a = constInts(nc, 1, "axes");
    if (failed(a))
      return failure();
    axes = *a;
  } else {
    axes = nc.attrInts("axes");
  }
  int64_t rank = in.size() + axes.size();
  std::vector<bool> isNew(rank, false);
  for (int64_t a : axes) {
    auto n = normalizeAxis(a, rank);
    if (!n || isNew[*n])
      return nc.error() << "invalid or repeated axis " << a;
    isNew[*n] = true;
  }
  std::vector<int64_t> out;
  size_t j = 0;
  for (int64_t i = 0; i < rank; ++i)
    out.push_back(isNew[i] ? 1 : in[j++]);
  return reshapeTo(nc, out);
}

LogicalResult importTranspose(NodeContext &nc) {
  std::vector<int64_t> in = nc.inputShape(0);
  std::vector<int64_t> perm = nc.attrInts("perm");
  if (perm.empty())
    for (int64_t i = in.size() - 1; i >= 0; --i)
      perm.push_back(i);
  std::vector<bool> seen(in.size(), false);
  if (perm.size() != in.size())
    return nc.error() << "perm has " << perm.size() << " entries for rank "
                      << in.size();
  for (int64_t &p : perm) {
    auto n = normalizeAxis(p, in.size());
    if (!n || seen[*n])
      return nc.error() << "perm is not a permutation";
    seen[*n] = true;
    p = *n;
  }
  if (const HostTensor *t = nc.constInput(0)) {
    nc.setOutput(0, hostTranspose(*t, perm));
    return success();
  }
  Value y = result(nc.createInferred<TransposeOp>(
      {nc.input(0)}, {nc.namedI64Array("perm", perm)}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

LogicalResult importConcat(NodeContext &nc) {
  if (nc.numInputs() == 0)
    return nc.error() << "expects at least one input";
  std::vector<int64_t> s0 = nc.inputShape(0);
  auto axis = normalizeAxis(nc.attrInt("axis", 0), s0.size());
  if (!axis)
    return nc.error() << "axis out of range for rank " << s0.size();
  if (nc.allInputsConstant()) {
    HostTensor r;
    r.elemType = nc.constInput(0)->elemType;
    r.shape = s0;
    r.shape[*axis] = 0;
    int64_t outer = 1;
    for (int64_t i = 0; i < *axis; ++i)
      outer *= s0[i];
    for (size_t k = 0; k < nc.numInputs(); ++k) {
      const HostTensor *t = nc.constInput(k);
      if (t->shape.size() != s0.size())
        return nc.error() << "inputs have different ranks";
      for (size_t d = 0; d < s0.size(); ++d)
        if (int64_t(d) != *axis && t->shape[d] != s0[d])
          return nc.error()
                 << "input " << k << " has a mismatched dimension " << d;
      r.shape[*axis] += t->shape[*axis];
    }
    for (int64_t o = 0; o < outer; ++o)
      for (size_t k = 0; k < nc.numInputs(); ++k) {
        const HostTensor *t = nc.constInput(k);
        int64_t chunk = outer ? t->numElements() / outer : 0;
        for (int64_t i = 0; i < chunk; ++i) {
          if (r.isFloat())
            r.floats.push_back(float(t->at(o * chunk + i)));
          else
            r.ints.push_back(t->ints[o * chunk + i]);
        }
      }
    nc.setOutput(0, std::move(r));
    return success();
  }
  SmallVector<Value> inputs;
  for (size_t k = 0; k < nc.numInputs(); ++k)
    if (nc.hasInput(k))
      inputs.push_back(nc.input(k));
  Value y =
      result(nc.createInferred<ConcatOp>(inputs, {nc.namedI64("axis", *axis)}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

LogicalResult importSlice(NodeContext &nc) {
  std::vector<int64_t> in = nc.inputShape(0);
  int64_t rank = in.size();
  std::vector<int64_t> starts, ends, axes, steps;
  if (nc.opset() < 10) {
    starts = nc.attrInts("starts");
    ends = nc.attrInts("ends");
    axes = nc.attrInts("axes");
  } else {
    auto s = constInts(nc, 1, "starts"), e = constInts(nc, 2, "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (nc.hasInput(3)) {
      auto a = constInts(nc, 3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (nc.hasInput(4)) {
      auto st = constInts(nc, 4, "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return nc.error() << "starts/ends/axes/steps have different lengths";
  std::vector<int64_t> s(rank, 0), st(rank, 1), count(in.begin(), in.end());
  std::vector<bool> seen(rank, false);
  for (size_t k = 0; k < starts.size(); ++k) {
    auto ax = normalizeAxis(axes[k], rank);
    if (!ax || seen[*ax])
      return nc.error() << "invalid or repeated axis " << axes[k];
    seen[*ax] = true;
    int64_t d = in[*ax], step = steps[k];
    if (step == 0)
      return nc.error() << "step must not be 0";
    // Clamp before adding d so INT64_MIN/MAX sentinels do not overflow.
    int64_t b = std::clamp<int64_t>(starts[k], -d - 1, d + 1);
    int64_t e = std::clamp<int64_t>(ends[k], -d - 1, d + 1);
    if (b < 0)
      b += d;
    if (e < 0)
      e += d;
    int64_t c;
    if (step > 0) {
      b = std::clamp<int64_t>(b, 0, d);
      e = std::clamp<int64_t>(e, 0, d);
      c = e > b ? (e - b + step - 1) / step : 0;
    } else if (d == 0) {
      b = 0;
      c = 0;
    } else {
      b = std::clamp<int64_t>(b, 0, d - 1);
      e = std::clamp<int64_t>(e, -1, d - 1);
      c = b > e ? (b - e - step - 1) / (-step) : 0;
    }
    s[*ax] = b;
    st[*ax] = c == 0 ? 1 : step; // an empty slice's step does not matter
    count[*ax] = c;
  }
  if (const HostTensor *t = nc.constInput(0)) {
    nc.setOutput(0, hostSlice(*t, s, st, count));
    return success();
  }
  // nndct.slice's exclusive end: one step's sign past the last element
  // (-1 when a backwards slice runs through element 0).
  std::vector<int64_t> e(rank);
  for (int64_t i = 0; i < rank; ++i)
    e[i] = count[i] == 0 ? s[i]
                         : s[i] + (count[i] - 1) * st[i] + (st[i] > 0 ? 1 : -1);
  Value y = result(nc.createInferred<SliceOp>({nc.input(0)},
                                              {nc.namedI64Array("starts", s),
                                               nc.namedI64Array("ends", e),
                                               nc.namedI64Array("steps", st)}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

LogicalResult importSplit(NodeContext &nc) {
  std::vector<int64_t> in = nc.inputShape(0);
  auto axis = normalizeAxis(nc.attrInt("axis", 0), in.size());
  if (!axis)
    return nc.error() << "axis out of range";
  int64_t dim = in[*axis];
  std::vector<int64_t> sizes;
  if (nc.opset() >= 13) {
    if (nc.hasInput(1)) {
      auto s = constInts(nc, 1, "split");
      if (failed(s))
        return failure();
      sizes = *s;
    }
  } else {
    sizes = nc.attrInts("split");
  }
  if (sizes.empty()) {
    int64_t n = nc.opset() >= 18 && nc.hasAttr("num_outputs")
                    ? nc.attrInt("num_outputs", 1)
                    : int64_t(nc.numOutputs());
    if (n <= 0)
      return nc.error() << "needs at least one output";
    int64_t chunk = (dim + n - 1) / n;
    if (dim % n && nc.opset() < 18)
      return nc.error() << "cannot split dimension of size " << dim << " into "
                        << n << " equal parts";
    for (int64_t i = 0, left = dim; i < n; ++i, left -= chunk)
      sizes.push_back(std::min(chunk, left));
  }
  int64_t total = 0;
  for (int64_t v : sizes)
    total += v;
  if (total != dim || sizes.size() != nc.numOutputs())
    return nc.error() << "split sizes (sum " << total << ", " << sizes.size()
                      << " parts) do not match dimension " << dim << " and "
                      << nc.numOutputs() << " outputs";
  if (const HostTensor *t = nc.constInput(0)) {
    std::vector<int64_t> starts(in.size(), 0), steps(in.size(), 1), counts = in;
    for (size_t i = 0; i < sizes.size(); ++i) {
      counts[*axis] = sizes[i];
      nc.setOutput(i, hostSlice(*t, starts, steps, counts));
      starts[*axis] += sizes[i];
    }
    return success();
  }
  Operation *op = nc.createInferred<SplitOp>(
      {nc.input(0)},
      {nc.namedI64("axis", *axis), nc.namedI64Array("sizes", sizes)});
  if (!op)
    return failure();
  for (size_t i = 0; i < sizes.size(); ++i)
    nc.setOutput(i, op->getResult(i));
  return success();
}

LogicalResult importPad(NodeContext &nc) {
  std::vector<int64_t> in = nc.inputShape(0), pads;
  int64_t rank = in.size();
  float value = 0;
  std::string mode = nc.attrString("mode", "constant");
  if (nc.opset() < 11) {
    pads = nc.attrInts("pads");
    value = nc.attrFloat("value", 0);
  } else {
    auto p = constInts(nc, 1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (nc.hasInput(2)) {
      const HostTensor *v = nc.requireConstInput(2, "constant_value");
      if (!v)
        return failure();
      if (v->numElements() != 1)
        return nc.error() << "constant_value must be a constant scalar";
      value = float(v->at(0));
    }
    if (nc.hasInput(3)) {
      auto a = constInts(nc, 3, "axes");
      if (failed(a))
        return failure();
      if (pads.size() != 2 * a->size())
        return nc.error() << "pads must have twice as many values as axes";
      std::vector<int64_t> full(2 * rank, 0);
      for (size_t k = 0; k < a->size(); ++k) {
        auto ax = normalizeAxis((*a)[k], rank);
        if (!ax)
          return nc.error() << "axis out of range";
        full[*ax] = pads[k];
        full[rank + *ax] = pads[a->size() + k];
      }
      pads = full;
    }
  }
  if (int64_t(pads.size()) != 2 * rank)
    return nc.error() << "pads has " << pads.size() << " values, expected "
                      << 2 * rank;
  for (int64_t p : pads)
    if (p < 0)
      return nc.error() << "negative pads (cropping) are not supported";
  PadMode pm;
  if (mode == "constant")
    pm = PadMode::constant;
  else if (mode == "reflect")
    pm = PadMode::reflect;
  else if (mode == "edge")
    pm = PadMode::edge;
  else
    return nc.error() << "pad mode '" << mode << "' is not supported";
  int32_t elem = nc.inputElemType(0);
  if (elem != kFloat && (isFloatElem(elem) || elem == kBool || elem == kString))
    return nc.error() << "only FLOAT and integer tensors can be padded";
  Value y = result(nc.createInferred<PadOp>(
      {nc.input(0)}, {nc.namedI64Array("pads", pads),
                      nc.named("mode", PadModeAttr::get(nc.context(), pm)),
                      nc.namedF32("value", value)}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// Shared by Resize and Upsample once the sizes and modes are known.
/// `extra`: the cubic and crop-and-resize attributes, when they apply.
LogicalResult emitResize(NodeContext &nc, ArrayRef<int64_t> in,
                         ArrayRef<int64_t> out,
                         std::optional<ArrayRef<float>> scales, StringRef mode,
                         StringRef coord, StringRef nearest,
                         ArrayRef<NamedAttribute> extra = {}) {
  if (in.size() != 4)
    return nc.error() << "only 4-D (NCHW) resize is supported";
  if (in[0] != out[0] || in[1] != out[1])
    return nc.error()
           << "resizing the batch or channel dimension is not supported";
  ResizeMode rm;
  if (mode == "nearest")
    rm = ResizeMode::nearest;
  else if (mode == "linear" || mode == "bilinear")
    rm = ResizeMode::bilinear;
  else if (mode == "cubic")
    rm = ResizeMode::cubic;
  else
    return nc.error() << "mode '" << mode
                      << "' is not supported (nearest, linear, cubic)";
  // tf_half_pixel_for_nn rounds x = (o + 0.5) / scale, i.e. the half_pixel
  // coordinate plus 0.5: round_prefer_floor(y + 0.5) == ceil(y) and
  // floor(y + 0.5) == round_prefer_ceil(y) for every y. The two other
  // nearest modes have no such equivalent.
  if (coord == "tf_half_pixel_for_nn" && mode == "nearest") {
    if (nearest == "round_prefer_floor") {
      coord = "half_pixel";
      nearest = "ceil";
    } else if (nearest == "floor") {
      coord = "half_pixel";
      nearest = "round_prefer_ceil";
    }
  }
  std::optional<CoordinateMode> cm = symbolizeCoordinateMode(coord);
  if (!cm)
    return nc.error() << "coordinate_transformation_mode '" << coord
                      << "' is not supported";
  SmallVector<NamedAttribute> attrs{
      nc.named("mode", ResizeModeAttr::get(nc.context(), rm)),
      nc.named("coordinate_mode", CoordinateModeAttr::get(nc.context(), *cm))};
  if (rm == ResizeMode::nearest) {
    std::optional<NearestMode> nm = symbolizeNearestMode(nearest);
    if (!nm)
      return nc.error() << "nearest_mode '" << nearest << "' is not supported";
    attrs.push_back(
        nc.named("nearest_mode", NearestModeAttr::get(nc.context(), *nm)));
  }
  if (scales)
    attrs.push_back(
        nc.named("scales", nc.builder().getDenseF32ArrayAttr(*scales)));
  llvm::append_range(attrs, extra);
  if (nc.inputElemType(0) != kFloat)
    return nc.error() << "only FLOAT tensors can be resized";
  Value x = nc.input(0);
  auto type = cast<RankedTensorType>(x.getType()).clone(out);
  nc.setOutput(0, nc.createTyped<ResizeOp>({type}, {x}, attrs)->getResult(0));
  return success();
}

LogicalResult importResize(NodeContext &nc) {
  std::vector<int64_t> in = nc.inputShape(0);
  int64_t rank = in.size();
  std::string mode = nc.attrString("mode", "nearest");
  std::string coord =
      nc.opset() < 11
          ? "asymmetric"
          : nc.attrString("coordinate_transformation_mode", "half_pixel");
  std::string nearest =
      nc.opset() < 11 ? "floor"
                      : nc.attrString("nearest_mode", "round_prefer_floor");
  if (nc.attrInt("antialias", 0))
    return nc.error() << "antialias is not supported";
  std::string policy = nc.attrString("keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch")
    return nc.error() << "keep_aspect_ratio_policy '" << policy
                      << "' is not supported";
  std::vector<int64_t> axes = nc.attrInts("axes");
  if (axes.empty())
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  for (int64_t &a : axes) {
    auto n = normalizeAxis(a, rank);
    if (!n)
      return nc.error() << "axis out of range";
    a = *n;
  }
  size_t scalesIdx = nc.opset() < 11 ? 1 : 2, sizesIdx = 3;
  std::vector<float> scaleAll(rank, 1.0f);
  std::vector<int64_t> out = in;
  bool haveScales = false;
  if (nc.hasInput(scalesIdx)) {
    const HostTensor *t = nc.requireConstInput(scalesIdx, "scales");
    if (!t)
      return failure();
    if (t->numElements() > 0) {
      if (t->numElements() != int64_t(axes.size()))
        return nc.error() << "scales has " << t->numElements() << " values for "
                          << axes.size() << " axes";
      for (size_t k = 0; k < axes.size(); ++k) {
        scaleAll[axes[k]] = float(t->at(k));
        if (!(scaleAll[axes[k]] > 0))
          return nc.error() << "scales must be positive";
        out[axes[k]] =
            int64_t(std::floor(double(in[axes[k]]) * scaleAll[axes[k]]));
      }
      haveScales = true;
    }
  }
  // tf_crop_and_resize: the box of each axis, [starts..., ends...] over
  // `axes`; the output spans the box (out = in * box * scale).
  bool crop = coord == "tf_crop_and_resize";
  std::vector<double> roiStart(rank, 0.0), roiEnd(rank, 1.0);
  if (crop) {
    const HostTensor *t = nc.requireConstInput(1, "roi");
    if (!t)
      return failure();
    if (t->numElements() != 2 * int64_t(axes.size()))
      return nc.error() << "roi has " << t->numElements() << " values for "
                        << axes.size() << " axes";
    for (size_t k = 0; k < axes.size(); ++k) {
      roiStart[axes[k]] = t->at(k);
      roiEnd[axes[k]] = t->at(axes.size() + k);
    }
    for (int64_t d = 0; d < std::min<int64_t>(rank, 2); ++d)
      if (roiStart[d] != 0.0 || roiEnd[d] != 1.0)
        return nc.error() << "tf_crop_and_resize crops only the spatial "
                             "axes (the roi of axis "
                          << d << " must be [0, 1])";
    if (haveScales)
      for (int64_t a : axes)
        out[a] = int64_t(std::floor(double(in[a]) * (roiEnd[a] - roiStart[a]) *
                                    scaleAll[a]));
  }
  if (!haveScales && nc.hasInput(sizesIdx)) {
    const HostTensor *t = nc.requireConstInput(sizesIdx, "sizes");
    if (!t)
      return failure();
    if (t->numElements() != int64_t(axes.size()))
      return nc.error() << "sizes has " << t->numElements() << " values for "
                        << axes.size() << " axes";
    for (size_t k = 0; k < axes.size(); ++k)
      out[axes[k]] = t->intAt(k);
  } else if (!haveScales) {
    return nc.error() << "needs scales or sizes";
  }
  std::optional<ArrayRef<float>> scales;
  SmallVector<float, 2> hw;
  // Crop and resize maps coordinates through the box: the scales only
  // gave the output size.
  if (haveScales && rank == 4 && !crop) {
    hw = {scaleAll[2], scaleAll[3]};
    scales = ArrayRef<float>(hw);
  }
  SmallVector<NamedAttribute> extra;
  if (mode == "cubic") {
    extra.push_back(
        nc.namedF32("cubic_coeff_a", nc.attrFloat("cubic_coeff_a", -0.75f)));
    extra.push_back(nc.named(
        "exclude_outside",
        nc.builder().getBoolAttr(nc.attrInt("exclude_outside", 0) != 0)));
  }
  if (crop && rank == 4) {
    SmallVector<float, 4> roi{float(roiStart[2]), float(roiStart[3]),
                              float(roiEnd[2]), float(roiEnd[3])};
    extra.push_back(nc.named("roi", nc.builder().getDenseF32ArrayAttr(roi)));
    extra.push_back(nc.namedF32("extrapolation_value",
                                nc.attrFloat("extrapolation_value", 0.0f)));
  }
  return emitResize(nc, in, out, scales, mode, coord, nearest, extra);
}

LogicalResult importUpsample(NodeContext &nc) {
  std::vector<int64_t> in = nc.inputShape(0);
  std::vector<float> scales;
  if (nc.opset() < 9) {
    scales = nc.attrFloats("scales");
  } else {
    const HostTensor *t = nc.requireConstInput(1, "scales");
    if (!t)
      return failure();
    scales = t->toFloats();
  }
  if (scales.size() != in.size())
    return nc.error() << "scales has " << scales.size() << " values for rank "
                      << in.size();
  std::vector<int64_t> out;
  for (size_t i = 0; i < in.size(); ++i)
    out.push_back(int64_t(std::floor(double(in[i]) * scales[i])));
  SmallVector<float, 2> hw;
  if (in.size() == 4)
    hw = {scales[2], scales[3]};
  return emitResize(nc, in, out, ArrayRef<float>(hw),
                    nc.attrString("mode", "nearest"), "asymmetric", "floor");
}

LogicalResult importExpand(NodeContext &nc) {
  auto shape = constInts(nc, 1, "shape");
  if (failed(shape))
    return failure();
  std::vector<int64_t> in = nc.inputShape(0);
  auto out = broadcastShapes(in, *shape);
  if (!out)
    return nc.error() << "shape does not broadcast with the input";
  if (const HostTensor *t = nc.constInput(0)) {
    nc.setOutput(0, hostBroadcast(*t, *out));
    return success();
  }
  if (ArrayRef<int64_t>(*out) == ArrayRef<int64_t>(in)) {
    Value x = nc.input(0);
    nc.setOutput(0,
                 nc.createTyped<IdentityOp>({x.getType()}, {x})->getResult(0));
    return success();
  }
  Value x = nc.input(0);
  auto type = cast<RankedTensorType>(x.getType()).clone(*out);
  nc.setOutput(0, nc.createTyped<ExpandOp>({type}, {x})->getResult(0));
  return success();
}

//===----------------------------------------------------------------------===//
// Tile and the gather/scatter family on runtime data
//===----------------------------------------------------------------------===//

LogicalResult importTile(NodeContext &nc) {
  auto repeats = constInts(nc, 1, "repeats");
  if (failed(repeats))
    return failure();
  Operation *op = nc.createInferred<TileOp>(
      {nc.input(0)}, {nc.namedI64Array("repeats", *repeats)});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

/// Requires input `i` to hold indices (INT64 or INT32).
LogicalResult requireIndices(NodeContext &nc, size_t i) {
  int32_t t = nc.inputElemType(i);
  if (t == kInt64 || t == kInt32)
    return success();
  return nc.error() << "indices must be INT64 or INT32, not "
                    << elemTypeName(t);
}

LogicalResult importGatherElements(NodeContext &nc) {
  auto axis =
      normalizeAxis(nc.attrInt("axis", 0), int64_t(nc.inputShape(0).size()));
  if (!axis)
    return nc.error() << "axis out of range";
  if (failed(requireIndices(nc, 1)))
    return failure();
  Operation *op = nc.createInferred<GatherElementsOp>(
      {nc.input(0), nc.input(1)}, {nc.namedI64("axis", *axis)});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

LogicalResult importGatherND(NodeContext &nc) {
  if (failed(requireIndices(nc, 1)))
    return failure();
  Operation *op = nc.createInferred<GatherNDOp>(
      {nc.input(0), nc.input(1)},
      {nc.namedI64("batch_dims", nc.attrInt("batch_dims", 0))});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

/// ScatterND of host constants (mask building in exported attention, e.g.
/// Swin's shifted windows): folded, with the kernel's semantics.
LogicalResult foldScatterND(NodeContext &nc, StringRef reduction) {
  HostTensor r = *nc.constInput(0);
  r.name.clear();
  const HostTensor &idx = *nc.constInput(1), &upd = *nc.constInput(2);
  if (idx.shape.empty())
    return nc.error() << "indices must have rank >= 1";
  int64_t k = idx.shape.back(), rank = r.shape.size();
  if (k < 1 || k > rank)
    return nc.error() << "indices' last dimension must be in [1, data rank]";
  int64_t slice = 1, n = idx.numElements() / k;
  for (int64_t d = k; d < rank; ++d)
    slice *= r.shape[d];
  if (upd.numElements() != n * slice)
    return nc.error() << "updates must have indices[:-1] + data[k:] elements";
  std::vector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * r.shape[d + 1];
  std::vector<int64_t> ix = idx.toInts();
  for (int64_t t = 0; t < n; ++t) {
    int64_t off = 0;
    for (int64_t j = 0; j < k; ++j) {
      int64_t v = ix[t * k + j], dim = r.shape[j];
      if (v < -dim || v >= dim)
        return nc.error() << "index " << v
                          << " out of range for dimension of size " << dim;
      off += (v < 0 ? v + dim : v) * strides[j];
    }
    for (int64_t s = 0; s < slice; ++s) {
      double d = r.at(off + s), u = upd.at(t * slice + s);
      double v = reduction == "add"   ? d + u
                 : reduction == "mul" ? d * u
                 : reduction == "max" ? std::max(d, u)
                 : reduction == "min" ? std::min(d, u)
                                      : u;
      if (r.isFloat())
        r.floats[off + s] = float(v);
      else
        r.ints[off + s] = int64_t(v);
    }
  }
  nc.setOutput(0, std::move(r));
  return success();
}

LogicalResult importScatterND(NodeContext &nc) {
  std::string reduction = nc.attrString("reduction", "none");
  if (nc.allInputsConstant())
    return foldScatterND(nc, reduction);
  if (failed(requireIndices(nc, 1)))
    return failure();
  Operation *op = nc.createInferred<ScatterNDOp>(
      {nc.input(0), nc.input(1), nc.input(2)},
      {nc.named("reduction", nc.builder().getStringAttr(reduction))});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

LogicalResult importScatterElements(NodeContext &nc) {
  auto axis =
      normalizeAxis(nc.attrInt("axis", 0), int64_t(nc.inputShape(0).size()));
  if (!axis)
    return nc.error() << "axis out of range";
  if (failed(requireIndices(nc, 1)))
    return failure();
  std::string reduction = nc.attrString("reduction", "none");
  Operation *op = nc.createInferred<ScatterElementsOp>(
      {nc.input(0), nc.input(1), nc.input(2)},
      {nc.namedI64("axis", *axis),
       nc.named("reduction", nc.builder().getStringAttr(reduction))});
  if (!op)
    return failure();
  nc.setOutput(0, op->getResult(0));
  return success();
}

/// DepthToSpace / SpaceToDepth as reshape -> transpose -> reshape.
LogicalResult importDepthSpace(NodeContext &nc, bool toSpace) {
  std::vector<int64_t> s = nc.inputShape(0);
  if (s.size() != 4)
    return nc.error() << "expects a 4-D input";
  int64_t b = nc.attrInt("blocksize", 0);
  if (b <= 0)
    return nc.error() << "blocksize must be positive";
  int64_t N = s[0], C = s[1], H = s[2], W = s[3];
  std::vector<int64_t> mid, perm, out;
  if (toSpace) {
    if (C % (b * b))
      return nc.error() << "channels are not divisible by blocksize^2";
    bool crd = nc.attrString("mode", "DCR") == "CRD";
    mid = crd ? std::vector<int64_t>{N, C / (b * b), b, b, H, W}
              : std::vector<int64_t>{N, b, b, C / (b * b), H, W};
    perm = crd ? std::vector<int64_t>{0, 1, 4, 2, 5, 3}
               : std::vector<int64_t>{0, 3, 4, 1, 5, 2};
    out = {N, C / (b * b), H * b, W * b};
  } else {
    if (H % b || W % b)
      return nc.error() << "spatial size is not divisible by blocksize";
    mid = {N, C, H / b, b, W / b, b};
    perm = {0, 3, 5, 1, 2, 4};
    out = {N, C * b * b, H / b, W / b};
  }
  Value x = nc.reshape(nc.input(0), mid);
  Value t = result(
      nc.createInferred<TransposeOp>({x}, {nc.namedI64Array("perm", perm)}));
  if (!t)
    return failure();
  nc.setOutput(0, nc.reshape(t, out));
  return success();
}

} // namespace

void onnx_import::registerDataMovementOps(OpRegistry &r) {
  r.add("Reshape", 5, importReshape);
  r.add("Flatten", 1, importFlatten);
  r.add("Squeeze", 1, importSqueeze);
  r.add("Unsqueeze", 1, importUnsqueeze);
  r.add("Transpose", 1, importTranspose);
  r.add("Concat", 4, importConcat);
  r.add("Slice", 1, importSlice);
  r.add("Slice", 10, importSlice);
  r.add("Split", 2, importSplit);
  r.add("Pad", 2, importPad);
  r.add("Pad", 11, importPad);
  r.add("Resize", 10, importResize);
  r.add("Upsample", 7, importUpsample);
  r.add("Expand", 8, importExpand);
  r.add("Tile", 6, importTile);
  r.add("GatherElements", 11, importGatherElements);
  r.add("GatherND", 11, importGatherND);
  r.add("ScatterND", 11, importScatterND);
  r.add("ScatterElements", 11, importScatterElements);
  // Scatter (opset 9, deprecated in 11) is ScatterElements.
  r.add("Scatter", 9, importScatterElements);
  r.add("DepthToSpace", 1,
        [](NodeContext &nc) { return importDepthSpace(nc, true); });
  r.add("SpaceToDepth", 1,
        [](NodeContext &nc) { return importDepthSpace(nc, false); });
}

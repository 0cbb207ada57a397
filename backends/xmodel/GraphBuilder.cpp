//===- GraphBuilder.cpp - building one XIR graph from nndct ops -----------===//
//
// The infrastructure half of the exporter: names, layouts, `data`, `const`
// and `fix` ops, shape checks, device placement. The per-op conversions are
// in OpConversions.cpp.
//
//===----------------------------------------------------------------------===//

#include "backends/xmodel/GraphBuilder.h"
#include "backends/xmodel/XModelInternal.h"
#include "ir/Naming.h"

#include "ir/ConstantUtils.h"
#include "ir/InputShapes.h"
#include "ir/Placement.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstring>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::xmodel;

Layout xmodel::nhwcLayout() { return {0, 2, 3, 1}; }

Layout xmodel::logicalLayout(int64_t rank) {
  Layout l;
  for (int64_t i = 0; i < rank; ++i)
    l.push_back(i);
  return l;
}

namespace {

/// The layout XIR uses by default for a tensor of `rank`.
Layout defaultLayout(int64_t rank) {
  return rank == 4 ? nhwcLayout() : logicalLayout(rank);
}

/// A small integer identifying a layout (digits of the permutation).
unsigned layoutCode(const Layout &layout) {
  unsigned code = 1;
  for (int64_t d : layout)
    code = code * 10 + unsigned(d);
  return code;
}

/// Row-major data of `shape` permuted so that out dim k = in dim perm[k].
std::vector<float> permuteData(ArrayRef<float> data, ArrayRef<int64_t> shape,
                               ArrayRef<int64_t> perm) {
  size_t rank = shape.size();
  SmallVector<int64_t> inStrides(rank, 1), outShape(rank);
  for (size_t i = rank; i-- > 1;)
    inStrides[i - 1] = inStrides[i] * shape[i];
  for (size_t k = 0; k < rank; ++k)
    outShape[k] = shape[perm[k]];
  std::vector<float> out(data.size());
  SmallVector<int64_t> idx(rank, 0);
  for (size_t o = 0; o < out.size(); ++o) {
    int64_t src = 0;
    for (size_t k = 0; k < rank; ++k)
      src += idx[k] * inStrides[perm[k]];
    out[o] = data[src];
    for (size_t k = rank; k-- > 0;) {
      if (++idx[k] < outShape[k])
        break;
      idx[k] = 0;
    }
  }
  return out;
}

/// Reverses dims 2 and 3 of a 4-D row-major tensor (kernel flip).
std::vector<float> flipSpatial(ArrayRef<float> data, ArrayRef<int64_t> shape) {
  std::vector<float> out(data.size());
  int64_t kh = shape[2], kw = shape[3], plane = kh * kw;
  for (int64_t p = 0; p < shape[0] * shape[1]; ++p)
    for (int64_t h = 0; h < kh; ++h)
      for (int64_t w = 0; w < kw; ++w)
        out[p * plane + h * kw + w] =
            data[p * plane + (kh - 1 - h) * kw + (kw - 1 - w)];
  return out;
}

std::vector<std::int32_t> toI32(ArrayRef<int64_t> v) {
  return std::vector<std::int32_t>(v.begin(), v.end());
}

} // namespace

SmallVector<int64_t> xmodel::permuteShape(ArrayRef<int64_t> shape,
                                          const Layout &layout) {
  // XIR has no rank-0 tensors: a scalar is a tensor of shape [1].
  if (shape.empty() && layout.empty())
    return {1};
  SmallVector<int64_t> full(
      layout.size() - std::min(layout.size(), shape.size()), 1);
  full.append(shape.begin(), shape.end());
  SmallVector<int64_t> out;
  for (int64_t d : layout)
    out.push_back(full[d]);
  return out;
}

GraphBuilder::GraphBuilder(xir::Graph &graph, Block &body, Operation *scope)
    : graph(graph), body(body), scope(scope) {}

std::string GraphBuilder::nodeName(Operation *op) {
  return userName(op->getLoc()).value_or(op->getName().stripDialect().str());
}

std::string GraphBuilder::uniqueName(StringRef base) {
  std::string name = base.empty() ? std::string("op") : base.str();
  for (unsigned i = 1; usedNames.contains(name); ++i)
    name = (base + "_" + Twine(i)).str();
  usedNames.insert(name);
  return name;
}

std::string GraphBuilder::valueName(Value v) {
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    if (auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp()))
      return argumentName(func, arg.getArgNumber());
    return "input_" + std::to_string(arg.getArgNumber());
  }
  Operation *def = v.getDefiningOp();
  std::string name = nodeName(def);
  if (def->getNumResults() > 1)
    name += "_" + std::to_string(cast<OpResult>(v).getResultNumber());
  return name;
}

FailureOr<GraphBuilder::Subgraph> GraphBuilder::subgraphOf(Operation *op) {
  PlacementAttr p = nndct::getPlacement(op);
  if (!p)
    return op->emitError()
           << "node '" << nodeName(op)
           << "' has no device placement: run nndct-place-ops "
              "before exporting an xmodel (nndct quantize does)";
  return Subgraph{p.getDevice() == Device::npu ? "DPU" : "CPU",
                  p.getSubgraph()};
}

FailureOr<xir::Op *> GraphBuilder::create(
    Operation *op, Value v, StringRef type, std::unique_ptr<xir::Attrs> attrs,
    const std::map<std::string, std::vector<xir::Op *>> &inputs,
    const Layout &layout, StringRef nameSuffix) {
  std::string name = uniqueName(nodeName(op) + nameSuffix.str());
  // The shifts legalization recorded, under the names of XIR's fixed ops
  // (conv2d-fix's shift_cut and shift_bias, ...), on the op itself.
  if (auto shifts = op->getAttrOfType<ShiftsAttr>(kShiftsAttrName);
      shifts && nameSuffix.empty()) {
    auto put = [&](const char *key, std::optional<int64_t> value) {
      if (value)
        attrs->set_attr<std::int32_t>(key, std::int32_t(*value));
    };
    put("shift_cut", shifts.getCut());
    put("shift_bias", shifts.getBias());
    put("shift_read", shifts.getRead());
    put("shift_write", shifts.getWrite());
  }
  xir::Op *xop = nullptr;
  {
    ActiveNodeScope active(nodeName(op), type);
    try {
      xop = graph.add_op(name, type.str(), std::move(attrs), inputs);
    } catch (const std::exception &e) {
      return op->emitError()
             << "libxir rejected the '" << type << "' op for node '"
             << nodeName(op) << "': " << e.what();
    }
  }
  if (v) {
    auto ty = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> expected = permuteShape(ty.getShape(), layout);
    std::vector<std::int32_t> got = xop->get_output_tensor()->get_shape();
    if (!llvm::equal(expected, got)) {
      SmallVector<int64_t> got64(got.begin(), got.end());
      return op->emitError() << "XIR '" << type << "' for node '"
                             << nodeName(op) << "' infers shape "
                             << shapeString(got64) << " but the IR result is "
                             << shapeString(expected) << " (in XIR layout)";
    }
    values[v] = XValue{xop, layout};
  }
  place(xop);
  return xop;
}

FailureOr<xir::Op *> GraphBuilder::createData(Value v, Operation *user) {
  auto ty = cast<RankedTensorType>(v.getType());
  Layout layout = defaultLayout(ty.getRank());
  auto attrs = xir::Attrs::create();
  attrs->set_attr<std::vector<std::int32_t>>(
      "shape", toI32(permuteShape(ty.getShape(), layout)));
  attrs->set_attr<std::string>("data_type", "FLOAT32");
  std::string name = uniqueName(valueName(v));
  xir::Op *xop = nullptr;
  {
    ActiveNodeScope active(name, "data");
    try {
      xop = graph.add_op(name, "data", std::move(attrs), {});
    } catch (const std::exception &e) {
      return user->emitError()
             << "libxir rejected the input '" << name << "': " << e.what();
    }
  }
  values[v] = XValue{xop, layout};
  placement.emplace_back(xop, Subgraph{"USER", -1});
  return xop;
}

/// The XIR fix attributes of an `nndct.fix`, or failure (diagnosed).
static FailureOr<std::unique_ptr<xir::Attrs>> fixAttrs(FixOp fix,
                                                       StringRef node) {
  if (!fix.getFixPoint())
    return fix.emitError() << "nndct.fix of node '" << node
                           << "' has no fix point: run nndct-assign-fix-points "
                              "(calibration) before exporting an xmodel";
  std::string round;
  switch (fix.getRoundMode()) {
  case RoundMode::half_up:
    round = "DPU_ROUND";
    break;
  case RoundMode::std_round:
    round = "STD_ROUND";
    break;
  case RoundMode::half_even:
    round = "PY3_ROUND";
    break;
  case RoundMode::floor:
    return fix.emitError()
           << "nndct.fix of node '" << node
           << "' rounds with 'floor', which XIR's fix op cannot "
              "express (DPU_ROUND, STD_ROUND or PY3_ROUND)";
  }
  auto attrs = xir::Attrs::create();
  attrs->set_attr<std::int32_t>("fix_point", std::int32_t(*fix.getFixPoint()));
  attrs->set_attr<std::int32_t>("bit_width", std::int32_t(fix.getBitWidth()));
  attrs->set_attr<std::string>("round_mode", round);
  attrs->set_attr<bool>("if_signed", fix.getIsSigned());
  return attrs;
}

/// Records the fix point on the fix op's output tensor too (XIR's tensor
/// attribute, read by tools that look at tensors rather than ops).
static void tagFixTensor(xir::Op *fixOp) {
  fixOp->get_output_tensor()->set_attr<std::int32_t>(
      "fix_point", fixOp->get_attr<std::int32_t>("fix_point"));
}

FailureOr<xir::Op *> GraphBuilder::createConst(Value v, ConstXform xform,
                                               const Layout &layout,
                                               Operation *user) {
  FixOp fix = v.getDefiningOp<FixOp>();
  Value constVal = fix ? fix.getInput() : v;
  auto cst = constVal.getDefiningOp<ConstantOp>();
  assert(cst && "createConst on a non-constant");
  std::string node = nodeName(cst);
  auto ty = cast<RankedTensorType>(constVal.getType());
  std::optional<std::vector<float>> data = readFloats(cst.getValue());
  // XIR's const ops are FLOAT32: integer constants (indices of a CPU custom
  // op) are stored as floats, as its data ops store integer inputs.
  if (!data)
    if (std::optional<std::vector<int64_t>> ints = readInts(cst.getValue()))
      data = std::vector<float>(ints->begin(), ints->end());
  if (!data)
    return cst.emitError() << "constant '" << node << "' used by node '"
                           << nodeName(user)
                           << "' has no readable float data (missing "
                              "dense_resource blob?)";

  SmallVector<int64_t> shape(ty.getShape());
  std::vector<float> values = std::move(*data);
  SmallVector<int64_t> xshape;
  switch (xform) {
  case ConstXform::Plain: {
    SmallVector<int64_t> full(
        layout.size() - std::min<size_t>(layout.size(), shape.size()), 1);
    full.append(shape.begin(), shape.end());
    values = permuteData(values, full, layout);
    xshape = permuteShape(shape, layout);
    break;
  }
  case ConstXform::ConvWeights:
    values = permuteData(values, shape, {0, 2, 3, 1});
    xshape = permuteShape(shape, {0, 2, 3, 1});
    break;
  case ConstXform::TransposedWeights:
  case ConstXform::TransposedDepthwiseWeights:
    values = flipSpatial(values, shape);
    [[fallthrough]];
  case ConstXform::DepthwiseWeights:
    values = permuteData(values, shape, {1, 2, 3, 0});
    xshape = permuteShape(shape, {1, 2, 3, 0});
    break;
  }

  std::string base = resourceName(cst.getValue(), node);
  auto attrs = xir::Attrs::create();
  attrs->set_attr<std::vector<std::int32_t>>("shape", toI32(xshape));
  attrs->set_attr<std::string>("data_type", "FLOAT32");
  std::vector<char> bytes(values.size() * sizeof(float));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  attrs->set_attr<std::vector<char>>("data", bytes);
  std::string name = uniqueName(base);
  xir::Op *xop = nullptr;
  {
    ActiveNodeScope active(name, "const");
    try {
      xop = graph.add_op(name, "const", std::move(attrs), {});
    } catch (const std::exception &e) {
      return cst.emitError()
             << "libxir rejected constant '" << name << "': " << e.what();
    }
  }
  place(xop);
  if (!fix)
    return xop;
  FailureOr<std::unique_ptr<xir::Attrs>> fattrs = fixAttrs(fix, node);
  if (failed(fattrs))
    return failure();
  std::string fixName = uniqueName(name + "_fix");
  xir::Op *xfix = nullptr;
  {
    ActiveNodeScope active(fixName, "fix");
    try {
      xfix =
          graph.add_op(fixName, "fix", std::move(*fattrs), {{"input", {xop}}});
    } catch (const std::exception &e) {
      return fix.emitError()
             << "libxir rejected fix '" << fixName << "': " << e.what();
    }
  }
  tagFixTensor(xfix);
  place(xfix);
  return xfix;
}

/// True when `v` is a parameter: a constant or an nndct.fix of one.
static bool isParam(Value v) {
  if (v.getDefiningOp<ConstantOp>())
    return true;
  if (auto fix = v.getDefiningOp<FixOp>())
    return fix.getInput().getDefiningOp<ConstantOp>() != nullptr;
  return false;
}

FailureOr<xir::Op *> GraphBuilder::getParam(Value v, ConstXform xform,
                                            Operation *user) {
  if (!isParam(v))
    return user->emitError() << "node '" << nodeName(user)
                             << "': XIR needs this operand to be a constant "
                                "(weights/bias), but it is computed";
  auto ty = cast<RankedTensorType>(v.getType());
  Layout layout = defaultLayout(ty.getRank());
  auto key =
      std::make_pair(v, 1000u + unsigned(xform) * 100000 + layoutCode(layout));
  if (xir::Op *op = cache().lookup(key))
    return op;
  FailureOr<xir::Op *> op = createConst(v, xform, layout, user);
  if (succeeded(op))
    cache()[key] = *op;
  return op;
}

FailureOr<XValue> GraphBuilder::getAny(Value v, Operation *user) {
  auto it = values.find(v);
  if (it != values.end())
    return it->second;
  if (isParam(v)) {
    auto ty = cast<RankedTensorType>(v.getType());
    Layout layout = defaultLayout(ty.getRank());
    auto key = std::make_pair(v, ~0u);
    if (xir::Op *op = cache().lookup(key))
      return XValue{op, layout};
    FailureOr<xir::Op *> op = createConst(v, ConstXform::Plain, layout, user);
    if (failed(op))
      return failure();
    cache()[key] = *op;
    return XValue{*op, layout};
  }
  Operation *def = v.getDefiningOp();
  if (!def || !scope->isAncestor(def)) {
    if (failed(createData(v, user)))
      return failure();
    return values[v];
  }
  return user->emitError() << "node '" << nodeName(user)
                           << "' uses a value the xmodel exporter has not "
                              "converted (from node '"
                           << nodeName(def) << "')";
}

FailureOr<xir::Op *> GraphBuilder::get(Value v, const Layout &layout,
                                       Operation *user) {
  // A constant is materialized directly in the layout asked for, also when
  // it is a lower-rank one broadcast against a 4-D tensor.
  auto ty = cast<RankedTensorType>(v.getType());
  if (isParam(v) && ((size_t)ty.getRank() != layout.size() ||
                     layout != defaultLayout(ty.getRank()))) {
    auto key = std::make_pair(v, layoutCode(layout));
    if (xir::Op *op = cache().lookup(key))
      return op;
    FailureOr<xir::Op *> op = createConst(v, ConstXform::Plain, layout, user);
    if (succeeded(op))
      cache()[key] = *op;
    return op;
  }
  if ((size_t)ty.getRank() != layout.size())
    return user->emitError()
           << "node '" << nodeName(user) << "': XIR cannot broadcast a rank-"
           << ty.getRank() << " activation to rank " << layout.size()
           << " across layouts";
  FailureOr<XValue> x = getAny(v, user);
  if (failed(x))
    return failure();
  if (x->layout == layout)
    return x->op;
  return changeLayout(v, *x, layout, user);
}

bool GraphBuilder::sameMemoryOrder(Value v, const Layout &a, const Layout &b) {
  auto ty = cast<RankedTensorType>(v.getType());
  auto kept = [&](const Layout &l) {
    SmallVector<int64_t> dims;
    for (int64_t d : l)
      if (ty.getDimSize(d) != 1)
        dims.push_back(d);
    return dims;
  };
  return a.size() == b.size() && kept(a) == kept(b);
}

FailureOr<xir::Op *> GraphBuilder::changeLayout(Value v, const XValue &from,
                                                const Layout &to,
                                                Operation *user) {
  auto key = std::make_pair(v, layoutCode(to));
  if (xir::Op *op = cache().lookup(key))
    return op;
  auto ty = cast<RankedTensorType>(v.getType());
  // XIR position k of the result holds IR dim to[k], found at position
  // inv(from)[to[k]] of the input.
  SmallVector<int64_t> inv(from.layout.size());
  for (auto [j, d] : llvm::enumerate(from.layout))
    inv[d] = j;
  SmallVector<int64_t> order;
  for (int64_t d : to)
    order.push_back(inv[d]);
  // Moving only size-1 dims keeps the memory order: a reshape does.
  bool trivial = sameMemoryOrder(v, from.layout, to);
  auto attrs = xir::Attrs::create();
  std::string type;
  if (trivial) {
    type = "reshape";
    attrs->set_attr<std::vector<std::int32_t>>(
        "shape", toI32(permuteShape(ty.getShape(), to)));
  } else {
    type = "transpose";
    attrs->set_attr<std::vector<std::int32_t>>("order", toI32(order));
  }
  bool toNHWC = to == nhwcLayout();
  std::string name =
      uniqueName(from.op->get_name() + (toNHWC ? "_to_nhwc" : "_to_nchw"));
  xir::Op *xop = nullptr;
  {
    ActiveNodeScope active(nodeName(user), type);
    try {
      xop = graph.add_op(name, type, std::move(attrs), {{"input", {from.op}}});
    } catch (const std::exception &e) {
      return user->emitError() << "libxir rejected the layout change '" << name
                               << "': " << e.what();
    }
  }
  place(xop);
  xir::Op *result = xop;
  // A fixed tensor stays fixed after moving: repeat its fix.
  if (from.op->get_type() == "fix") {
    auto fattrs = xir::Attrs::create();
    for (const char *key : {"fix_point", "bit_width"})
      fattrs->set_attr<std::int32_t>(key, from.op->get_attr<std::int32_t>(key));
    fattrs->set_attr<std::string>("round_mode",
                                  from.op->get_attr<std::string>("round_mode"));
    fattrs->set_attr<bool>("if_signed", from.op->get_attr<bool>("if_signed"));
    std::string fixName = uniqueName(name + "_fix");
    ActiveNodeScope active(nodeName(user), "fix");
    try {
      result =
          graph.add_op(fixName, "fix", std::move(fattrs), {{"input", {xop}}});
    } catch (const std::exception &e) {
      return user->emitError()
             << "libxir rejected fix '" << fixName << "': " << e.what();
    }
    tagFixTensor(result);
    place(result);
  }
  cache()[key] = result;
  return result;
}

LogicalResult GraphBuilder::convertFix(FixOp fix) {
  if (isParam(fix.getResult()))
    return success(); // materialized by its consumer (layout depends on it)
  // An activation fix runs with the op it quantizes; an input's fix with
  // the first op that reads it.
  Operation *owner = fix.getInput().getDefiningOp();
  if (!owner || !isPlaceable(owner)) {
    owner = nullptr;
    for (Operation *user : fix->getUsers())
      if (isPlaceable(user) && (!owner || user->isBeforeInBlock(owner)))
        owner = user;
  }
  if (owner) {
    FailureOr<Subgraph> s = subgraphOf(owner);
    if (failed(s))
      return failure();
    current = *s;
  }
  std::string node = nodeName(fix);
  FailureOr<XValue> in = getAny(fix.getInput(), fix);
  if (failed(in))
    return failure();
  FailureOr<std::unique_ptr<xir::Attrs>> attrs = fixAttrs(fix, node);
  if (failed(attrs))
    return failure();
  FailureOr<xir::Op *> op =
      create(fix, fix.getResult(), "fix", std::move(*attrs),
             {{"input", {in->op}}}, in->layout, "_fix");
  if (failed(op))
    return failure();
  tagFixTensor(*op);
  return success();
}

LogicalResult GraphBuilder::convertOp(Operation &op) {
  if (isa<ConstantOp, func::ReturnOp, YieldOp>(op))
    return success();
  if (auto fix = dyn_cast<FixOp>(op))
    return convertFix(fix);
  // A cast between float types (a FLOAT16/BFLOAT16/DOUBLE model's inputs
  // and outputs, docs/element-types.md) is the value itself in XIR, whose
  // data ops and float ops are FLOAT32.
  auto isFloatCast = [](Operation &o) {
    return isa<CastOp>(o) &&
           isa<FloatType>(getElementTypeOrSelf(o.getOperand(0).getType())) &&
           isa<FloatType>(getElementTypeOrSelf(o.getResult(0).getType()));
  };
  if (isa<QuantStubOp, DequantStubOp, IdentityOp, DropoutOp>(op) ||
      isFloatCast(op)) {
    FailureOr<XValue> in = getAny(op.getOperand(0), &op);
    if (failed(in))
      return failure();
    alias(op.getResult(0), *in);
    return success();
  }
  if (isa<RegionOp>(op))
    return op.emitError() << "nested nndct.region '" << nodeName(&op)
                          << "' cannot be exported to one xmodel graph";
  if (!isa<NNDCTDialect>(op.getDialect()))
    return op.emitError() << "'" << op.getName() << "' (node '" << nodeName(&op)
                          << "') is not an nndct op and has no XIR equivalent";
  FailureOr<Subgraph> s = subgraphOf(&op);
  if (failed(s))
    return failure();
  current = *s;
  return convertComputeOp(*this, &op);
}

LogicalResult GraphBuilder::build() {
  for (Operation &op : body)
    if (failed(convertOp(op)))
      return failure();
  return success();
}

//===- ImportContext.cpp - state shared by the ONNX op handlers -----------===//
//
// What ImportContext.h declares for the handlers, apart from host tensor
// arithmetic (HostOps.cpp): materializing host constants, NodeContext's
// input/output/attribute access, and the (op type, since-version) registry.
// No protobuf types: the graph walk in ONNXImporter.cpp converts them first.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"

#include "ir/ConstantUtils.h"

#include "llvm/ADT/SmallPtrSet.h"

#include <set>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

//===----------------------------------------------------------------------===//
// ImportState
//===----------------------------------------------------------------------===//

Type ImportState::mlirElemType(int32_t t) {
  switch (t) {
  case kFloat:
    return builder.getF32Type();
  case kFloat16:
    return builder.getF16Type();
  case kBFloat16:
    return builder.getBF16Type();
  case kDouble:
    return builder.getF64Type();
  case kInt8:
    return builder.getIntegerType(8);
  case kUInt8:
    return builder.getIntegerType(8, /*isSigned=*/false);
  case kInt16:
    return builder.getIntegerType(16);
  case kUInt16:
    return builder.getIntegerType(16, /*isSigned=*/false);
  case kInt32:
    return builder.getIntegerType(32);
  case kUInt32:
    return builder.getIntegerType(32, /*isSigned=*/false);
  case kInt64:
  case kUInt64:
    return builder.getIntegerType(64);
  case kBool:
    return builder.getI1Type();
  default:
    return {};
  }
}

/// The ONNX element type of an MLIR element type.
static int32_t onnxElemType(Type t) {
  if (t.isF32())
    return kFloat;
  if (t.isF16())
    return kFloat16;
  if (t.isBF16())
    return kBFloat16;
  if (t.isF64())
    return kDouble;
  if (t.isInteger(1))
    return kBool;
  if (auto it = dyn_cast<IntegerType>(t)) {
    bool u = it.isUnsigned();
    switch (it.getWidth()) {
    case 8:
      return u ? kUInt8 : kInt8;
    case 16:
      return u ? kUInt16 : kInt16;
    case 32:
      return u ? kUInt32 : kInt32;
    case 64:
      return kInt64;
    }
  }
  return kUndefined;
}

Value ImportState::materialize(const HostTensor &t, StringRef nameHint,
                               Location loc) {
  StringRef name = t.name.empty() ? nameHint : StringRef(t.name);
  if (t.isFloat())
    return createFloatConstant(
        builder, loc, RankedTensorType::get(t.shape, builder.getF32Type()),
        name, t.floats);
  Type elem = mlirElemType(t.elemType);
  auto type = RankedTensorType::get(t.shape, elem);
  unsigned width = elem.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  values.reserve(t.ints.size());
  for (int64_t v : t.ints)
    values.push_back(APInt(width, uint64_t(v), /*isSigned=*/true,
                           /*implicitTrunc=*/true));
  return ConstantOp::create(builder, loc, type,
                            DenseElementsAttr::get(type, values));
}

std::vector<std::string> ImportState::graphInputsOf(Value v) {
  std::set<std::string> names;
  llvm::SmallPtrSet<Operation *, 16> seen;
  SmallVector<Value> work{v};
  while (!work.empty()) {
    Value cur = work.pop_back_val();
    if (auto arg = dyn_cast<BlockArgument>(cur)) {
      if (arg.getArgNumber() < argNames.size())
        names.insert(argNames[arg.getArgNumber()]);
      continue;
    }
    Operation *op = cur.getDefiningOp();
    if (op && seen.insert(op).second)
      llvm::append_range(work, op->getOperands());
  }
  return {names.begin(), names.end()};
}

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

NodeContext::NodeContext(ImportState &state, std::string opType,
                         std::string name, std::vector<std::string> inputs,
                         std::vector<std::string> outputs,
                         std::map<std::string, NodeAttr> attrs, int64_t opset,
                         Location loc)
    : state_(state), opType_(std::move(opType)), name_(std::move(name)),
      inputs_(std::move(inputs)), outputs_(std::move(outputs)),
      attrs_(std::move(attrs)), opset_(opset), loc_(loc) {}

OpBuilder &NodeContext::builder() { return state_.builder; }
MLIRContext *NodeContext::context() { return state_.ctx; }

bool NodeContext::outputUsed(size_t i) const {
  return i < outputs_.size() && !outputs_[i].empty() &&
         state_.usedNames.count(outputs_[i]);
}

Value NodeContext::input(size_t i) {
  Value v = rawInput(i);
  auto type = cast<RankedTensorType>(v.getType());
  if (!isa<FloatType>(type.getElementType()) || type.getElementType().isF32())
    return v;
  Slot &slot = state_.slots[inputs_[i]];
  if (!slot.widened)
    slot.widened = CastOp::create(builder(), v.getLoc(),
                                  type.clone(builder().getF32Type()), v);
  return slot.widened;
}

Value NodeContext::rawInput(size_t i) {
  assert(hasInput(i) && "missing input");
  Slot &slot = state_.slots[inputs_[i]];
  if (!slot.value) {
    Location loc = slot.constant->name.empty()
                       ? loc_
                       : Location(NameLoc::get(
                             StringAttr::get(context(), slot.constant->name)));
    slot.value = state_.materialize(*slot.constant, inputs_[i], loc);
  }
  return slot.value;
}

const HostTensor *NodeContext::constInput(size_t i) {
  if (!hasInput(i))
    return nullptr;
  return state_.slots[inputs_[i]].constant.get();
}

std::vector<int64_t> NodeContext::inputShape(size_t i) {
  Slot &slot = state_.slots[inputs_[i]];
  if (slot.constant)
    return slot.constant->shape;
  auto shape = cast<RankedTensorType>(slot.value.getType()).getShape();
  return std::vector<int64_t>(shape.begin(), shape.end());
}

int32_t NodeContext::inputElemType(size_t i) {
  int32_t t = sourceElemType(i);
  return isFloatElem(t) ? int32_t(kFloat) : t;
}

int32_t NodeContext::sourceElemType(size_t i) {
  Slot &slot = state_.slots[inputs_[i]];
  if (slot.constant)
    return slot.constant->elemType;
  return onnxElemType(
      cast<RankedTensorType>(slot.value.getType()).getElementType());
}

bool NodeContext::allInputsConstant() {
  for (size_t i = 0; i < inputs_.size(); ++i)
    if (hasInput(i) && !constInput(i))
      return false;
  return true;
}

const HostTensor *NodeContext::requireConstInput(size_t i, StringRef role) {
  if (!hasInput(i))
    return error() << role << " (input " << i << ") is required", nullptr;
  if (const HostTensor *t = constInput(i))
    return t;
  Value v = state_.slots[inputs_[i]].value;
  std::string who = opType_ + " node '" + name_ + "' (input " +
                    std::to_string(i) + ", " + role.str() + ")";
  // A graph input with a value: bound on the spot.
  if (auto arg = dyn_cast<BlockArgument>(v);
      arg && state_.bindNow && arg.getArgNumber() < state_.argNames.size()) {
    FailureOr<const HostTensor *> t =
        state_.bindNow(state_.argNames[arg.getArgNumber()], who);
    if (failed(t))
      return nullptr;
    if (*t)
      return *t;
  }
  // Computed from graph inputs with values: the import is redone with
  // those bound, so that the computation folds.
  std::vector<std::string> sources = state_.graphInputsOf(v);
  bool retry = false;
  for (const std::string &s : sources)
    if (state_.canBind && state_.canBind(s))
      retry |= state_.wantBinding(s, who);
  InFlightDiagnostic diag = error();
  diag << role << " (input " << i << ") must be a constant (nndct keeps "
       << "static shapes)";
  if (retry)
    diag << "; binding the value of graph input(s) it comes from";
  else if (sources.size() == 1 && isa<BlockArgument>(v))
    diag << ", but it is graph input '" << sources[0]
         << "': bind a value with --bind " << sources[0] << "=FILE";
  else if (!sources.empty()) {
    diag << ", but it is computed at run time from graph input";
    diag << (sources.size() > 1 ? "s" : "");
    for (size_t k = 0; k < sources.size(); ++k)
      diag << (k ? ", '" : " '") << sources[k] << "'";
    diag << ": bind values with --bind NAME=FILE";
  }
  return nullptr;
}

void NodeContext::setOutput(size_t i, Value v) {
  if (i < outputs_.size() && !outputs_[i].empty())
    state_.slots[outputs_[i]] = Slot{v, nullptr};
}

void NodeContext::setOutput(size_t i, HostTensor t) {
  if (i < outputs_.size() && !outputs_[i].empty()) {
    t.name.clear(); // a folded value takes the name of the value it defines
    state_.slots[outputs_[i]] =
        Slot{Value(), std::make_shared<HostTensor>(std::move(t))};
  }
}

const NodeAttr *NodeContext::attr(StringRef name) const {
  auto it = attrs_.find(name.str());
  return it == attrs_.end() ? nullptr : &it->second;
}

int64_t NodeContext::attrInt(StringRef name, int64_t dflt) const {
  const NodeAttr *a = attr(name);
  return a && a->kind == NodeAttr::Int ? a->i : dflt;
}

float NodeContext::attrFloat(StringRef name, float dflt) const {
  const NodeAttr *a = attr(name);
  if (a && a->kind == NodeAttr::Float)
    return a->f;
  if (a && a->kind == NodeAttr::Int)
    return float(a->i);
  return dflt;
}

std::string NodeContext::attrString(StringRef name, StringRef dflt) const {
  const NodeAttr *a = attr(name);
  return a && a->kind == NodeAttr::String ? a->s : dflt.str();
}

std::vector<int64_t> NodeContext::attrInts(StringRef name,
                                           std::vector<int64_t> dflt) const {
  const NodeAttr *a = attr(name);
  return a && a->kind == NodeAttr::Ints ? a->ints : dflt;
}

std::vector<float> NodeContext::attrFloats(StringRef name,
                                           std::vector<float> dflt) const {
  const NodeAttr *a = attr(name);
  return a && a->kind == NodeAttr::Floats ? a->floats : dflt;
}

InFlightDiagnostic NodeContext::error() {
  return mlir::emitError(loc_) << opType_ << " node '" << name_ << "': ";
}

Value NodeContext::materialize(const HostTensor &t, StringRef nameHint) {
  return state_.materialize(t, nameHint, loc_);
}

NamedAttribute NodeContext::namedI64(StringRef name, int64_t v) {
  return builder().getNamedAttr(name, builder().getI64IntegerAttr(v));
}
NamedAttribute NodeContext::namedF32(StringRef name, float v) {
  return builder().getNamedAttr(name, builder().getF32FloatAttr(v));
}
NamedAttribute NodeContext::namedI64Array(StringRef name, ArrayRef<int64_t> v) {
  return builder().getNamedAttr(name, builder().getDenseI64ArrayAttr(v));
}
NamedAttribute NodeContext::namedBool(StringRef name, bool v) {
  return builder().getNamedAttr(name, builder().getBoolAttr(v));
}
NamedAttribute NodeContext::named(StringRef name, Attribute a) {
  return builder().getNamedAttr(name, a);
}

RankedTensorType NodeContext::f32Type(ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, builder().getF32Type());
}

Value NodeContext::reshape(Value v, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == shape)
    return v;
  return ReshapeOp::create(builder(), loc_, type.clone(shape), v);
}

//===----------------------------------------------------------------------===//
// OpRegistry
//===----------------------------------------------------------------------===//

void OpRegistry::add(StringRef opType, int64_t sinceVersion,
                     OpHandler handler) {
  handlers_[opType][sinceVersion] = std::move(handler);
}

const OpHandler *OpRegistry::lookup(StringRef opType, int64_t opset) const {
  auto it = handlers_.find(opType);
  if (it == handlers_.end())
    return nullptr;
  auto h = it->second.upper_bound(opset);
  if (h == it->second.begin())
    return nullptr;
  --h;
  return h->second ? &h->second : nullptr;
}

LogicalResult onnx_import::requireFloat(NodeContext &nc, size_t i) {
  int32_t t = nc.inputElemType(i); // narrow floats come widened
  if (t == kFloat)
    return success();
  return nc.error() << "input " << i << " is a non-constant " << elemTypeName(t)
                    << " tensor; nndct computes on FLOAT tensors only";
}

const OpRegistry &OpRegistry::get() {
  static const OpRegistry registry = [] {
    OpRegistry r;
    registerElementwiseOps(r);
    registerNNOps(r);
    registerDataMovementOps(r);
    registerShapeOps(r);
    registerQuantOps(r);
    registerReductionOps(r);
    registerSamplingOps(r);
    registerClassicOps(r);
    return r;
  }();
  return registry;
}

LogicalResult onnx_import::normalizeAxes(NodeContext &nc,
                                         std::vector<int64_t> &axes,
                                         int64_t rank) {
  for (int64_t &a : axes) {
    auto n = normalizeAxis(a, rank);
    if (!n)
      return nc.error() << "axis " << a << " out of range for rank " << rank;
    a = *n;
  }
  std::sort(axes.begin(), axes.end());
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  return success();
}

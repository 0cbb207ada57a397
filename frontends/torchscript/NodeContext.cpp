//===- NodeContext.cpp - what an aten converter sees ----------------------===//
//
// Argument lookup by schema name, constant readers that diagnose data
// dependent or mistyped arguments at the user's node, tensor operands
// (constants materialized through the importer) and result types from the
// shadow outputs; and the converter table the op families fill.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/NodeContext.h"

#include "ir/NNDCTOps.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

NodeContext::NodeContext(GraphImporter &importer, torch::jit::Node *node,
                         std::vector<TValue> &args,
                         std::vector<c10::IValue> &shadows, Location loc)
    : node(node), loc(loc), builder(importer.getBuilder()), importer(importer),
      args(args), shadows(shadows) {}

std::string NodeContext::kind() const { return node->kind().toQualString(); }

int NodeContext::argIndex(StringRef name) const {
  const c10::FunctionSchema *schema = node->maybeSchema();
  if (!schema)
    return -1;
  auto index = schema->argumentIndexWithName(name.str());
  if (!index || *index >= int(args.size()))
    return -1;
  return *index;
}

const TValue &NodeContext::arg(StringRef name) const {
  int i = argIndex(name);
  assert(i >= 0 && "no such argument");
  return args[i];
}

bool NodeContext::isNone(StringRef name) const {
  int i = argIndex(name);
  return i < 0 || (args[i].isConstant() && args[i].value.isNone());
}

LogicalResult NodeContext::unsupported(const Twine &why) {
  std::string where;
  if (auto nameLoc = dyn_cast<NameLoc>(loc))
    where = nameLoc.getName().str();
  InFlightDiagnostic diag = emitError(loc);
  diag << "unsupported TorchScript op '" << kind() << "'";
  if (where != kind())
    diag << " ('" << where << "')";
  diag << ": " << why;
  importer.noteError();
  return failure();
}

/// The constant behind argument `name`, or a diagnostic.
static FailureOr<c10::IValue> constArg(NodeContext &ctx, StringRef name) {
  int i = ctx.argIndex(name);
  if (i < 0)
    return ctx.unsupported("missing argument '" + name + "'");
  const TValue &tv = ctx.arg(i);
  if (!tv.isConstant())
    return ctx.unsupported(
        "argument '" + name +
        "' depends on the input data; it must be a constant");
  return tv.value;
}

FailureOr<int64_t> NodeContext::getInt(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isInt())
    return v->toInt();
  if (v->isBool())
    return int64_t(v->toBool());
  if (v->isTensor() && v->toTensor().numel() == 1)
    return v->toTensor().item<int64_t>();
  return unsupported("argument '" + name + "' is not an integer");
}

FailureOr<double> NodeContext::getDouble(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isDouble())
    return v->toDouble();
  if (v->isInt())
    return double(v->toInt());
  if (v->isTensor() && v->toTensor().numel() == 1)
    return v->toTensor().item<double>();
  return unsupported("argument '" + name + "' is not a number");
}

FailureOr<bool> NodeContext::getBool(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isBool())
    return v->toBool();
  if (v->isInt())
    return v->toInt() != 0;
  return unsupported("argument '" + name + "' is not a bool");
}

FailureOr<SmallVector<int64_t>> NodeContext::getInts(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isInt())
    return SmallVector<int64_t>{v->toInt()};
  if (v->isIntList()) {
    auto list = v->toIntVector();
    return SmallVector<int64_t>(list.begin(), list.end());
  }
  return unsupported("argument '" + name + "' is not a list of integers");
}

FailureOr<std::string> NodeContext::getString(StringRef name) {
  auto v = constArg(*this, name);
  if (failed(v))
    return failure();
  if (v->isString())
    return v->toStringRef();
  return unsupported("argument '" + name + "' is not a string");
}

FailureOr<Value> NodeContext::tensor(unsigned i) {
  if (i >= args.size())
    return unsupported("missing operand " + Twine(i));
  Value v = importer.materialize(args[i], loc);
  if (!v)
    return failure();
  return v;
}

FailureOr<Value> NodeContext::tensor(StringRef name) {
  int i = argIndex(name);
  if (i < 0)
    return unsupported("missing operand '" + name + "'");
  return tensor(unsigned(i));
}

RankedTensorType NodeContext::resultType(unsigned i) const {
  std::vector<at::Tensor> tensors;
  for (const c10::IValue &s : shadows) {
    if (s.isTensor())
      tensors.push_back(s.toTensor());
    else if (s.isTensorList())
      for (const at::Tensor &t : s.toTensorVector())
        tensors.push_back(t);
  }
  return tensorTypeFor(builder.getContext(), tensors.at(i));
}

SmallVector<int64_t> NodeContext::shapeOf(unsigned i) const {
  const c10::IValue &v = args.at(i).value;
  if (v.isTensor())
    return SmallVector<int64_t>(v.toTensor().sizes().begin(),
                                v.toTensor().sizes().end());
  return {};
}

SmallVector<int64_t> NodeContext::shapeOf(StringRef name) const {
  int i = argIndex(name);
  return i < 0 ? SmallVector<int64_t>() : shapeOf(unsigned(i));
}

Value NodeContext::floatConstant(ArrayRef<int64_t> shape,
                                 ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return ConstantOp::create(builder, loc, type,
                            DenseElementsAttr::get(type, values));
}

const ConverterMap &mlir::nndct::torchscript::getAtenConverters() {
  static const ConverterMap converters = [] {
    ConverterMap map;
    registerNNConverters(map);
    registerElementwiseConverters(map);
    registerDataMovementConverters(map);
    registerQuantConverters(map);
    registerAttentionConverters(map);
    registerNormalizationConverters(map);
    registerReductionConverters(map);
    registerLogicConverters(map);
    registerMathConverters(map);
    registerIndexingConverters(map);
    registerSamplingConverters(map);
    return map;
  }();
  return converters;
}

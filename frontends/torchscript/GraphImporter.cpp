//===- GraphImporter.cpp - walks TorchScript graphs into nndct ------------===//
//
// The walk described in GraphImporter.h: module calls are followed (never
// inlined), constants are evaluated with libtorch's operators, tensors that
// depend on the input are converted by the aten converters, and every
// problem is reported at the user's Python line with the module path.
//
// Traced QuantStub/DeQuantStub: torch.jit.trace records a call to an
// identity module as `prim::CallMethod[name="forward"](%quant)` with no
// argument and no result, so the dataflow through the stub is lost. The stub
// then waits ("pending") and applies to the first tensor a later node of the
// same graph consumes that was produced before the call; later uses of that
// tensor in the graph read the stub's output.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/GraphImporter.h"
#include "frontends/torchscript/NodeContext.h"

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"

#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/runtime/operator.h>

#include <ATen/ATen.h>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;
namespace tj = torch::jit;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

RankedTensorType mlir::nndct::torchscript::tensorTypeFor(MLIRContext *ctx,
                                                         const at::Tensor &t) {
  SmallVector<int64_t> shape(t.sizes().begin(), t.sizes().end());
  Type elem;
  switch (t.scalar_type()) {
  case at::kLong:
    elem = IntegerType::get(ctx, 64);
    break;
  case at::kInt:
    elem = IntegerType::get(ctx, 32);
    break;
  case at::kChar:
    elem = IntegerType::get(ctx, 8);
    break;
  case at::kByte:
    elem = IntegerType::get(ctx, 8, IntegerType::Unsigned);
    break;
  case at::kBool:
    elem = IntegerType::get(ctx, 1);
    break;
  default:
    elem = Float32Type::get(ctx);
  }
  return RankedTensorType::get(shape, elem);
}

/// The Python argument name of a graph input ("x.1" -> "x").
static std::string inputName(const tj::Value *v) {
  std::string name = v->debugName();
  size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot + 1 < name.size() &&
      std::all_of(name.begin() + dot + 1, name.end(), ::isdigit))
    name.resize(dot);
  return name;
}

/// Kinds whose result only depends on the shapes/types of their inputs.
static bool isShapeQuery(tj::NodeKind kind) {
  static const llvm::StringSet<> kinds = {
      "aten::size",      "aten::dim",          "aten::numel",
      "prim::dtype",     "prim::device",       "prim::is_cuda",
      "prim::layout",    "prim::isinstance",   "aten::__is__",
      "aten::__isnot__", "aten::len",          "aten::is_floating_point",
      "prim::shape",     "prim::requires_grad"};
  return kinds.contains(kind.toQualString());
}

/// Tensor factories whose values depend only on the shape/dtype of their
/// first operand (Swin builds its attention mask from `x.new_zeros(...)`):
/// constants when every other operand is, since nndct shapes are static.
static bool isLikeFactory(tj::NodeKind kind) {
  static const llvm::StringSet<> kinds = {"aten::new_zeros", "aten::new_ones",
                                          "aten::new_full",  "aten::zeros_like",
                                          "aten::ones_like", "aten::full_like"};
  return kinds.contains(kind.toQualString());
}

/// Structural prims that only forward values: downstream of a poisoned
/// value they are not unsupported ops themselves.
static bool isStructural(tj::NodeKind kind) {
  return kind == tj::prim::ListUnpack || kind == tj::prim::TupleUnpack ||
         kind == tj::prim::TupleIndex || kind == tj::prim::ListConstruct ||
         kind == tj::prim::TupleConstruct ||
         kind == c10::Symbol::fromQualString("aten::__getitem__");
}

/// Evaluates the prim ops the JIT interpreter implements itself (they have
/// no operator to call). Returns false for any other node.
static bool evalStructural(tj::Node *node, const std::vector<TValue> &inputs,
                           std::vector<c10::IValue> &outputs) {
  tj::NodeKind kind = node->kind();
  if (kind == tj::prim::ListConstruct) {
    auto listType = node->output()->type()->cast<c10::ListType>();
    c10::impl::GenericList list(listType ? listType->getElementType()
                                         : c10::AnyType::get());
    for (const TValue &tv : inputs)
      list.push_back(tv.value);
    outputs.push_back(c10::IValue(list));
    return true;
  }
  if (kind == tj::prim::TupleConstruct) {
    std::vector<c10::IValue> elems;
    for (const TValue &tv : inputs)
      elems.push_back(tv.value);
    outputs.push_back(c10::ivalue::Tuple::create(std::move(elems)));
    return true;
  }
  if (kind == tj::prim::ListUnpack || kind == tj::prim::TupleUnpack) {
    const c10::IValue &v = inputs.at(0).value;
    std::vector<c10::IValue> elems =
        v.isTuple() ? v.toTupleRef().elements().vec() : v.toListRef().vec();
    if (elems.size() != node->outputs().size())
      throw std::runtime_error("unpacking " + std::to_string(elems.size()) +
                               " values into " +
                               std::to_string(node->outputs().size()));
    outputs = std::move(elems);
    return true;
  }
  if (kind == tj::prim::isinstance) {
    bool match = false;
    for (const c10::TypePtr &t : node->tys(tj::attr::types))
      match |= inputs.at(0).value.type()->isSubtypeOf(*t);
    outputs.push_back(c10::IValue(match));
    return true;
  }
  if (kind == tj::prim::TupleIndex) {
    const c10::IValue &v = inputs.at(0).value;
    int64_t i = inputs.at(1).value.toInt();
    auto elems = v.toTupleRef().elements();
    if (i < 0)
      i += elems.size();
    outputs.push_back(elems.at(i));
    return true;
  }
  return false;
}

/// The converter of an aten kind, or null.
static ConvertFn findConverter(tj::NodeKind kind) {
  // In-place variants ("aten::relu_") share the converter of "aten::relu";
  // dunder names ("aten::__and__") are not in-place variants.
  const auto &converters = getAtenConverters();
  StringRef name = kind.toQualString();
  auto it = converters.find(name);
  if (it == converters.end() && name.ends_with("_") && !name.ends_with("__"))
    it = converters.find(name.drop_back());
  return it == converters.end() ? nullptr : it->second;
}

/// True for in-place ops (relu_, add_): they must not mutate a parameter or
/// a shared constant, and later uses of their input read their result.
static bool writesFirstInput(tj::Node *node) {
  const c10::FunctionSchema *schema = node->maybeSchema();
  return schema && !schema->arguments().empty() &&
         schema->arguments()[0].alias_info() &&
         schema->arguments()[0].alias_info()->isWrite();
}

std::string GraphImporter::describe(tj::Node *node, const Frame &frame) {
  std::string what = "'" + std::string(node->kind().toQualString()) + "'";
  if (!frame.modulePath.empty())
    what += " in module '" + frame.modulePath + "'";
  return what;
}

Location GraphImporter::sourceLoc(tj::Node *node) {
  tj::SourceRange range = node->sourceRange();
  if (auto original = range.findSourceRangeThatGenerated())
    range = *original;
  if (auto flc = range.file_line_col())
    return FileLineColLoc::get(context, std::get<0>(*flc), std::get<1>(*flc),
                               std::get<2>(*flc) + 1);
  return UnknownLoc::get(context);
}

Location GraphImporter::locFor(tj::Node *node, const Frame &frame) {
  std::string kind = node->kind().toQualString();
  std::string name =
      frame.modulePath.empty() ? kind : frame.modulePath + "/" + kind;
  unsigned count = nameCounts[name]++;
  if (count)
    name += "#" + std::to_string(count);
  return NameLoc::get(StringAttr::get(context, name), sourceLoc(node));
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext *context,
                             const TorchImportOptions &options)
    : context(context), options(options), builder(context) {}

TValue GraphImporter::constant(c10::IValue value, std::string name) {
  TValue tv;
  tv.kind = TValue::Kind::Constant;
  tv.value = std::move(value);
  tv.name = std::move(name);
  tv.seq = nextSeq++;
  return tv;
}

TValue GraphImporter::lookup(const tj::Value *v, Frame &frame) {
  auto it = frame.env.find(v);
  if (it != frame.env.end())
    return it->second;
  // Values defined outside the walked blocks do not exist in valid graphs;
  // treat them as None so a malformed graph cannot crash the importer.
  return constant(c10::IValue());
}

void GraphImporter::bindOutputs(tj::Node *node, Frame &frame,
                                std::vector<TValue> values) {
  for (size_t i = 0; i < node->outputs().size() && i < values.size(); ++i)
    frame.env[node->outputs()[i]] = std::move(values[i]);
}

Value GraphImporter::materialize(const TValue &value, Location loc) {
  switch (value.kind) {
  case TValue::Kind::Tensor:
    return value.mlir;
  case TValue::Kind::Poison:
    return {};
  case TValue::Kind::Scalar:
    emitError(loc) << "this operand depends on the values of the input data "
                      "(a data-dependent scalar); nndct graphs are static";
    noteError();
    return {};
  case TValue::Kind::Constant:
    break;
  default:
    emitError(loc) << "expected a tensor operand";
    noteError();
    return {};
  }

  const c10::IValue &iv = value.value;
  at::Tensor t;
  if (iv.isTensor())
    t = iv.toTensor();
  else if (iv.isDouble() || iv.isInt() || iv.isBool())
    t = at::scalar_tensor(iv.toScalar(), at::kFloat);
  else {
    emitError(loc) << "expected a tensor operand, got a constant of type "
                   << iv.tagKind();
    noteError();
    return {};
  }
  auto key = t.unsafeGetTensorImpl();
  if (iv.isTensor()) {
    auto it = materialized.find(key);
    if (it != materialized.end())
      return it->second;
  }

  // nndct compute ops are float: integer constants (Python numbers traced
  // as wrapped tensors) become f32 unless the tensor is a non-float
  // parameter used by data movement.
  at::Tensor data = t.detach().to(at::kCPU).contiguous();
  if (data.is_floating_point() || data.dim() == 0 || value.name.empty())
    data = data.to(at::kFloat).contiguous();
  RankedTensorType type = tensorTypeFor(context, data);
  Value result;
  if (type.getElementType().isF32()) {
    ArrayRef<float> values(data.data_ptr<float>(), data.numel());
    if (data.numel() <= 1 && value.name.empty()) {
      result = ConstantOp::create(builder, loc, type,
                                  DenseElementsAttr::get(type, values));
    } else {
      // Blob names are the parameter paths ("layer1.0.conv1.weight"); other
      // constants are named after the op that first uses them.
      std::string name = value.name;
      if (name.empty()) {
        name = "const";
        if (auto nameLoc = dyn_cast<NameLoc>(loc))
          name = nameLoc.getName().str() + ".const";
      }
      for (char &c : name)
        if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.')
          c = '_';
      unsigned n = blobNames[name]++;
      if (n)
        name += "_" + std::to_string(n);
      Location constLoc =
          value.name.empty()
              ? loc
              : NameLoc::get(StringAttr::get(context, value.name));
      result = createFloatConstant(builder, constLoc, type, name, values);
    }
  } else {
    at::Tensor ints = data.to(at::kLong).contiguous();
    SmallVector<APInt> values;
    unsigned width = type.getElementType().getIntOrFloatBitWidth();
    for (int64_t i = 0, e = ints.numel(); i < e; ++i)
      values.push_back(
          APInt(width, ints.data_ptr<int64_t>()[i], /*isSigned=*/true));
    result = ConstantOp::create(builder, loc, type,
                                DenseElementsAttr::get(type, values));
  }
  if (iv.isTensor()) {
    materialized[key] = result;
    keepAlive.push_back(t);
  }
  return result;
}

void GraphImporter::forgetMaterialized(const at::Tensor &written) {
  // Constants materialized before an in-place write would be stale; views
  // share the storage, so drop every tensor aliasing it.
  for (const at::Tensor &t : keepAlive)
    if (t.defined() && written.defined() && t.is_alias_of(written))
      materialized.erase(t.unsafeGetTensorImpl());
}

TValue GraphImporter::makeStub(bool dequant, const TValue &input,
                               Location loc) {
  if (input.kind != TValue::Kind::Tensor)
    return input;
  TValue out = input;
  if (dequant)
    out.mlir =
        DequantStubOp::create(builder, loc, input.mlir.getType(), input.mlir);
  else
    out.mlir =
        QuantStubOp::create(builder, loc, input.mlir.getType(), input.mlir);
  out.seq = nextSeq++;
  out.fromStub = true;
  return out;
}

void GraphImporter::applyPendingStubs(ArrayRef<tj::Value *> uses,
                                      Frame &frame) {
  while (!frame.pending.empty()) {
    const PendingStub &stub = frame.pending.front();
    bool applied = false;
    for (tj::Value *v : uses) {
      auto it = frame.env.find(v);
      if (it == frame.env.end() || it->second.kind != TValue::Kind::Tensor ||
          it->second.fromStub || it->second.seq >= stub.seq)
        continue;
      it->second = makeStub(stub.dequant, it->second, stub.loc);
      applied = true;
      break;
    }
    if (!applied)
      return;
    frame.pending.erase(frame.pending.begin());
  }
}

//===----------------------------------------------------------------------===//
// The walk
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::walkBlock(tj::Block *block, Frame &frame) {
  for (tj::Node *node : block->nodes())
    if (failed(walkNode(node, frame)))
      return failure();
  return success();
}

FailureOr<std::vector<TValue>>
GraphImporter::callGraph(tj::Graph &graph, std::vector<TValue> args,
                         std::string modulePath) {
  Frame frame;
  frame.modulePath = std::move(modulePath);
  for (size_t i = 0; i < graph.inputs().size() && i < args.size(); ++i)
    frame.env[graph.inputs()[i]] = args[i];
  if (failed(walkBlock(graph.block(), frame)))
    return failure();
  applyPendingStubs(graph.outputs(), frame);
  std::vector<TValue> results;
  for (tj::Value *v : graph.outputs())
    results.push_back(lookup(v, frame));
  return results;
}

LogicalResult GraphImporter::walkNode(tj::Node *node, Frame &frame) {
  // A traced stub waits for the first older tensor a later node reads.
  if (!frame.pending.empty())
    applyPendingStubs(node->inputs(), frame);

  tj::NodeKind kind = node->kind();
  switch (kind) {
  case tj::prim::Constant:
    return walkConstant(node, frame);
  case tj::prim::GetAttr:
    return walkGetAttr(node, frame);
  case tj::prim::SetAttr:
    return rejectSetAttr(node, frame);
  case tj::prim::CallMethod:
    return walkCallMethod(node, frame);
  case tj::prim::CallFunction:
    return walkCallFunction(node, frame);
  case tj::prim::If:
    return walkIf(node, frame);
  case tj::prim::Loop:
    return walkLoop(node, frame);
  case tj::prim::RaiseException:
    return reportRaise(node, frame);
  case tj::prim::Print:
    return success();
  case tj::prim::unchecked_cast:
    // A type refinement: the value itself is unchanged.
    frame.env[node->output()] = lookup(node->input(0), frame);
    return success();
  default:
    break;
  }
  if (kind == c10::Symbol::fromQualString("aten::warn"))
    return success();
  if (kind == c10::Symbol::fromQualString("aten::append") &&
      appendToSequence(node, frame))
    return success();
  if (std::optional<LogicalResult> done = walkSequenceAccess(node, frame))
    return *done;
  return walkGeneric(node, frame);
}

LogicalResult GraphImporter::walkConstant(tj::Node *node, Frame &frame) {
  tj::Value *out = node->output();
  // Function constants are callees of prim::CallFunction, not IValues.
  if (auto fn = out->type()->cast<c10::FunctionType>()) {
    TValue tv;
    tv.kind = TValue::Kind::Function;
    tv.function = fn->function();
    frame.env[out] = tv;
    return success();
  }
  c10::optional<c10::IValue> iv = tj::toIValue(out);
  frame.env[out] = constant(iv ? *iv : c10::IValue());
  return success();
}

LogicalResult GraphImporter::walkGetAttr(tj::Node *node, Frame &frame) {
  TValue obj = lookup(node->input(0), frame);
  std::string attr = node->s(tj::attr::name);
  if (!obj.value.isObject()) {
    emitError(locFor(node, frame))
        << "prim::GetAttr '" << attr << "' on a value that is not an object";
    noteError();
    return failure();
  }
  auto object = obj.value.toObject();
  c10::IValue value = object->getAttr(attr);
  // The dotted path names submodules in locations and parameters as blobs.
  std::string path = obj.name.empty() ? attr : obj.name + "." + attr;
  if (value.isObject() && value.toObject()->type()->is_module()) {
    TValue tv;
    tv.kind = TValue::Kind::Module;
    tv.value = value;
    tv.name = path;
    frame.env[node->output()] = tv;
  } else {
    frame.env[node->output()] = constant(value, path);
  }
  return success();
}

LogicalResult GraphImporter::rejectSetAttr(tj::Node *node, Frame &frame) {
  // Module state written in forward would make the graph depend on history.
  emitError(locFor(node, frame))
      << "the model assigns module attribute '" << node->s(tj::attr::name)
      << "' in forward; nndct imports stateless inference graphs only";
  noteError();
  return failure();
}

LogicalResult GraphImporter::walkCallFunction(tj::Node *node, Frame &frame) {
  TValue fn = lookup(node->input(0), frame);
  if (fn.kind != TValue::Kind::Function || !fn.function) {
    emitError(locFor(node, frame))
        << "prim::CallFunction of an unknown function";
    noteError();
    return failure();
  }
  // Free functions run in the caller's module, so their ops keep its path.
  std::vector<TValue> args;
  for (size_t i = 1; i < node->inputs().size(); ++i)
    args.push_back(lookup(node->input(i), frame));
  auto results = callGraph(*tj::toGraphFunction(*fn.function).graph(), args,
                           frame.modulePath);
  if (failed(results))
    return failure();
  bindOutputs(node, frame, *results);
  return success();
}

LogicalResult GraphImporter::reportRaise(tj::Node *node, Frame &frame) {
  // Constant conditions unrolled us onto the raising branch: the model
  // would fail here too, so say what it would have raised.
  InFlightDiagnostic diag = emitError(locFor(node, frame));
  diag << "the model raises an exception on this path";
  TValue msg = lookup(node->input(0), frame);
  if (msg.isConstant() && msg.value.isString())
    diag << ": " << msg.value.toStringRef();
  noteError();
  return failure();
}

bool GraphImporter::appendToSequence(tj::Node *node, Frame &frame) {
  // list.append(x) with an input-dependent x: the list (in this frame)
  // becomes a sequence with one more element. Constant appends are
  // evaluated by libtorch like any other op.
  TValue list = lookup(node->input(0), frame);
  TValue elem = lookup(node->input(1), frame);
  if (list.kind != TValue::Kind::Sequence &&
      !(list.isConstant() && list.value.isList() && !elem.isConstant()))
    return false;
  TValue seq;
  seq.kind = TValue::Kind::Sequence;
  if (list.kind == TValue::Kind::Sequence) {
    seq.elements = list.elements;
  } else {
    for (const c10::IValue &v : list.value.toListRef())
      seq.elements.push_back(constant(v));
  }
  seq.elements.push_back(elem);
  c10::impl::GenericList shadow(list.value.toList().elementType());
  for (const TValue &e : seq.elements)
    shadow.push_back(e.value);
  seq.value = c10::IValue(shadow);
  seq.seq = nextSeq++;
  frame.env[node->input(0)] = seq;
  frame.env[node->output()] = seq;
  return true;
}

std::optional<LogicalResult> GraphImporter::walkSequenceAccess(tj::Node *node,
                                                               Frame &frame) {
  // Unpack/index/len of a sequence holding input-dependent values reads its
  // elements directly; everything else (constant lists, an index that is
  // not constant) is left to walkGeneric.
  tj::NodeKind kind = node->kind();
  bool isUnpack = kind == tj::prim::ListUnpack || kind == tj::prim::TupleUnpack;
  bool isIndex = kind == tj::prim::TupleIndex ||
                 kind == c10::Symbol::fromQualString("aten::__getitem__");
  bool isLen = kind == c10::Symbol::fromQualString("aten::len");
  if (!isUnpack && !isIndex && !isLen)
    return std::nullopt;
  TValue seq = lookup(node->input(0), frame);
  if (seq.kind != TValue::Kind::Sequence)
    return std::nullopt;
  if (isUnpack) {
    if (seq.elements.size() != node->outputs().size()) {
      emitError(locFor(node, frame))
          << "unpacking " << seq.elements.size() << " values into "
          << node->outputs().size();
      noteError();
      return failure();
    }
    bindOutputs(node, frame, seq.elements);
    return success();
  }
  if (isLen) {
    frame.env[node->output()] =
        constant(c10::IValue(int64_t(seq.elements.size())));
    return success();
  }
  TValue index = lookup(node->input(1), frame);
  if (!index.isConstant() || !index.value.isInt())
    return std::nullopt;
  int64_t i = index.value.toInt(), n = seq.elements.size();
  if (i < 0)
    i += n;
  if (i < 0 || i >= n)
    return std::nullopt;
  frame.env[node->output()] = seq.elements[i];
  return success();
}

LogicalResult GraphImporter::walkCallMethod(tj::Node *node, Frame &frame) {
  TValue self = lookup(node->input(0), frame);
  std::string method = node->s(tj::attr::name);
  if (self.kind != TValue::Kind::Module || !self.value.isObject()) {
    emitError(locFor(node, frame)) << "prim::CallMethod '" << method
                                   << "' on a value that is not a module";
    noteError();
    return failure();
  }
  auto cls = self.value.toObject()->type();
  tj::Function *fn = cls->findMethod(method);
  if (!fn) {
    emitError(locFor(node, frame))
        << "module '" << self.name << "' has no method '" << method << "'";
    noteError();
    return failure();
  }
  std::vector<TValue> args;
  for (tj::Value *v : node->inputs())
    args.push_back(lookup(v, frame));

  std::string className = cls->name() ? cls->name()->name() : "";
  bool isQuant = className == "QuantStub",
       isDequant = className == "DeQuantStub";
  if ((isQuant || isDequant) && method == "forward") {
    std::string name = (self.name.empty() ? std::string() : self.name + "/") +
                       (isQuant ? "QuantStub" : "DeQuantStub");
    Location loc =
        NameLoc::get(StringAttr::get(context, name), sourceLoc(node));
    bool hasTensorArg = false;
    for (size_t i = 1; i < args.size(); ++i)
      if (args[i].kind == TValue::Kind::Tensor) {
        args[i] = makeStub(isDequant, args[i], loc);
        hasTensorArg = true;
      }
    if (!hasTensorArg)
      frame.pending.push_back({isDequant, loc, nextSeq++});
  }

  auto results = callGraph(*tj::toGraphFunction(*fn).graph(), args, self.name);
  if (failed(results))
    return failure();
  bindOutputs(node, frame, *results);
  return success();
}

LogicalResult GraphImporter::walkIf(tj::Node *node, Frame &frame) {
  TValue cond = lookup(node->input(0), frame);
  if (!cond.isConstant() || !cond.value.isBool()) {
    emitError(locFor(node, frame))
        << "data-dependent control flow: the condition of this prim::If "
           "depends on the input values"
        << (frame.modulePath.empty()
                ? ""
                : " (in module '" + frame.modulePath + "')")
        << "; nndct imports static graphs only";
    noteError();
    return failure();
  }
  tj::Block *block = node->blocks()[cond.value.toBool() ? 0 : 1];
  if (failed(walkBlock(block, frame)))
    return failure();
  applyPendingStubs(block->outputs(), frame);
  std::vector<TValue> outs;
  for (tj::Value *v : block->outputs())
    outs.push_back(lookup(v, frame));
  bindOutputs(node, frame, outs);
  return success();
}

LogicalResult GraphImporter::walkLoop(tj::Node *node, Frame &frame) {
  TValue trip = lookup(node->input(0), frame);
  TValue cond = lookup(node->input(1), frame);
  auto dataDependent = [&]() {
    emitError(locFor(node, frame))
        << "data-dependent control flow: the trip count or condition of this "
           "prim::Loop depends on the input values; nndct imports static "
           "graphs only";
    noteError();
    return failure();
  };
  if (!trip.isConstant() || !trip.value.isInt() || !cond.isConstant() ||
      !cond.value.isBool())
    return dataDependent();
  int64_t maxTrip = trip.value.toInt();
  bool go = cond.value.toBool();
  std::vector<TValue> carried;
  for (size_t i = 2; i < node->inputs().size(); ++i)
    carried.push_back(lookup(node->input(i), frame));
  tj::Block *body = node->blocks()[0];
  constexpr int64_t kMaxUnroll = 1 << 16;
  for (int64_t i = 0; go && i < maxTrip; ++i) {
    if (i >= kMaxUnroll) {
      emitError(locFor(node, frame))
          << "prim::Loop runs more than " << kMaxUnroll
          << " iterations; refusing to unroll it";
      noteError();
      return failure();
    }
    frame.env[body->inputs()[0]] = constant(c10::IValue(i));
    for (size_t j = 0; j < carried.size(); ++j)
      frame.env[body->inputs()[j + 1]] = carried[j];
    if (failed(walkBlock(body, frame)))
      return failure();
    applyPendingStubs(body->outputs(), frame);
    TValue next = lookup(body->outputs()[0], frame);
    if (!next.isConstant() || !next.value.isBool())
      return dataDependent();
    go = next.value.toBool();
    for (size_t j = 0; j < carried.size(); ++j)
      carried[j] = lookup(body->outputs()[j + 1], frame);
  }
  bindOutputs(node, frame, carried);
  return success();
}

LogicalResult GraphImporter::walkGeneric(tj::Node *node, Frame &frame) {
  FailureOr<Operands> operands = lookupOperands(node, frame);
  if (failed(operands))
    return failure();
  bool inPlace = writesFirstInput(node);
  bool dataIndependent = isLikeFactory(node->kind());
  for (size_t i = 1; i < operands->values.size(); ++i)
    dataIndependent &= operands->values[i].isConstant();

  // Run the operator on the constants/shadows: the values of constant
  // nodes and the exact result shapes of the others. An in-place op on
  // constants writes the constant itself, as torch would, so writes through
  // views (`mask[a:b, c:d] = k`) reach the base tensor.
  bool writesConstant = inPlace && operands->allConstant;
  std::vector<c10::IValue> shadows;
  if (failed(evaluate(node, frame, operands->values, inPlace && !writesConstant,
                      shadows))) {
    // Keep walking with poisoned outputs so one import lists every problem.
    bindPoison(node, frame, std::vector<c10::IValue>(node->outputs().size()));
    return success();
  }
  if (writesConstant && operands->values[0].value.isTensor())
    forgetMaterialized(operands->values[0].value.toTensor());

  if (operands->allConstant || dataIndependent || isShapeQuery(node->kind()))
    return bindConstants(node, frame, std::move(shadows));

  bool hasConverter = findConverter(node->kind()) != nullptr;
  bool producesTensors = false;
  for (const c10::IValue &s : shadows)
    producesTensors |= s.isTensor() || s.isTensorList();
  bool isConstruct = node->kind() == tj::prim::ListConstruct ||
                     node->kind() == tj::prim::TupleConstruct;

  if (operands->anyPoison) {
    // Keep listing unsupported ops downstream of an unsupported one.
    if (producesTensors && !hasConverter && !isStructural(node->kind())) {
      emitError(locFor(node, frame))
          << "unsupported TorchScript op " << describe(node, frame);
      noteError();
    }
    bindPoison(node, frame, shadows);
    return success();
  }

  if (isConstruct)
    return bindSequence(node, frame, operands->values, shadows);
  if (!producesTensors)
    return bindScalars(node, frame, shadows);
  return convertNode(node, frame, operands->values, shadows, inPlace);
}

FailureOr<GraphImporter::Operands> GraphImporter::lookupOperands(tj::Node *node,
                                                                 Frame &frame) {
  Operands operands;
  for (tj::Value *v : node->inputs()) {
    operands.values.push_back(lookup(v, frame));
    const TValue &tv = operands.values.back();
    operands.allConstant &= tv.isConstant();
    operands.anyPoison |= tv.kind == TValue::Kind::Poison;
    // Modules and functions are only meaningful to the prim ops walkNode
    // handles; no operator can take them.
    if (tv.kind == TValue::Kind::Module || tv.kind == TValue::Kind::Function) {
      emitError(locFor(node, frame))
          << "unsupported use of a module or function value by "
          << describe(node, frame);
      noteError();
      return failure();
    }
  }
  return operands;
}

LogicalResult GraphImporter::evaluate(tj::Node *node, Frame &frame,
                                      const std::vector<TValue> &inputs,
                                      bool inPlace,
                                      std::vector<c10::IValue> &shadows) {
  // libtorch reports failures (and missing operators) by throwing; the
  // message becomes a diagnostic at the user's node.
  try {
    if (evalStructural(node, inputs, shadows))
      return success();
    tj::Operation op = node->getOperation();
    tj::Stack stack;
    for (size_t i = 0; i < inputs.size(); ++i) {
      c10::IValue v = inputs[i].value;
      if (i == 0 && inPlace && v.isTensor())
        v = v.toTensor().clone();
      stack.push_back(std::move(v));
    }
    op(stack);
    shadows.assign(stack.begin(), stack.end());
    return success();
  } catch (const std::exception &e) {
    std::string msg = e.what();
    msg = msg.substr(0, msg.find('\n'));
    Location loc = locFor(node, frame);
    if (!node->maybeOperator())
      emitError(loc) << "unsupported TorchScript op " << describe(node, frame)
                     << ": libtorch has no operator for it";
    else
      emitError(loc) << "cannot evaluate " << describe(node, frame) << ": "
                     << msg;
    noteError();
    return failure();
  }
}

LogicalResult GraphImporter::bindConstants(tj::Node *node, Frame &frame,
                                           std::vector<c10::IValue> shadows) {
  // Nothing here depends on the input: the shadows are the values.
  std::vector<TValue> outs;
  for (c10::IValue &s : shadows)
    outs.push_back(constant(std::move(s)));
  bindOutputs(node, frame, outs);
  return success();
}

void GraphImporter::bindPoison(tj::Node *node, Frame &frame,
                               const std::vector<c10::IValue> &shadows) {
  // Poison marks values of an already diagnosed node, so its users stay
  // quiet unless they are unsupported themselves.
  std::vector<TValue> outs;
  for (const c10::IValue &s : shadows) {
    TValue p;
    p.kind = TValue::Kind::Poison;
    p.value = s;
    p.seq = nextSeq++;
    outs.push_back(p);
  }
  bindOutputs(node, frame, outs);
}

LogicalResult
GraphImporter::bindSequence(tj::Node *node, Frame &frame,
                            const std::vector<TValue> &inputs,
                            const std::vector<c10::IValue> &shadows) {
  // Lists and tuples of input-dependent values stay structural, so cat,
  // unpack and the graph outputs see their elements.
  TValue seq;
  seq.kind = TValue::Kind::Sequence;
  seq.value = shadows.empty() ? c10::IValue() : shadows[0];
  seq.elements = inputs;
  seq.seq = nextSeq++;
  bindOutputs(node, frame, {seq});
  return success();
}

LogicalResult
GraphImporter::bindScalars(tj::Node *node, Frame &frame,
                           const std::vector<c10::IValue> &shadows) {
  // A number computed from input data: fine until something needs it
  // (materialize diagnoses that use).
  std::vector<TValue> outs;
  for (const c10::IValue &s : shadows) {
    TValue tv;
    tv.kind = TValue::Kind::Scalar;
    tv.value = s;
    tv.seq = nextSeq++;
    outs.push_back(tv);
  }
  bindOutputs(node, frame, outs);
  return success();
}

LogicalResult GraphImporter::convertNode(tj::Node *node, Frame &frame,
                                         std::vector<TValue> &inputs,
                                         std::vector<c10::IValue> &shadows,
                                         bool inPlace) {
  // The one place input-dependent tensors become nndct ops.
  Location loc = locFor(node, frame);
  ConvertFn convert = findConverter(node->kind());
  if (!convert) {
    emitError(loc) << "unsupported TorchScript op " << describe(node, frame);
    noteError();
    bindPoison(node, frame, shadows);
    return success();
  }
  NodeContext ctx(*this, node, inputs, shadows, loc);
  SmallVector<Value> results;
  if (failed(convert(ctx, results))) {
    bindPoison(node, frame, shadows);
    return success();
  }
  bindConverted(node, frame, shadows, results, inPlace);
  return success();
}

void GraphImporter::bindConverted(tj::Node *node, Frame &frame,
                                  const std::vector<c10::IValue> &shadows,
                                  ArrayRef<Value> results, bool inPlace) {
  // Pairs the converter's results with the shadow outputs in order; a
  // tensor list output (chunk, split) takes one result per element.
  size_t next = 0;
  auto tensorValue = [&](const at::Tensor &t) {
    TValue tv;
    tv.kind = TValue::Kind::Tensor;
    tv.value = t;
    tv.mlir = next < results.size() ? results[next++] : Value();
    tv.seq = nextSeq++;
    if (!tv.mlir)
      tv.kind = TValue::Kind::Poison;
    return tv;
  };
  std::vector<TValue> outs;
  for (const c10::IValue &s : shadows) {
    if (s.isTensor()) {
      outs.push_back(tensorValue(s.toTensor()));
    } else if (s.isTensorList()) {
      TValue seq;
      seq.kind = TValue::Kind::Sequence;
      seq.value = s;
      for (const at::Tensor &t : s.toTensorVector())
        seq.elements.push_back(tensorValue(t));
      seq.seq = nextSeq++;
      outs.push_back(seq);
    } else {
      TValue tv;
      tv.kind = TValue::Kind::Scalar;
      tv.value = s;
      tv.seq = nextSeq++;
      outs.push_back(tv);
    }
  }
  // In place: later uses of the mutated input read the result.
  if (inPlace && !outs.empty())
    frame.env[node->input(0)] = outs[0];
  bindOutputs(node, frame, outs);
}

//===----------------------------------------------------------------------===//
// Entry
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> GraphImporter::import(tj::Module &module,
                                            StringRef path) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  module.eval();
  auto method = module.find_method("forward");
  if (!method) {
    emitError(fileLoc) << "the TorchScript module has no 'forward' method";
    return nullptr;
  }
  tj::Graph &graph = *tj::toGraphFunction(method->function()).graph();

  // Inputs and their shapes.
  std::vector<tj::Value *> graphInputs(graph.inputs().begin() + 1,
                                       graph.inputs().end());
  std::vector<std::string> names;
  for (tj::Value *v : graphInputs)
    names.push_back(inputName(v));
  std::string inputList;
  for (const std::string &n : names)
    inputList += (inputList.empty() ? "" : ", ") + n;
  for (const auto &kv : options.inputShapes) {
    if (kv.first.empty()) {
      if (graphInputs.size() != 1) {
        emitError(fileLoc) << "--input-shape without a name needs a model with "
                              "exactly one input; this one has "
                           << graphInputs.size() << " (" << inputList
                           << "): write NAME=D0xD1x...";
        return nullptr;
      }
    } else if (std::find(names.begin(), names.end(), kv.first) == names.end()) {
      emitError(fileLoc) << "--input-shape names '" << kv.first
                         << "', which is not an input of forward; inputs: "
                         << inputList;
      return nullptr;
    }
  }
  SmallVector<Type> argTypes;
  SmallVector<Location> argLocs;
  std::vector<std::vector<int64_t>> shapes;
  for (size_t i = 0; i < graphInputs.size(); ++i) {
    if (!graphInputs[i]->type()->cast<c10::TensorType>()) {
      emitError(fileLoc) << "input '" << names[i] << "' of forward has type "
                         << graphInputs[i]->type()->repr_str()
                         << "; nndct imports tensor inputs only";
      return nullptr;
    }
    auto it = options.inputShapes.find(names[i]);
    if (it == options.inputShapes.end() && graphInputs.size() == 1)
      it = options.inputShapes.find("");
    if (it == options.inputShapes.end()) {
      emitError(fileLoc) << "input '" << names[i]
                         << "' has no shape: TorchScript does not record input "
                            "shapes; pass --input-shape "
                         << names[i] << "=D0xD1x... (for example " << names[i]
                         << "=1x3x224x224)";
      return nullptr;
    }
    for (int64_t d : it->second)
      if (d <= 0) {
        emitError(fileLoc) << "--input-shape for '" << names[i]
                           << "' has a dimension " << d
                           << "; dimensions must be positive";
        return nullptr;
      }
    shapes.push_back(it->second);
    argTypes.push_back(
        RankedTensorType::get(it->second, Float32Type::get(context)));
    argLocs.push_back(NameLoc::get(StringAttr::get(context, names[i])));
  }

  OwningOpRef<ModuleOp> result = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(result->getBody());
  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (size_t i = 0; i < argLocs.size(); ++i)
    entry->getArgument(i).setLoc(argLocs[i]);
  builder.setInsertionPointToEnd(entry);

  // Deterministic sample input for the shadows (only shapes are used).
  at::manual_seed(0);
  std::vector<TValue> args;
  TValue self;
  self.kind = TValue::Kind::Module;
  self.value = module._ivalue();
  args.push_back(self);
  for (size_t i = 0; i < graphInputs.size(); ++i) {
    TValue tv;
    tv.kind = TValue::Kind::Tensor;
    tv.value = at::rand(shapes[i], at::kFloat);
    tv.mlir = entry->getArgument(i);
    tv.seq = nextSeq++;
    args.push_back(tv);
  }

  at::NoGradGuard noGrad;
  auto outputs = callGraph(graph, args, "");
  if (failed(outputs) || numErrors)
    return nullptr;

  // Results: tensors, or (nested) tuples/lists of tensors.
  SmallVector<Value> results;
  std::function<bool(const TValue &)> collect = [&](const TValue &tv) {
    if (tv.kind == TValue::Kind::Sequence) {
      // Absent optional outputs (googlenet's aux logits) are dropped.
      for (const TValue &e : tv.elements)
        if (!(e.isConstant() && e.value.isNone()) && !collect(e))
          return false;
      return true;
    }
    if (tv.isConstant() && (tv.value.isTuple() || tv.value.isList())) {
      std::vector<c10::IValue> elems =
          tv.value.isTuple() ? tv.value.toTupleRef().elements().vec()
                             : tv.value.toListRef().vec();
      for (c10::IValue &e : elems)
        if (!collect(constant(e)))
          return false;
      return true;
    }
    if (tv.isConstant() && !tv.value.isTensor()) {
      emitError(fileLoc) << "forward returns a non-tensor value ("
                         << tv.value.tagKind()
                         << "); nndct graphs return tensors";
      return false;
    }
    Value v = materialize(tv, NameLoc::get(StringAttr::get(context, "output")));
    if (!v)
      return false;
    results.push_back(v);
    return true;
  };
  for (const TValue &tv : *outputs)
    if (!collect(tv))
      return nullptr;
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  // Arguments and results answer to names, as in the ONNX importer.
  for (size_t i = 0; i < names.size(); ++i)
    func.setArgAttr(i, kNameAttr, builder.getStringAttr(names[i]));
  for (size_t i = 0; i < results.size(); ++i)
    func.setResultAttr(
        i, kNameAttr,
        builder.getStringAttr(results.size() == 1
                                  ? std::string("output")
                                  : "output_" + std::to_string(i)));
  if (numErrors || failed(verify(*result)))
    return nullptr;
  return result;
}

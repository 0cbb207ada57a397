//===- ONNXImporter.cpp - ONNX ModelProto to nndct ------------------------===//
//
// Parses the model with protobuf, runs the ONNX checker where libonnx knows
// the opset (<= 17, IR <= 8), fixes dynamic input dimensions, and walks the
// nodes in order, dispatching each to the handler registered for its
// (op type, since-version). The result is one `func.func @main` whose
// arguments and results carry their ONNX names (`nndct.name`) and whose ops
// carry NameLocs of their ONNX nodes.
//
// Every exception from protobuf/libonnx is caught here: the library boundary
// only lets MLIR diagnostics and a null module through.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ONNXImporter.h"
#include "frontends/onnx/ImportContext.h"
#include "frontends/onnx/ProtoConversion.h"
#include "frontends/onnx/TensorProtoIO.h"

#include "ir/InputShapes.h"
#include "ir/NNDCTDialect.h"
#include "ir/Naming.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/checker.h"

#include <cmath>
#include <exception>
#include <set>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

/// The opsets of the default domain the importer has rules for.
static constexpr int64_t kMinOpset = 1;
static constexpr int64_t kMaxOpset = 21;
/// The newest opset/IR version libonnx 1.12's checker understands.
static constexpr int64_t kCheckerMaxOpset = 17;
static constexpr int64_t kCheckerMaxIR = 8;

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

namespace mlir::nndct::onnx_import {

/// Imports the main graph of one model.
class GraphImporter : public ImportState {
public:
  /// `autoBound`: inputs bound because a node needs them as constants.
  GraphImporter(MLIRContext *ctx, StringRef path, StringRef modelDir,
                const ImportOptions &options,
                const std::map<std::string, TensorData> &autoBound)
      : ImportState(ctx), path(path.str()), modelDir(modelDir.str()),
        options(options), autoBound(autoBound) {
    if (options.values)
      bindNow = [this](StringRef name, const std::string &who) {
        return bindOnUse(name, who);
      };
  }

  OwningOpRef<ModuleOp> run(const onnx::ModelProto &model);

  /// Emits an error located at the model file.
  InFlightDiagnostic fileError() {
    return mlir::emitError(FileLineColLoc::get(ctx, path, 0, 0));
  }

  std::string path, modelDir;
  const ImportOptions &options;
  const std::map<std::string, TensorData> &autoBound;
  int64_t opset = 0;

private:
  FailureOr<std::shared_ptr<HostTensor>>
  hostValue(const onnx::ValueInfoProto &in, const TensorData &value);
  FailureOr<const HostTensor *> bindOnUse(StringRef name,
                                          const std::string &who);

public:
  /// The graph inputs (not initializers) by name.
  std::map<std::string, const onnx::ValueInfoProto *> inputInfos;
  /// Values bindNow read during this import.
  std::map<std::string, TensorData> readValues;

private:
  LogicalResult importInputs(const onnx::GraphProto &graph, func::FuncOp func,
                             SmallVectorImpl<Type> &argTypes,
                             SmallVectorImpl<std::string> &argNames);
  LogicalResult checkSupported(const onnx::GraphProto &graph);
  LogicalResult importNode(const onnx::NodeProto &node, size_t index);
};

} // namespace mlir::nndct::onnx_import

LogicalResult GraphImporter::checkSupported(const onnx::GraphProto &graph) {
  // One error listing every op we cannot import, grouped by op type.
  std::map<std::string, std::vector<std::string>> missing;
  const OpRegistry &registry = OpRegistry::get();
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    std::string name = node.name().empty()
                           ? node.op_type() + "_" + std::to_string(i)
                           : node.name();
    std::string key = node.op_type();
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      key = node.domain() + "::" + node.op_type();
    else if (registry.lookup(node.op_type(), opset))
      continue;
    missing[key].push_back(name);
  }
  if (missing.empty())
    return success();
  size_t count = 0;
  for (auto &kv : missing)
    count += kv.second.size();
  InFlightDiagnostic diag = fileError();
  diag << count << " unsupported ONNX node" << (count == 1 ? "" : "s")
       << " (opset " << opset << "):";
  bool first = true;
  for (auto &kv : missing) {
    diag << (first ? " " : "; ") << kv.first << " (";
    for (size_t i = 0; i < kv.second.size(); ++i)
      diag << (i ? ", " : "") << "'" << kv.second[i] << "'";
    diag << ")";
    first = false;
  }
  return failure();
}

/// `value` as the host constant of graph input `in`, checked against its
/// declared shape and converted to its element type.
FailureOr<std::shared_ptr<HostTensor>>
GraphImporter::hostValue(const onnx::ValueInfoProto &in,
                         const TensorData &value) {
  const std::string &name = in.name();
  if (!in.type().has_tensor_type())
    return fileError() << "input '" << name << "' is not a tensor";
  const auto &tt = in.type().tensor_type();
  if (tt.has_shape()) {
    bool mismatch = tt.shape().dim_size() != int(value.shape.size());
    for (int d = 0; !mismatch && d < tt.shape().dim_size(); ++d)
      mismatch = tt.shape().dim(d).has_dim_value() &&
                 tt.shape().dim(d).dim_value() != value.shape[d];
    if (mismatch) {
      std::vector<int64_t> declared;
      for (const auto &dim : tt.shape().dim())
        declared.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
      for (int64_t &d : declared)
        d = d < 0 ? ShapedType::kDynamic : d;
      return fileError() << "the value bound to input '" << name
                         << "' has shape " << shapeString(value.shape)
                         << ", but the model declares "
                         << shapeString(declared);
    }
  }
  int32_t elem = tt.elem_type();
  auto host = std::make_shared<HostTensor>();
  host->shape = value.shape;
  host->name = name;
  if (isFloatElem(elem)) {
    host->elemType = kFloat;
    host->floats = value.data;
  } else if (mlirElemType(elem)) {
    host->elemType = elem;
    if (!value.intData.empty())
      host->ints = value.intData;
    else
      for (float f : value.data)
        host->ints.push_back(int64_t(std::nearbyint(f)));
  } else {
    return fileError() << "input '" << name << "' has element type "
                       << elemTypeName(elem) << ", which cannot be bound";
  }
  if (int64_t(host->isFloat() ? host->floats.size() : host->ints.size()) !=
      host->numElements())
    return fileError() << "the value bound to input '" << name
                       << "' does not hold " << host->numElements()
                       << " elements";
  return host;
}

FailureOr<const HostTensor *> GraphImporter::bindOnUse(StringRef name,
                                                       const std::string &who) {
  InputValueSource *values = options.values;
  auto info = inputInfos.find(name.str());
  if (!values || info == inputInfos.end() || options.bind.count(name.str()) ||
      !values->hasValue(name))
    return static_cast<const HostTensor *>(nullptr);
  TensorData value;
  if (std::string err = values->read(name, value); !err.empty())
    return fileError() << err, failure();
  FailureOr<std::shared_ptr<HostTensor>> host = hostValue(*info->second, value);
  if (failed(host))
    return failure();
  // The argument stays (earlier nodes may use it); the redone import drops
  // it.
  Slot &slot = slots[name];
  slot.constant = *host;
  wantBinding(name, who);
  readValues.emplace(name.str(), std::move(value));
  return slot.constant.get();
}

LogicalResult
GraphImporter::importInputs(const onnx::GraphProto &graph, func::FuncOp func,
                            SmallVectorImpl<Type> &argTypes,
                            SmallVectorImpl<std::string> &argNames) {
  llvm::StringSet<> initializerNames;
  for (const auto &init : graph.initializer())
    initializerNames.insert(init.name());

  std::vector<const onnx::ValueInfoProto *> inputs;
  for (const auto &in : graph.input())
    if (!initializerNames.count(in.name()))
      inputs.push_back(&in);

  // Bound inputs are constants, not arguments.
  std::vector<const onnx::ValueInfoProto *> unbound;
  for (auto *in : inputs) {
    auto explicitIt = options.bind.find(in->name());
    auto autoIt = autoBound.find(in->name());
    const TensorData *value = explicitIt != options.bind.end()
                                  ? &explicitIt->second
                              : autoIt != autoBound.end() ? &autoIt->second
                                                          : nullptr;
    inputInfos[in->name()] = in;
    if (!value) {
      unbound.push_back(in);
      continue;
    }
    FailureOr<std::shared_ptr<HostTensor>> host = hostValue(*in, *value);
    if (failed(host))
      return failure();
    slots[in->name()] = Slot{Value(), *host};
  }
  inputs = std::move(unbound);

  // Validate the --input-shape keys first.
  for (const auto &kv : options.inputShapes) {
    if (kv.first.empty()) {
      if (inputs.size() != 1) {
        InFlightDiagnostic d = fileError();
        d << "--input-shape without a name needs a model with exactly one "
             "input; this model has "
          << inputs.size() << ":";
        for (auto *in : inputs)
          d << " '" << in->name() << "'";
        return failure();
      }
      continue;
    }
    bool found = false;
    for (auto *in : inputs)
      found |= in->name() == kv.first;
    if (!found) {
      InFlightDiagnostic d = fileError();
      d << "--input-shape names '" << kv.first
        << "', which is not a model input; inputs:";
      for (auto *in : inputs)
        d << " '" << in->name() << "'";
      return failure();
    }
  }

  for (auto *in : inputs) {
    const std::string &name = in->name();
    if (!in->type().has_tensor_type())
      return fileError() << "input '" << name << "' is not a tensor";
    const auto &tt = in->type().tensor_type();
    int32_t elem = tt.elem_type();
    // FLOAT16/BFLOAT16/DOUBLE arguments keep their type; nodes read them
    // widened to f32 (NodeContext::input, docs/element-types.md).
    if (!mlirElemType(elem))
      return fileError() << "input '" << name << "' has element type "
                         << elemTypeName(elem)
                         << "; only float, integer and BOOL inputs are "
                            "supported";
    const std::vector<int64_t> *given = nullptr;
    auto it = options.inputShapes.find(name);
    if (it == options.inputShapes.end())
      it = options.inputShapes.find("");
    if (it != options.inputShapes.end())
      given = &it->second;

    std::vector<int64_t> shape;
    bool hasShape = tt.has_shape();
    if (given) {
      if (hasShape && tt.shape().dim_size() != int(given->size()))
        return fileError() << "--input-shape gives " << given->size()
                           << " dimensions for input '" << name
                           << "', which has rank " << tt.shape().dim_size();
      for (size_t d = 0; d < given->size(); ++d) {
        if (hasShape && tt.shape().dim(d).has_dim_value() &&
            tt.shape().dim(d).dim_value() != (*given)[d])
          return fileError()
                 << "--input-shape gives " << (*given)[d] << " for dimension "
                 << d << " of input '" << name << "', which the model fixes to "
                 << tt.shape().dim(d).dim_value();
      }
      shape = *given;
    } else {
      if (!hasShape)
        return fileError() << "input '" << name
                           << "' has no shape; give one with --input-shape "
                           << name << "=<d0>x<d1>x...";
      for (int d = 0; d < tt.shape().dim_size(); ++d) {
        const auto &dim = tt.shape().dim(d);
        if (dim.has_dim_value() && dim.dim_value() >= 0) {
          shape.push_back(dim.dim_value());
        } else if (d == 0) {
          shape.push_back(1); // default batch
        } else {
          return fileError()
                 << "input '" << name << "' has dynamic dimension " << d
                 << (dim.has_dim_param() ? " ('" + dim.dim_param() + "')"
                                         : std::string())
                 << "; fix it with --input-shape " << name << "=<d0>x<d1>x...";
        }
      }
    }
    for (int64_t d : shape)
      if (d < 0)
        return fileError() << "input '" << name << "' has a negative dimension";
    auto type = RankedTensorType::get(shape, mlirElemType(elem));
    argTypes.push_back(type);
    argNames.push_back(name);
  }
  return success();
}

/// Converts an AttributeProto to a NodeAttr.
static std::string convertAttr(const onnx::AttributeProto &a, StringRef baseDir,
                               NodeAttr &out) {
  switch (a.type()) {
  case onnx::AttributeProto::FLOAT:
    out.kind = NodeAttr::Float;
    out.f = a.f();
    break;
  case onnx::AttributeProto::INT:
    out.kind = NodeAttr::Int;
    out.i = a.i();
    break;
  case onnx::AttributeProto::STRING:
    out.kind = NodeAttr::String;
    out.s = a.s();
    break;
  case onnx::AttributeProto::FLOATS:
    out.kind = NodeAttr::Floats;
    out.floats.assign(a.floats().begin(), a.floats().end());
    break;
  case onnx::AttributeProto::INTS:
    out.kind = NodeAttr::Ints;
    out.ints.assign(a.ints().begin(), a.ints().end());
    break;
  case onnx::AttributeProto::STRINGS:
    out.kind = NodeAttr::Strings;
    out.strings.assign(a.strings().begin(), a.strings().end());
    break;
  case onnx::AttributeProto::TENSOR: {
    out.kind = NodeAttr::Tensor;
    out.tensor = std::make_shared<HostTensor>();
    std::string err = tensorFromProto(a.t(), baseDir, *out.tensor);
    if (!err.empty())
      return "tensor attribute '" + a.name() + "' " + err;
    break;
  }
  case onnx::AttributeProto::GRAPH:
  case onnx::AttributeProto::GRAPHS:
    out.kind = NodeAttr::Graph;
    break;
  default:
    out.kind = NodeAttr::Other;
    break;
  }
  return "";
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node,
                                        size_t index) {
  std::string name = node.name().empty()
                         ? node.op_type() + "_" + std::to_string(index)
                         : node.name();
  Location loc = NameLoc::get(StringAttr::get(ctx, name));
  std::vector<std::string> inputs(node.input().begin(), node.input().end());
  std::vector<std::string> outputs(node.output().begin(), node.output().end());
  for (const std::string &in : inputs)
    if (!in.empty() && !slots.count(in))
      return mlir::emitError(loc)
             << node.op_type() << " node '" << name << "': input '" << in
             << "' is not defined before this node (the graph is not "
                "topologically sorted or names an unknown value)";
  std::map<std::string, NodeAttr> attrs;
  for (const auto &a : node.attribute()) {
    NodeAttr na;
    std::string err = convertAttr(a, modelDir, na);
    if (!err.empty())
      return mlir::emitError(loc)
             << node.op_type() << " node '" << name << "': " << err;
    attrs[a.name()] = std::move(na);
  }
  const OpHandler *handler = OpRegistry::get().lookup(node.op_type(), opset);
  if (!handler)
    return mlir::emitError(loc) << "unsupported ONNX op " << node.op_type()
                                << " (node '" << name << "')";
  NodeContext nc(*this, node.op_type(), name, inputs, outputs, std::move(attrs),
                 opset, loc);
  if (failed((*handler)(nc)))
    return failure();
  for (size_t i = 0; i < outputs.size(); ++i)
    if (nc.outputUsed(i) && !slots.count(outputs[i]))
      return mlir::emitError(loc)
             << node.op_type() << " node '" << name << "': output " << i
             << " ('" << outputs[i] << "') is not supported by the importer";
  return success();
}

OwningOpRef<ModuleOp> GraphImporter::run(const onnx::ModelProto &model) {
  const onnx::GraphProto &graph = model.graph();
  auto module = ModuleOp::create(FileLineColLoc::get(ctx, path, 0, 0));
  OwningOpRef<ModuleOp> owned(module);
  module->setAttr(kOnnxOpsetAttr, builder.getI64IntegerAttr(opset));
  if (!model.producer_name().empty())
    module->setAttr(kProducerAttr, builder.getStringAttr(
                                       model.producer_name() +
                                       (model.producer_version().empty()
                                            ? ""
                                            : " " + model.producer_version())));

  if (graph.sparse_initializer_size())
    return fileError() << "sparse initializers are not supported", nullptr;
  if (failed(checkSupported(graph)))
    return nullptr;

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  builder.setInsertionPointToEnd(module.getBody());
  auto func =
      func::FuncOp::create(builder,
                           NameLoc::get(builder.getStringAttr(
                               graph.name().empty() ? "main" : graph.name())),
                           "main", builder.getFunctionType({}, {}));
  if (failed(importInputs(graph, func, argTypes, argNames)))
    return nullptr;
  Block *entry = func.addEntryBlock();
  for (size_t i = 0; i < argTypes.size(); ++i) {
    BlockArgument arg = entry->addArgument(
        argTypes[i], NameLoc::get(builder.getStringAttr(argNames[i])));
    slots[argNames[i]].value = arg;
  }
  ImportState::argNames.assign(argNames.begin(), argNames.end());
  builder.setInsertionPointToStart(entry);

  // Initializers: host constants, materialized on first use.
  for (const auto &init : graph.initializer()) {
    auto host = std::make_shared<HostTensor>();
    std::string err = tensorFromProto(init, modelDir, *host);
    if (!err.empty())
      return fileError() << "initializer '" << init.name() << "' " << err,
             nullptr;
    host->name = init.name();
    slots[init.name()] = Slot{Value(), host};
  }

  for (const auto &node : graph.node())
    for (const auto &in : node.input())
      usedNames.insert(in);
  for (const auto &out : graph.output())
    usedNames.insert(out.name());

  for (int i = 0; i < graph.node_size(); ++i)
    if (failed(importNode(graph.node(i), i)))
      return nullptr;

  // Results.
  SmallVector<Value> results;
  for (const auto &out : graph.output()) {
    auto it = slots.find(out.name());
    if (it == slots.end())
      return fileError() << "graph output '" << out.name()
                         << "' is not produced by any node",
             nullptr;
    Slot &slot = it->second;
    if (!slot.value)
      slot.value = materialize(*slot.constant, out.name(),
                               NameLoc::get(builder.getStringAttr(out.name())));
    auto type = cast<RankedTensorType>(slot.value.getType());
    if (out.type().has_tensor_type() && out.type().tensor_type().has_shape()) {
      const auto &shape = out.type().tensor_type().shape();
      bool mismatch = shape.dim_size() != type.getRank();
      for (int d = 0; !mismatch && d < shape.dim_size(); ++d)
        mismatch = shape.dim(d).has_dim_value() && d > 0 &&
                   shape.dim(d).dim_value() != type.getDimSize(d);
      if (mismatch) {
        InFlightDiagnostic diag = fileError();
        diag << "graph output '" << out.name() << "' is declared with shape [";
        for (int d = 0; d < shape.dim_size(); ++d)
          diag << (d ? "x" : "")
               << (shape.dim(d).has_dim_value()
                       ? std::to_string(shape.dim(d).dim_value())
                       : std::string("?"));
        diag << "] but the graph computes " << type;
        return nullptr;
      }
    }
    // A narrow float output computed in f32 is rounded to its declared
    // type here, where ONNX would have it in that type.
    int32_t declared =
        out.type().has_tensor_type() ? out.type().tensor_type().elem_type() : 0;
    Value result = slot.value;
    if (type.getElementType().isF32() &&
        (declared == kFloat16 || declared == kBFloat16 || declared == kDouble))
      result = CastOp::create(builder, result.getLoc(),
                              type.clone(mlirElemType(declared)), result);
    results.push_back(result);
  }
  func::ReturnOp::create(builder, func.getLoc(), results);
  func.setFunctionType(builder.getFunctionType(entry->getArgumentTypes(),
                                               ValueRange(results).getTypes()));
  for (size_t i = 0; i < argNames.size(); ++i)
    func.setArgAttr(i, kNameAttr, builder.getStringAttr(argNames[i]));
  for (int i = 0; i < graph.output_size(); ++i)
    func.setResultAttr(i, kNameAttr,
                       builder.getStringAttr(graph.output(i).name()));

  if (failed(mlir::verify(module)))
    return nullptr;
  return owned;
}

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

/// Escapes `*text` in place when it is not displayable UTF-8.
static void escapeField(std::string *text) {
  std::string escaped = escapeUntrustedText(*text);
  if (escaped != *text)
    *text = std::move(escaped);
}

/// Makes every name of `graph` (and its subgraphs) displayable UTF-8, so no
/// diagnostic, IR name or output file carries raw bytes from the model. ONNX
/// requires UTF-8 names; this keeps an invalid one recognizable
/// ("grou\xff") instead of failing on it or echoing it.
static void escapeNames(onnx::GraphProto &graph) {
  escapeField(graph.mutable_name());
  for (auto *infos : {graph.mutable_input(), graph.mutable_output(),
                      graph.mutable_value_info()})
    for (onnx::ValueInfoProto &info : *infos)
      escapeField(info.mutable_name());
  for (onnx::TensorProto &init : *graph.mutable_initializer()) {
    escapeField(init.mutable_name());
    for (onnx::StringStringEntryProto &kv : *init.mutable_external_data()) {
      escapeField(kv.mutable_key());
      escapeField(kv.mutable_value());
    }
  }
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    escapeField(node.mutable_name());
    escapeField(node.mutable_op_type());
    escapeField(node.mutable_domain());
    for (std::string &name : *node.mutable_input())
      escapeField(&name);
    for (std::string &name : *node.mutable_output())
      escapeField(&name);
    for (onnx::AttributeProto &attr : *node.mutable_attribute()) {
      escapeField(attr.mutable_name());
      if (attr.has_g())
        escapeNames(*attr.mutable_g());
      for (onnx::GraphProto &sub : *attr.mutable_graphs())
        escapeNames(sub);
    }
  }
}

/// Imports the graph; when `options.values` is given, every graph input a
/// node needs as a constant is bound to its value and the import redone
/// (the diagnostics of an attempt that asked for a binding are dropped).
static OwningOpRef<ModuleOp>
importWithBinding(const onnx::ModelProto &model, StringRef path,
                  StringRef modelDir, int64_t opset, MLIRContext *context,
                  const ImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  std::set<std::string> initializers;
  for (const auto &init : model.graph().initializer())
    initializers.insert(init.name());
  std::vector<std::string> names;
  for (const auto &in : model.graph().input())
    if (!initializers.count(in.name()))
      names.push_back(in.name());
  for (const auto &kv : options.bind) {
    if (llvm::is_contained(names, kv.first))
      continue;
    InFlightDiagnostic d = emitError(fileLoc);
    d << "--bind names '" << kv.first
      << "', which is not a graph input; inputs:";
    for (const std::string &name : names)
      d << " '" << name << "'";
    return nullptr;
  }

  InputValueSource *values = options.values;
  if (!values) {
    GraphImporter importer(context, path, modelDir, options, {});
    importer.opset = opset;
    return importer.run(model);
  }
  if (std::string err = values->setInputNames(names); !err.empty())
    return emitError(fileLoc) << err, nullptr;

  std::map<std::string, TensorData> autoBound;
  std::vector<BoundInput> bound;
  for (;;) {
    std::vector<Diagnostic> diags;
    OwningOpRef<ModuleOp> module;
    std::vector<std::pair<std::string, std::string>> wanted;
    std::map<std::string, TensorData> readValues;
    {
      ScopedDiagnosticHandler collect(context, [&](Diagnostic &d) {
        diags.push_back(std::move(d));
        return success();
      });
      GraphImporter importer(context, path, modelDir, options, autoBound);
      importer.opset = opset;
      importer.canBind = [&](StringRef name) {
        return !options.bind.count(name.str()) && values->hasValue(name);
      };
      module = importer.run(model);
      wanted = std::move(importer.wantBound);
      readValues = std::move(importer.readValues);
    }
    if (!wanted.empty()) {
      // Redo the import with the wanted inputs bound from the start (they
      // leave @main's arguments, computations from them fold). Each round
      // binds at least one more input, so this ends.
      for (auto &[name, who] : wanted) {
        auto it = readValues.find(name);
        TensorData value;
        if (it != readValues.end())
          value = std::move(it->second);
        else if (std::string err = values->read(name, value); !err.empty())
          return emitError(fileLoc) << err, nullptr;
        autoBound.emplace(name, std::move(value));
        bound.push_back({name, who});
      }
      continue;
    }
    for (Diagnostic &d : diags)
      context->getDiagEngine().emit(std::move(d));
    if (options.bound)
      *options.bound = bound;
    return module;
  }
}

/// Imports a serialized model. `path` names it in diagnostics, `modelDir`
/// resolves external data, and `isFile` says the checker may reread `path`
/// (it then also checks external data files).
static OwningOpRef<ModuleOp> importModel(StringRef bytes, StringRef path,
                                         StringRef modelDir, bool isFile,
                                         MLIRContext *context,
                                         const ImportOptions &options) {
  context->loadDialect<NNDCTDialect, func::FuncDialect>();
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  try {
    onnx::ModelProto model;
    if (bytes.size() > size_t(INT32_MAX) ||
        !model.ParseFromArray(bytes.data(), int(bytes.size())))
      return emitError(fileLoc) << "'" << path
                                << "' is not a valid ONNX model (protobuf "
                                   "parsing failed; truncated or not ONNX?)",
             nullptr;
    if (!model.has_graph() || model.ir_version() <= 0 ||
        (model.graph().node_size() == 0 && model.graph().output_size() == 0))
      return emitError(fileLoc)
                 << "'" << path
                 << "' is not an ONNX model (no ir_version or graph)",
             nullptr;
    escapeNames(*model.mutable_graph());
    for (onnx::OperatorSetIdProto &imp : *model.mutable_opset_import())
      escapeField(imp.mutable_domain());

    int64_t opset = -1;
    for (const auto &imp : model.opset_import())
      if (imp.domain().empty() || imp.domain() == "ai.onnx")
        opset = imp.version();
    if (opset < 0)
      return emitError(fileLoc)
                 << "'" << path
                 << "' imports no opset of the default ONNX domain",
             nullptr;
    if (opset < kMinOpset || opset > kMaxOpset)
      return emitError(fileLoc)
                 << "'" << path << "' uses ONNX opset " << opset
                 << ", which is not supported (supported: " << kMinOpset
                 << " to " << kMaxOpset << ")",
             nullptr;

    // Before the checker, which would open any external data path it is
    // given: locations must stay inside the model's directory.
    for (const onnx::TensorProto &init : model.graph().initializer()) {
      std::string error;
      if (init.data_location() == onnx::TensorProto::EXTERNAL &&
          resolveExternalLocation(init, modelDir, error).empty())
        return emitError(fileLoc)
                   << "initializer '" << init.name() << "' " << error,
               nullptr;
    }

    // The checker only knows opsets and IR versions up to ONNX 1.12.
    if (opset <= kCheckerMaxOpset && model.ir_version() <= kCheckerMaxIR) {
      try {
        if (isFile)
          onnx::checker::check_model(path.str());
        else
          onnx::checker::check_model(model);
      } catch (const std::exception &e) {
        return emitError(fileLoc) << "'" << path << "' fails the ONNX checker: "
                                  << escapeUntrustedText(e.what()),
               nullptr;
      }
    }

    return importWithBinding(model, path, modelDir, opset, context, options);
  } catch (const std::exception &e) {
    return emitError(fileLoc) << "cannot import '" << path
                              << "': " << escapeUntrustedText(e.what()),
           nullptr;
  } catch (...) {
    return emitError(fileLoc)
               << "cannot import '" << path << "': unknown exception",
           nullptr;
  }
}

/// Imports the bytes of the file (or stdin, "-") at `path`.
static OwningOpRef<ModuleOp> importONNXBytes(StringRef bytes, StringRef path,
                                             MLIRContext *context,
                                             const ImportOptions &options) {
  std::string modelDir = llvm::sys::path::parent_path(path).str();
  if (modelDir.empty())
    modelDir = ".";
  bool isFile = path != "-" && llvm::sys::fs::exists(path);
  return importModel(bytes, path, modelDir, isFile, context, options);
}

OwningOpRef<ModuleOp>
mlir::nndct::importONNXBuffer(llvm::StringRef bytes, llvm::StringRef baseDir,
                              MLIRContext *context,
                              const ImportOptions &options) {
  return importModel(bytes, "<buffer>", baseDir.empty() ? "." : baseDir,
                     /*isFile=*/false, context, options);
}

OwningOpRef<ModuleOp>
mlir::nndct::importONNXFile(llvm::StringRef path, MLIRContext *context,
                            const ImportOptions &options) {
  auto buffer =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "cannot open '" << path << "': " << buffer.getError().message();
    return nullptr;
  }
  return importONNXBytes((*buffer)->getBuffer(), path, context, options);
}

std::string
mlir::nndct::parseBindValues(llvm::ArrayRef<std::string> values,
                             const BindFileReader &reader,
                             std::map<std::string, TensorData> &bind) {
  for (const std::string &text : values) {
    auto [name, file] = StringRef(text).split('=');
    if (name.empty() || file.empty() || !StringRef(text).contains('='))
      return "--bind '" + text + "': expected NAME=FILE";
    if (bind.count(name.str()))
      return "--bind '" + text + "': input '" + name.str() + "' bound twice";
    TensorData value;
    if (std::string err = reader(file, value); !err.empty())
      return "--bind '" + text + "': " + err;
    bind.emplace(name.str(), std::move(value));
  }
  return "";
}

/// The `--bind` option of nndct-translate's ONNX importer.
static const std::vector<std::string> &bindOption() {
  static llvm::cl::list<std::string> option(
      "bind",
      llvm::cl::desc("import graph input NAME as the constant in FILE (.npy "
                     "or .pb), NAME=FILE; for inputs a node needs as a "
                     "constant (a shape, axes, pads, scales...)"),
      llvm::cl::ZeroOrMore);
  return option;
}

void mlir::nndct::registerImportONNXTranslation(BindFileReader reader) {
  inputShapeOption(); // registered before the command line is parsed
  bindOption();
  if (!reader)
    reader = [](StringRef path, TensorData &out) {
      if (!path.ends_with(".pb"))
        return "'" + path.str() + "': expected a .pb (TensorProto) file";
      return readTensorProtoFile(path, out);
    };
  static TranslateToMLIRRegistration importONNX(
      "import-onnx", "import an ONNX model (.onnx) into nndct IR",
      [reader](llvm::SourceMgr &sourceMgr,
               MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        StringRef path = buffer->getBufferIdentifier();
        if (path == "<stdin>")
          path = "-";
        ImportOptions options;
        if (std::string err = parseInputShapeOption(options.inputShapes);
            !err.empty()) {
          emitError(UnknownLoc::get(context)) << err;
          return nullptr;
        }
        if (std::string err =
                parseBindValues(bindOption(), reader, options.bind);
            !err.empty()) {
          emitError(UnknownLoc::get(context)) << err;
          return nullptr;
        }
        OwningOpRef<ModuleOp> module =
            importONNXBytes(buffer->getBuffer(), path, context, options);
        if (!module)
          return nullptr;
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) {
        registry.insert<NNDCTDialect, func::FuncDialect>();
      });
}

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
  GraphImporter(MLIRContext *ctx, StringRef path, StringRef modelDir,
                const ImportOptions &options)
      : ImportState(ctx), path(path.str()), modelDir(modelDir.str()),
        options(options) {}

  OwningOpRef<ModuleOp> run(const onnx::ModelProto &model);

  /// Emits an error located at the model file.
  InFlightDiagnostic fileError() {
    return mlir::emitError(FileLineColLoc::get(ctx, path, 0, 0));
  }

  std::string path, modelDir;
  const ImportOptions &options;
  int64_t opset = 0;

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
    if (elem != kFloat && (isFloatElem(elem) || !mlirElemType(elem)))
      return fileError() << "input '" << name << "' has element type "
                         << elemTypeName(elem)
                         << "; only FLOAT and integer inputs are supported";
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
    results.push_back(slot.value);
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

    GraphImporter importer(context, path, modelDir, options);
    importer.opset = opset;
    return importer.run(model);
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

void mlir::nndct::registerImportONNXTranslation() {
  inputShapeOption(); // registered before the command line is parsed
  static TranslateToMLIRRegistration importONNX(
      "import-onnx", "import an ONNX model (.onnx) into nndct IR",
      [](llvm::SourceMgr &sourceMgr,
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

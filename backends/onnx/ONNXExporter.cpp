//===- ONNXExporter.cpp - quantized nndct IR to a QDQ ONNX model ----------===//
//
// The driver: builds the ModelProto (graph inputs and outputs named after
// `nndct.name`, nodes in IR order with regions flattened), checks it with
// onnx::checker and serializes it. Exceptions from protobuf and libonnx are
// caught here and become diagnostics.
//
//===----------------------------------------------------------------------===//

#include "backends/onnx/ONNXExporter.h"
#include "backends/onnx/ExportContext.h"

#include "ir/EntryFunction.h"
#include "ir/ModelSource.h"
#include "ir/NNDCTDialect.h"
#include "ir/QuantRole.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ToolOutputFile.h"

#include <onnx/checker.h>

#include <exception>

#ifndef NNDCT_VERSION_STRING
#define NNDCT_VERSION_STRING "0.1.0"
#endif

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_export;

namespace {

/// Fills a ValueInfoProto with `name` and the tensor type `type`.
LogicalResult setValueInfo(onnx::ValueInfoProto &info, llvm::StringRef name,
                           Type type, Location loc) {
  info.set_name(name.str());
  auto tensor = dyn_cast<RankedTensorType>(type);
  int32_t element = tensor ? onnxElementType(tensor.getElementType())
                           : int32_t(onnx::TensorProto::UNDEFINED);
  if (element == onnx::TensorProto::UNDEFINED)
    return emitError(loc, "ONNX export: graph input/output '")
           << name << "' has unsupported type " << type;
  onnx::TypeProto_Tensor &t = *info.mutable_type()->mutable_tensor_type();
  t.set_elem_type(element);
  onnx::TensorShapeProto &shape = *t.mutable_shape();
  for (int64_t d : tensor.getShape())
    shape.add_dim()->set_dim_value(d);
  return success();
}

LogicalResult exportBlock(ExportContext &ctx, Block &block) {
  for (Operation &op : block) {
    if (isa<ConstantOp, YieldOp, func::ReturnOp>(op))
      continue; // constants become initializers when first used
    if (auto fix = dyn_cast<FixOp>(op)) {
      if (failed(exportFix(ctx, fix)))
        return failure();
      continue;
    }
    if (auto region = dyn_cast<RegionOp>(op)) {
      if (failed(exportBlock(ctx, region.getBody().front())))
        return failure();
      for (auto [result, yielded] :
           llvm::zip(region.getResults(), region.getYield().getValues())) {
        FailureOr<std::string> name = ctx.valueName(yielded, region.getYield());
        if (failed(name))
          return failure();
        ctx.setValueName(result, *name);
      }
      continue;
    }
    if (failed(exportOp(ctx, &op)))
      return failure();
  }
  return success();
}

/// Exact mode reproduces nndct's arithmetic with IEEE operations, but
/// exp, tanh and erf have no single correct rounding: ONNX Runtime's may
/// differ from nndct's in the last bit, and a fix after them can then round
/// one step apart. Says which nodes those are (docs/onnx-export.md).
void warnInexactNodes(func::FuncOp func) {
  std::vector<std::string> nodes;
  func.walk([&](Operation *op) {
    if (!hasLibmRounding(op))
      return;
    std::string where;
    if (std::optional<std::string> name = userName(op->getLoc()))
      where = "'" + *name + "'";
    else
      llvm::raw_string_ostream(where) << op->getLoc();
    nodes.push_back(op->getName().stripDialect().str() + " " + where);
  });
  if (nodes.empty())
    return;
  InFlightDiagnostic diag =
      emitWarning(func.getLoc())
      << "ONNX export (--onnx-rounding=exact): " << nodes.size()
      << " node(s) compute exp, tanh, erf or a normalization, "
         "which ONNX Runtime may round differently from nndct in "
         "the last bit; outputs behind them can differ by one "
         "quantization step: ";
  for (size_t i = 0; i < nodes.size() && i < 5; ++i)
    diag << (i ? ", " : "") << nodes[i];
  if (nodes.size() > 5)
    diag << ", ...";
}

LogicalResult buildModel(ModuleOp module, const ONNXExportOptions &options,
                         onnx::ModelProto &model) {
  if (options.opset < 13 || options.opset > 17)
    return emitError(module.getLoc(), "ONNX export: opset ")
           << options.opset << " is not supported (13 to 17; Q/DQ needs 13)";
  FailureOr<func::FuncOp> entry =
      lookupEntryFunction(module, {}, "ONNX export");
  if (failed(entry))
    return failure();
  func::FuncOp func = *entry;
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return func.emitError("ONNX export: the function must have one block");
  if (options.rounding == ONNXRounding::Exact)
    warnInexactNodes(func);

  model.set_ir_version(onnx::IR_VERSION);
  model.set_producer_name("nndct");
  model.set_producer_version(NNDCT_VERSION_STRING);
  onnx::OperatorSetIdProto &opsetId = *model.add_opset_import();
  opsetId.set_domain("");
  opsetId.set_version(options.opset);
  onnx::GraphProto &graph = *model.mutable_graph();
  graph.set_name(options.graphName.empty() ? func.getSymName().str()
                                           : options.graphName);

  ExportContext ctx(graph, options);
  // Graph inputs and outputs keep their source names; reserve them first.
  std::vector<std::string> inputNames, outputNames;
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    inputNames.push_back(argumentName(func, i));
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    outputNames.push_back(resultName(func, i));
  llvm::StringSet<> seen;
  for (const std::string &name :
       llvm::concat<std::string>(inputNames, outputNames))
    if (!seen.insert(name).second)
      return func.emitError("ONNX export: graph input/output name '")
             << name << "' is used twice";
  for (const std::string &name :
       llvm::concat<std::string>(inputNames, outputNames))
    ctx.reserve(name);

  for (BlockArgument arg : func.getArguments()) {
    ctx.setValueName(arg, inputNames[arg.getArgNumber()]);
    if (failed(setValueInfo(*graph.add_input(), inputNames[arg.getArgNumber()],
                            arg.getType(), func.getLoc())))
      return failure();
  }
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    Value producer = lookIntoRegions(v);
    if (!isa<BlockArgument>(producer) && ctx.requestedName(producer).empty())
      ctx.requestName(producer, outputNames[i]);
  }

  if (failed(exportBlock(ctx, func.getBody().front())))
    return failure();

  // Outputs no node produced under their name (a returned input, a value
  // returned twice) get an Identity.
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    FailureOr<std::string> name = ctx.valueName(v, ret);
    if (failed(name))
      return failure();
    if (*name != outputNames[i])
      ctx.addNode("Identity", ctx.uniqueNodeName(outputNames[i] + "_identity"),
                  {*name}, {outputNames[i]});
    if (failed(setValueInfo(*graph.add_output(), outputNames[i], v.getType(),
                            ret.getLoc())))
      return failure();
  }
  return success();
}

FailureOr<std::string> exportToBytes(ModuleOp module,
                                     const ONNXExportOptions &options) {
  try {
    onnx::ModelProto model;
    if (failed(buildModel(module, options, model)))
      return failure();
    if (options.check)
      onnx::checker::check_model(model);
    std::string bytes;
    if (!model.SerializeToString(&bytes))
      return emitError(module.getLoc(),
                       "ONNX export: cannot serialize the model "
                       "(over protobuf's 2 GB limit?)");
    return bytes;
  } catch (const std::exception &e) {
    return emitError(module.getLoc(),
                     "ONNX export: the exported model is invalid: ")
           << e.what();
  }
}

} // namespace

LogicalResult mlir::nndct::exportQDQONNX(ModuleOp module, llvm::raw_ostream &os,
                                         const ONNXExportOptions &options) {
  FailureOr<std::string> bytes = exportToBytes(module, options);
  if (failed(bytes))
    return failure();
  os << *bytes;
  return success();
}

LogicalResult mlir::nndct::exportQDQONNX(ModuleOp module, llvm::StringRef path,
                                         const ONNXExportOptions &options) {
  FailureOr<std::string> bytes = exportToBytes(module, options);
  if (failed(bytes))
    return failure();
  std::string message;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(path, &message);
  if (!file)
    return emitError(module.getLoc(), "cannot write ")
           << path << ": " << message;
  file->os() << *bytes;
  file->os().flush();
  if (file->os().has_error())
    return emitError(module.getLoc(), "cannot write ") << path;
  file->keep();
  return success();
}

void mlir::nndct::registerONNXExportTranslation() {
  static llvm::cl::opt<int64_t> opset(
      "onnx-opset", llvm::cl::desc("ONNX opset of --export-onnx (13-17)"),
      llvm::cl::init(13));
  static llvm::cl::opt<ONNXRounding> rounding(
      "onnx-rounding", llvm::cl::desc("Rounding of fixes in --export-onnx"),
      llvm::cl::init(ONNXRounding::Standard),
      llvm::cl::values(
          clEnumValN(ONNXRounding::Standard, "standard",
                     "plain Q/DQ (ONNX Runtime rounds ties to even)"),
          clEnumValN(ONNXRounding::Exact, "exact",
                     "nndct's rounding with standard ops: bit-exact in ONNX "
                     "Runtime")));

  registerModelExport(
      "export-onnx", "export a quantized nndct module as a QDQ ONNX model",
      [](ModuleOp module, raw_ostream &os) -> LogicalResult {
        ONNXExportOptions options;
        options.opset = opset;
        options.rounding = rounding;
        return exportQDQONNX(module, os, options);
      },
      [](DialectRegistry &registry) {
        registry.insert<NNDCTDialect, func::FuncDialect>();
      });
}

//===- QuantizeFlow.cpp - the calib/test workflow, shared by every front --===//

#include "tools/nndct/QuantizeFlow.h"

#include "tools/nndct/ModelLoader.h"
#include "tools/nndct/QuantReport.h"

#include "backends/quantinfo/QuantInfo.h"
#include "passes/FloatOpSearch.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"
#include "tools/Registration.h"

#include "ir/EntryFunction.h"

#include "mlir/IR/AsmState.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#ifdef NNDCT_HAVE_ONNX_EXPORT
#include "backends/onnx/ONNXExporter.h"
#endif
#ifdef NNDCT_HAVE_XMODEL
#include "backends/xmodel/XModelExport.h"
#endif

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// The ops quant_info.json keeps float, into `options`.
llvm::Error readKeptFloat(llvm::StringRef path, PTQOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   path + ": " + buffer.getError().message());
  // A corrupt file is reported with its position by nndct-apply-quant-info.
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json) {
    llvm::consumeError(json.takeError());
    return llvm::Error::success();
  }
  auto ops = keptFloatOps(*json);
  if (!ops)
    return llvm::createStringError(path + ": " + toString(ops.takeError()));
  for (auto &[name, reason] : *ops) {
    options.keepFloat.push_back(name);
    options.keepFloatReasons.push_back(reason);
  }
  return llvm::Error::success();
}

/// `text` into `path`, or why not.
llvm::Error writeText(llvm::StringRef path,
                      llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return llvm::createStringError(ec,
                                   path + ": cannot write: " + ec.message());
  write(os);
  os.close();
  if (os.has_error())
    return llvm::createStringError(os.error(), path + ": write failed");
  return llvm::Error::success();
}

} // namespace

llvm::Error mlir::nndct::applyQuantInfoFile(ModuleOp module, PTQOptions options,
                                            llvm::StringRef quantInfoFile,
                                            llvm::StringRef bundle,
                                            llvm::StringRef modelName) {
  // The ops calib mode kept float, before any fix is placed.
  if (llvm::Error e = readKeptFloat(quantInfoFile, options))
    return e;
  // The same fixes calib mode created, then the file's fix points (and the
  // corrected or finetuned parameters of the calib run's bundle).
  ApplyQuantInfoPassOptions apply;
  apply.file = quantInfoFile.str();
  apply.bundle = bundle.str();
  PassManager pm(module.getContext());
  populatePTQPreparePipeline(pm, options);
  pm.addPass(createApplyQuantInfoPass(apply));
  if (failed(pm.run(module)))
    return llvm::createStringError(quantInfoFile + ": does not apply to " +
                                   modelName);
  return llvm::Error::success();
}

llvm::Expected<std::vector<std::string>>
mlir::nndct::writeQuantizeOutputs(ModuleOp module, OutputStage &stage,
                                  const QuantizeOutputOptions &options) {
  std::vector<std::string> written;
  const std::string &name = options.name;
  if (options.writeQuantInfo) {
    QuantInfoOptions infoOptions;
    infoOptions.graphName = name;
    std::string text;
    llvm::raw_string_ostream os(text);
    if (failed(writeQuantInfo(module, os, infoOptions)))
      return llvm::createStringError("cannot write quant_info.json");
    if (llvm::Error e = writeText(stage.path("quant_info.json"),
                                  [&](llvm::raw_ostream &out) { out << text; }))
      return std::move(e);
    written.push_back("quant_info.json");
  }
  // The bundle and the report carry where every op runs. Placed after
  // quant_info.json is written: its graph_md5 hashes every attribute, and
  // test mode applies the file to an unplaced model.
  func::FuncOp func = getEntryFunction(module);
  if (!func || failed(ensurePlacement(func)))
    return llvm::createStringError(
        "placing the ops failed (see the diagnostics above)");
  // The bundle keeps locations and resource blobs, so it re-parses.
  std::string bundle = name + ".nndct.mlir";
  if (llvm::Error e = writeText(stage.path(bundle), [&](llvm::raw_ostream &os) {
        OpPrintingFlags flags;
        flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
        module->print(os, flags);
      }))
    return std::move(e);
  written.push_back(bundle);
  std::string report = name + "_quant_report.txt";
  if (llvm::Error e = writeText(stage.path(report), [&](llvm::raw_ostream &os) {
        writeQuantReport(module, os, name, options.target, options.method,
                         options.search);
      }))
    return std::move(e);
  written.push_back(report);
#ifdef NNDCT_HAVE_ONNX_EXPORT
  {
    ONNXExportOptions onnxOptions;
    onnxOptions.opset = options.onnxOpset;
    onnxOptions.rounding = options.onnxExactRounding ? ONNXRounding::Exact
                                                     : ONNXRounding::Standard;
    onnxOptions.graphName = name;
    std::string file = name + "_int.onnx";
    std::string path = stage.path(file);
    if (failed(exportQDQONNX(module, llvm::StringRef(path), onnxOptions)))
      return llvm::createStringError(
          file + ": ONNX export failed (see the diagnostics above)");
    written.push_back(file);
  }
#endif
#ifdef NNDCT_HAVE_XMODEL
  {
    XModelExportOptions xmodelOptions;
    xmodelOptions.modelName = name;
    std::string file = name + "_int.xmodel";
    if (failed(exportXModel(module, stage.path(file), xmodelOptions)))
      return llvm::createStringError(
          file + ": xmodel export failed (see the diagnostics above)");
    written.push_back(file);
  }
#endif
  return written;
}

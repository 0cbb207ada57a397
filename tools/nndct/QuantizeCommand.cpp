//===- QuantizeCommand.cpp - `nndct quantize`: calib and test modes -------===//
//
// vai_q_pytorch's torch_quantizer workflow as one command.
//
//   calib: import → attach the target → populatePTQPipeline (calibration on
//          --calib-data) → quant_info.json, <Model>.nndct.mlir (the IR with
//          statistics, re-parseable), <Model>_int.onnx, <Model>_int.xmodel
//          (when built) and <Model>_quant_report.txt.
//   test:  import → the structural prefix of the PTQ pipeline → apply
//          quant_info.json (and the corrected biases of the bundle) →
//          optional top-1 on --data/--labels → the same exports.
//
// Everything is written into a sibling temp directory first (OutputStage)
// and moved into -o only when all of it succeeded.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/Commands.h"

#include "tools/nndct/CommandSupport.h"
#include "tools/nndct/ModelLoader.h"
#include "tools/nndct/OutputStage.h"
#include "tools/nndct/QuantConfig.h"
#include "tools/nndct/QuantReport.h"

#include "backends/interpreter/TensorIO.h"
#include "backends/quantinfo/QuantInfo.h"
#include "backends/quantinfo/QuantNames.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"
#include "tools/Registration.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#ifdef NNDCT_HAVE_ONNX_EXPORT
#include "backends/onnx/ONNXExporter.h"
#endif
#ifdef NNDCT_HAVE_XMODEL
#include "backends/xmodel/XModelExport.h"
#endif

using namespace mlir;
using namespace mlir::nndct;
namespace cl = llvm::cl;

static constexpr llvm::StringLiteral kTool = "nndct quantize";

static cl::SubCommand &sub = getQuantizeSubCommand();
static cl::opt<std::string>
    modelPath(cl::Positional, cl::Required,
              cl::desc("<model.onnx|model.pt|model.mlir>"), cl::sub(sub));
enum class Mode { Calib, Test };
enum class ONNXRoundingChoice { Standard, Exact };
static cl::opt<Mode>
    mode("mode", cl::desc("Quantization mode"), cl::init(Mode::Calib),
         cl::values(clEnumValN(Mode::Calib, "calib",
                               "calibrate and write quantize_result/"),
                    clEnumValN(Mode::Test, "test",
                               "apply quant_info.json, evaluate, export")),
         cl::sub(sub));
static cl::list<std::string>
    calibData("calib-data",
              cl::desc("[NAME=]PATH calibration data: .npy/.pb "
                       "(N x sample), a folder of them, or of images"),
              cl::value_desc("[NAME=]PATH"), cl::sub(sub));
static cl::list<std::string>
    evalData("data",
             cl::desc("[NAME=]PATH evaluation data (test mode; "
                      "default: --calib-data)"),
             cl::value_desc("[NAME=]PATH"), cl::sub(sub));
static cl::opt<std::string>
    labelsPath("labels",
               cl::desc("Test mode: class labels (.npy or text); "
                        "prints float and quantized top-1"),
               cl::sub(sub));
static cl::opt<std::string>
    method("method",
           cl::desc("Activation calibration method: diffs (default), "
                    "maxmin, percentile, mse, entropy"),
           cl::init("diffs"), cl::sub(sub));
static cl::opt<std::string>
    configPath("config", cl::desc("vai_q_pytorch quant_config_file JSON"),
               cl::sub(sub));
static cl::list<std::string>
    inputShapes("input-shape", cl::desc("[NAME=]1x3x224x224 input shape"),
                cl::sub(sub));
static cl::list<std::string>
    quantBegin("quant-begin", cl::desc("Tensors where quantization begins"),
               cl::CommaSeparated, cl::sub(sub));
static cl::list<std::string> quantEnd("quant-end",
                                      cl::desc("Last quantized tensors"),
                                      cl::CommaSeparated, cl::sub(sub));
static cl::opt<std::string> target("target", cl::desc("Hardware target"),
                                   cl::init("AMD_AIE2_Nx4_Overlay_cfg0"),
                                   cl::sub(sub));
static cl::opt<int64_t>
    batch("batch", cl::desc("Samples per calibration batch (0: the model's)"),
          cl::init(0), cl::sub(sub));
static cl::opt<int> threads("threads", cl::desc("Worker threads"), cl::init(1),
                            cl::sub(sub));
static cl::opt<bool> noBiasCorrection("no-bias-correction",
                                      cl::desc("Skip vai's bias correction"),
                                      cl::init(false), cl::sub(sub));
static cl::opt<double>
    percentile("percentile",
               cl::desc("Percentile of |x| for --method=percentile"),
               cl::init(99.99), cl::sub(sub));
static cl::opt<ONNXRoundingChoice> onnxRounding(
    "onnx-rounding", cl::desc("Rounding in the exported ONNX model"),
    cl::init(ONNXRoundingChoice::Standard),
    cl::values(clEnumValN(ONNXRoundingChoice::Standard, "standard",
                          "plain Q/DQ (ONNX Runtime rounds ties to even)"),
               clEnumValN(ONNXRoundingChoice::Exact, "exact",
                          "bit-exact with nndct's fake quantization")),
    cl::sub(sub));
static cl::opt<int64_t> onnxOpset("onnx-opset",
                                  cl::desc("ONNX opset of the export (13-17)"),
                                  cl::init(13), cl::sub(sub));
static cl::opt<std::string>
    quantInfoPath("quant-info",
                  cl::desc("Test mode: quant_info.json to apply "
                           "(default: <-o>/quant_info.json)"),
                  cl::sub(sub));
static cl::opt<std::string> outDir("o", cl::desc("Output directory"),
                                   cl::init("quantize_result"),
                                   cl::value_desc("DIR"), cl::sub(sub));

namespace {

int error(const llvm::Twine &msg) { return commandError(kTool, msg); }

/// The model's base name: `fmnist_cnn` for fmnist_cnn.onnx and for the
/// bundle fmnist_cnn.nndct.mlir.
std::string modelName() {
  llvm::StringRef stem = llvm::sys::path::stem(modelPath);
  stem.consume_back(".nndct");
  return stem.str();
}

/// Runs `pm` on `module`; MLIR diagnostics say what went wrong.
bool runPasses(PassManager &pm, ModuleOp module) {
  return succeeded(pm.run(module));
}

/// Test mode: biases that bias correction changed live in the calib run's
/// bundle; copy them onto the freshly imported model. Bias fixes are matched
/// by name (bias correction keeps the parameter's name); biases the bundle
/// lacks are left for applyQuantInfo to report. Returns the number copied,
/// or -1 on error.
int copyCorrectedBiases(ModuleOp module, llvm::StringRef bundlePath) {
  // A separate context: the bundle's blob names must not take the names the
  // copies need in the model's context.
  DialectRegistry registry;
  registerDialects(registry);
  MLIRContext bundleContext(registry);
  bundleContext.loadAllAvailableDialects();
  OwningOpRef<ModuleOp> bundle =
      loadModel(bundlePath, {}, bundleContext, kTool);
  if (!bundle)
    return -1;
  func::FuncOp bundleFunc = getEntryFunction(*bundle);
  func::FuncOp func = getEntryFunction(module);
  if (!bundleFunc || !func)
    return -1;
  auto biases = [](func::FuncOp f) {
    std::vector<std::pair<std::string, FixOp>> out;
    for (QuantEntry &e : collectQuantEntries(f))
      if (e.section == QuantSection::Param && e.slots.size() == 1 &&
          e.slots[0] && e.slots[0].getKind() == FixKind::bias)
        out.push_back({e.name, e.slots[0]});
    return out;
  };
  llvm::StringMap<FixOp> corrected;
  for (auto &[bundleName, bundleFix] : biases(bundleFunc))
    corrected[bundleName] = bundleFix;
  int copied = 0;
  for (auto &[name, fix] : biases(func)) {
    const std::string &bundleName = name;
    auto it = corrected.find(bundleName);
    // Not in the bundle: applyQuantInfo reports the name mismatch with the
    // full list of differences.
    if (it == corrected.end())
      continue;
    FixOp bundleFix = it->second;
    ElementsAttr value = getConstantValue(bundleFix.getInput());
    std::optional<std::vector<float>> values =
        value ? readFloats(value) : std::nullopt;
    auto type = dyn_cast<RankedTensorType>(fix.getInput().getType());
    if (!values || !type || int64_t(values->size()) != type.getNumElements()) {
      llvm::errs() << kTool << ": error: " << bundlePath << ": bias '"
                   << bundleName << "' does not match the model\n";
      return -1;
    }
    OpBuilder builder(fix);
    Value bias = replaceFloatData(builder, fix.getInput(), *values, bundleName + ".bundle");
    if (bias != fix.getInput()) {
      Operation *old = fix.getInput().getDefiningOp();
      fix.getInputMutable().assign(bias);
      if (old && old->use_empty())
        old->erase();
    }
    ++copied;
  }
  return copied;
}

/// Writes the module (with locations and resource blobs, so it re-parses).
llvm::Error writeBundle(ModuleOp module, llvm::StringRef path) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return llvm::createStringError(ec,
                                   path + ": cannot write: " + ec.message());
  OpPrintingFlags flags;
  flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  module->print(os, flags);
  os.close();
  if (os.has_error())
    return llvm::createStringError(os.error(), path + ": write failed");
  return llvm::Error::success();
}

} // namespace

int mlir::nndct::quantizeCommand() {
  registerTensorFormats();
  const TargetModel *targetModel = TargetModel::lookup(target);
  if (!targetModel) {
    std::string names;
    for (const TargetModel *t : TargetModel::all())
      names += (names.empty() ? "" : ", ") + t->name.str();
    return error("--target '" + target + "': unknown target (known: " + names +
                 ")");
  }

  // Options: the config file first, explicit flags override it.
  PTQOptions options;
  options.bitWidth = targetModel->bitWidth;
  int64_t opset = onnxOpset;
  if (!configPath.empty()) {
    llvm::Expected<QuantConfig> config =
        readQuantConfig(configPath, targetModel->bitWidth);
    if (!config)
      return error(llvm::toString(config.takeError()));
    for (const std::string &w : config->warnings)
      llvm::errs() << kTool << ": warning: " << configPath << ": " << w << "\n";
    if (config->method)
      options.method = *config->method;
    if (config->paramMethod)
      options.paramMethod = *config->paramMethod;
    if (config->percentile)
      options.percentile = *config->percentile;
    if (config->biasCorrection)
      options.biasCorrection = *config->biasCorrection;
    if (config->onnxOpset)
      opset = *config->onnxOpset;
  }
  if (method.getNumOccurrences())
    options.method = method;
  if (!llvm::is_contained({"diffs", "maxmin", "percentile", "mse", "entropy"},
                          options.method))
    return error("--method '" + options.method +
                 "': expected diffs, maxmin, percentile, mse or entropy");
  if (percentile.getNumOccurrences())
    options.percentile = percentile;
  if (noBiasCorrection)
    options.biasCorrection = false;
  if (onnxOpset.getNumOccurrences())
    opset = onnxOpset;
  if (opset < 13 || opset > 17)
    return error("--onnx-opset " + llvm::Twine(opset) + ": expected 13 to 17");
  options.batch = batch;
  options.threads = threads;
  options.quantBegin.assign(quantBegin.begin(), quantBegin.end());
  options.quantEnd.assign(quantEnd.begin(), quantEnd.end());
  if (std::string problem = checkPTQOptions(options); !problem.empty())
    return error(problem);

  // Test mode reads its quant_info.json before anything is written.
  std::string quantInfoFile = quantInfoPath;
  if (quantInfoFile.empty()) {
    llvm::SmallString<256> p(outDir);
    llvm::sys::path::append(p, "quant_info.json");
    quantInfoFile = std::string(p);
  }
  std::unique_ptr<llvm::MemoryBuffer> quantInfoText;
  if (mode == Mode::Test) {
    auto buffer = llvm::MemoryBuffer::getFile(quantInfoFile);
    if (!buffer)
      return error(quantInfoFile +
                   ": cannot read (run --mode calib first, or pass "
                   "--quant-info): " +
                   buffer.getError().message());
    quantInfoText = std::move(*buffer);
  } else if (calibData.empty()) {
    return error("--calib-data is required in calib mode");
  }

  DialectRegistry registry;
  registerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  OwningOpRef<ModuleOp> module = loadModel(
      modelPath,
      std::vector<std::string>(inputShapes.begin(), inputShapes.end()), context,
      kTool);
  if (!module)
    return 1;
  func::FuncOp func = getEntryFunction(*module);
  if (!func)
    return error(modelPath + ": no function to quantize");
  (*module)->setAttr(kTargetAttrName, TargetAttr::get(&context, target));

  llvm::Expected<std::unique_ptr<OutputStage>> stage =
      OutputStage::create(outDir);
  if (!stage)
    return error(llvm::toString(stage.takeError()));
  std::string name = modelName();
  std::vector<std::unique_ptr<llvm::FileRemover>> tempData;

  if (mode == Mode::Calib) {
    llvm::Expected<std::vector<std::unique_ptr<DataSet>>> data = openDataSets(
        func, std::vector<std::string>(calibData.begin(), calibData.end()),
        "--calib-data");
    if (!data)
      return error(llvm::toString(data.takeError()));
    // The calibration pass streams .npy files: other sources are converted
    // (one sample at a time) into temp files removed on exit.
    for (auto &set : *data) {
      if (set->isPlainNpy()) {
        options.data.push_back(set->getPath());
        continue;
      }
      llvm::SmallString<256> tmp;
      if (std::error_code ec =
              llvm::sys::fs::createTemporaryFile("nndct-calib", "npy", tmp))
        return error("cannot create a temporary file: " + ec.message());
      tempData.push_back(std::make_unique<llvm::FileRemover>(tmp));
      Progress progress("reading calibration data", set->size());
      if (llvm::Error e =
              set->writeNpy(tmp, [&](int64_t n) { progress.update(n); }))
        return error(llvm::toString(std::move(e)));
      options.data.push_back(std::string(tmp));
    }
    PassManager pm(&context);
    populatePTQPipeline(pm, options);
    if (!runPasses(pm, *module))
      return error(modelPath +
                   ": quantization failed (see the diagnostics above)");
  } else {
    // The same fixes calib mode created, without calibration.
    PassManager pm(&context);
    populatePTQPreparePipeline(pm, options);
    if (!runPasses(pm, *module))
      return error(modelPath +
                   ": preparing the model failed (see the diagnostics above)");
    llvm::Expected<llvm::json::Value> json =
        llvm::json::parse(quantInfoText->getBuffer());
    bool biasCorrected = false;
    if (json) {
      if (auto *obj = json->getAsObject())
        biasCorrected = obj->getBoolean("bias_corrected").value_or(false);
    } else {
      llvm::consumeError(json.takeError()); // applyQuantInfo reports it
    }
    if (json && biasCorrected) {
      llvm::SmallString<256> bundle =
          llvm::sys::path::parent_path(quantInfoFile);
      llvm::sys::path::append(bundle, name + ".nndct.mlir");
      if (llvm::sys::fs::exists(bundle)) {
        if (copyCorrectedBiases(*module, bundle) < 0)
          return 1;
        (*module)->setAttr(kBiasCorrectedAttr, UnitAttr::get(&context));
      } else {
        llvm::errs() << kTool << ": warning: " << quantInfoFile
                     << " says bias_corrected but " << bundle
                     << " is missing: biases stay uncorrected\n";
      }
    }
    if (failed(
            applyQuantInfo(*module, quantInfoText->getBuffer(), quantInfoFile)))
      return error(quantInfoFile + ": does not apply to " + modelPath);
    if (!labelsPath.empty()) {
      std::vector<std::string> specs(evalData.begin(), evalData.end());
      if (specs.empty())
        specs.assign(calibData.begin(), calibData.end());
      if (specs.empty())
        return error("--labels needs --data (or --calib-data)");
      llvm::Expected<std::vector<std::unique_ptr<DataSet>>> data =
          openDataSets(func, specs, "--data");
      if (!data)
        return error(llvm::toString(data.takeError()));
      llvm::Expected<std::vector<int64_t>> labels = readLabels(labelsPath);
      if (!labels)
        return error(llvm::toString(labels.takeError()));
      if (int64_t(labels->size()) != (*data)[0]->size())
        return error("--labels " + labelsPath + ": " +
                     llvm::Twine(labels->size()) + " labels for " +
                     llvm::Twine((*data)[0]->size()) + " samples");
      llvm::Expected<double> fl = evaluateTop1(
          func, ExecutionMode::Float, *data, *labels, threads, "float");
      if (!fl)
        return error(llvm::toString(fl.takeError()));
      llvm::Expected<double> q = evaluateTop1(
          func, ExecutionMode::FakeQuant, *data, *labels, threads, "quantized");
      if (!q)
        return error(llvm::toString(q.takeError()));
      llvm::outs() << fmt::format(
          FMT_STRING("top-1 float {:.2f}%  quantized {:.2f}%  ({} samples)\n"),
          100 * *fl, 100 * *q, labels->size());
    }
  }

  // Outputs.
  QuantInfoOptions infoOptions;
  infoOptions.graphName = name;
  if (mode == Mode::Calib) {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (failed(writeQuantInfo(*module, os, infoOptions)))
      return error("cannot write quant_info.json");
    if (llvm::Error e = writeFile((*stage)->path("quant_info.json"), text))
      return error(llvm::toString(std::move(e)));
  }
  if (llvm::Error e =
          writeBundle(*module, (*stage)->path(name + ".nndct.mlir")))
    return error(llvm::toString(std::move(e)));
  {
    std::string text;
    llvm::raw_string_ostream os(text);
    writeQuantReport(*module, os, name, target,
                     mode == Mode::Calib ? options.method : "");
    if (llvm::Error e =
            writeFile((*stage)->path(name + "_quant_report.txt"), text))
      return error(llvm::toString(std::move(e)));
  }
#ifdef NNDCT_HAVE_ONNX_EXPORT
  {
    ONNXExportOptions onnxOptions;
    onnxOptions.opset = opset;
    onnxOptions.rounding = onnxRounding == ONNXRoundingChoice::Exact
                               ? ONNXRounding::Exact
                               : ONNXRounding::Standard;
    onnxOptions.graphName = name;
    std::string path = (*stage)->path(name + "_int.onnx");
    if (failed(exportQDQONNX(*module, llvm::StringRef(path), onnxOptions)))
      return error(name +
                   "_int.onnx: ONNX export failed (see the diagnostics above)");
  }
#endif
#ifdef NNDCT_HAVE_XMODEL
  {
    XModelExportOptions xmodelOptions;
    xmodelOptions.modelName = name;
    if (failed(exportXModel(*module, (*stage)->path(name + "_int.xmodel"),
                            xmodelOptions)))
      return error(
          name +
          "_int.xmodel: xmodel export failed (see the diagnostics above)");
  }
#endif
  if (llvm::Error e = (*stage)->commit())
    return error(llvm::toString(std::move(e)));
  llvm::outs() << fmt::format(FMT_STRING("{} {} → {}/\n"),
                              mode == Mode::Calib ? "calibrated" : "tested",
                              modelPath.getValue(), outDir.getValue());
  return 0;
}

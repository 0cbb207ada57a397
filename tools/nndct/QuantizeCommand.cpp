//===- QuantizeCommand.cpp - `nndct quantize`: calib and test modes -------===//
//
// vai_q_pytorch's torch_quantizer workflow as one command: the options and
// data of the command line, then the workflow of QuantizeFlow.h (shared
// with the Python package).
//
//   calib: import → populatePTQPipeline (attach-target first; calibration on
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
#include "tools/nndct/QuantizeFlow.h"

#include "backends/interpreter/TensorIO.h"
#include "ir/InputShapes.h"
#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "passes/CalibrationData.h"
#include "passes/FloatOpSearch.h"
#include "passes/Pipelines.h"
#include "tools/Registration.h"

#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <cmath>

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
static cl::opt<CalibrationMethod>
    method("method", cl::desc("Activation calibration method"),
           cl::init(PTQOptions().method), choiceValues<CalibrationMethod>(),
           cl::sub(sub));
static cl::opt<FixPointObjective>
    objective("objective",
              cl::desc("What activation fix points are chosen for"),
              cl::init(PTQOptions().objective),
              choiceValues<FixPointObjective>(), cl::sub(sub));
static cl::opt<FixPointStrategy> fixPointStrategy(
    "fix-point-strategy",
    cl::desc("How fix points are made to satisfy the target's shift rules"),
    cl::init(PTQOptions().fixPointStrategy), choiceValues<FixPointStrategy>(),
    cl::sub(sub));
static cl::opt<bool> fastFinetune(
    "fast-finetune",
    cl::desc("Fit each layer's weights and biases to its float twin after "
             "calibration (replaces bias correction)"),
    cl::init(PTQOptions().fastFinetune), cl::sub(sub));
static cl::list<std::string>
    finetuneData("finetune-data",
                 cl::desc("[NAME=]PATH fast finetune data (default: "
                          "--calib-data)"),
                 cl::value_desc("[NAME=]PATH"), cl::sub(sub));
static cl::opt<FinetuneMethod>
    finetuneMethod("finetune-method", cl::desc("How fast finetune fits"),
                   cl::init(PTQOptions().finetuneMethod),
                   choiceValues<FinetuneMethod>(), cl::sub(sub));
static cl::opt<std::string>
    configPath("config", cl::desc("vai_q_pytorch quant_config_file JSON"),
               cl::sub(sub));
static cl::list<std::string>
    inputShapes("input-shape", cl::desc("[NAME=]1x3x224x224 input shape"),
                cl::sub(sub));
static cl::list<std::string>
    bindValues("bind",
               cl::desc("NAME=FILE: import ONNX graph input NAME as the "
                        "constant in FILE (.npy/.pb), e.g. a shape input"),
               cl::value_desc("NAME=FILE"), cl::sub(sub));
static cl::list<std::string>
    quantBegin("quant-begin", cl::desc("Tensors where quantization begins"),
               cl::CommaSeparated, cl::sub(sub));
static cl::list<std::string> quantEnd("quant-end",
                                      cl::desc("Last quantized tensors"),
                                      cl::CommaSeparated, cl::sub(sub));
static cl::list<std::string> keepFloat(
    "keep-float",
    cl::desc("Ops that stay float inside their region (names, as the quant "
             "report and nndct analyze print them)"),
    cl::CommaSeparated, cl::sub(sub));
static cl::opt<int64_t> maxFloatOps(
    "max-float-ops",
    cl::desc("Accuracy-aware: keep up to N of the ops that damage the output "
             "most float, measured on the calibration data"),
    cl::init(0), cl::value_desc("N"), cl::sub(sub));
static cl::opt<double> keepFloatSqnr(
    "keep-float-sqnr",
    cl::desc("Accuracy-aware: stop keeping ops float once the output SQNR "
             "reaches DB (alone: at most 8 ops)"),
    cl::value_desc("DB"), cl::sub(sub));
static cl::opt<std::string> target("target", cl::desc("Hardware target"),
                                   cl::init("AMD_AIE2_Nx4_Overlay_cfg0"),
                                   cl::sub(sub));
static cl::opt<int64_t>
    batch("batch", cl::desc("Samples per calibration batch (0: the model's)"),
          cl::init(PTQOptions().batch), cl::sub(sub));
static cl::opt<int> threads("threads", cl::desc("Worker threads"),
                            cl::init(PTQOptions().threads), cl::sub(sub));
static cl::opt<bool> noBiasCorrection("no-bias-correction",
                                      cl::desc("Skip vai's bias correction"),
                                      cl::init(false), cl::sub(sub));
static cl::opt<bool> noFoldAffine(
    "no-fold-affine",
    cl::desc("Keep constant scales and shifts next to layers as ops "
             "(nndct-fold-affine folds them into the weights)"),
    cl::init(false), cl::sub(sub));
static cl::opt<bool>
    cle("cle",
        cl::desc("Cross-layer equalization before calibration (vai's "
                 "include_cle; test mode needs it too)"),
        cl::init(PTQOptions().equalize), cl::sub(sub));
static cl::opt<bool> convertSigmoid(
    "convert-sigmoid",
    cl::desc("Run sigmoid as the target's hard sigmoid (NPU instead of CPU; "
             "changes the numerics)"),
    cl::init(PTQOptions().convertSigmoid), cl::sub(sub));
static cl::opt<bool> convertSilu(
    "convert-silu",
    cl::desc("Run SiLU as hard swish (vai's convert_silu_to_hswish; changes "
             "the numerics)"),
    cl::init(PTQOptions().convertSilu), cl::sub(sub));
static cl::opt<double>
    percentile("percentile",
               cl::desc("Percentile of |x| for --method=percentile"),
               cl::init(PTQOptions().percentile), cl::sub(sub));
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

/// The --calib-data sets as the calibration passes' source: a pass reads
/// the samples of one run at a time, decoded (images) or sliced (tensor
/// files) on demand; nothing is converted or written first.
class DataSetSource : public CalibrationSource {
public:
  explicit DataSetSource(std::vector<std::unique_ptr<DataSet>> sets)
      : sets(std::move(sets)) {}

  LogicalResult check(func::FuncOp func) override {
    if (sets.size() != func.getNumArguments())
      return func.emitError()
             << "calibration data: @" << func.getSymName() << " takes "
             << func.getNumArguments() << " inputs but " << sets.size()
             << " data sets were given";
    for (auto [i, set] : llvm::enumerate(sets)) {
      llvm::ArrayRef<int64_t> arg =
          cast<RankedTensorType>(func.getArgument(i).getType()).getShape();
      if (arg.empty() || arg.drop_front() != set->getSampleShape())
        return func.emitError()
               << "calibration data: " << describe(i)
               << " holds samples of shape "
               << shapeString(set->getSampleShape()) << " but input #" << i
               << " of @" << func.getSymName() << " is " << shapeString(arg);
      if (set->size() % arg[0] != 0)
        return func.emitError()
               << "calibration data: " << describe(i) << " has " << set->size()
               << " samples but input #" << i << " of @" << func.getSymName()
               << " is " << shapeString(arg) << "; expected a multiple of "
               << arg[0] << " samples";
    }
    return success();
  }

  int64_t numSamples() const override {
    return sets.empty() ? 0 : sets.front()->size();
  }

  std::string describe(unsigned index) const override {
    return "'" + sets[index]->getPath() + "'";
  }

  FailureOr<std::vector<Tensor>> read(func::FuncOp func, int64_t first,
                                      int64_t count) override {
    llvm::Expected<std::vector<Tensor>> inputs =
        readSamples(sets, first, count);
    if (!inputs)
      return func.emitError()
             << "calibration data: " << llvm::toString(inputs.takeError());
    return std::move(*inputs);
  }

  ProgressSink *progress() override { return &line; }

private:
  std::vector<std::unique_ptr<DataSet>> sets;
  ProgressLine line;
};

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
  // The pipeline's first pass (nndct-attach-target) puts it on the module.
  options.target = target;
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
    if (config->convertSilu)
      options.convertSilu = *config->convertSilu;
    if (config->equalize)
      options.equalize = *config->equalize;
  }
  if (method.getNumOccurrences())
    options.method = method;
  options.fixPointStrategy = fixPointStrategy;
  options.objective = objective;
  if (percentile.getNumOccurrences())
    options.percentile = percentile;
  if (noBiasCorrection)
    options.biasCorrection = false;
  if (noFoldAffine)
    options.foldAffine = false;
  if (cle.getNumOccurrences())
    options.equalize = cle;
  options.fastFinetune = fastFinetune;
  options.finetuneMethod = finetuneMethod;
  if (!fastFinetune &&
      (finetuneData.getNumOccurrences() || finetuneMethod.getNumOccurrences()))
    return error("--finetune-data and --finetune-method need --fast-finetune");
  if (convertSigmoid.getNumOccurrences())
    options.convertSigmoid = convertSigmoid;
  if (convertSilu.getNumOccurrences())
    options.convertSilu = convertSilu;
  if (onnxOpset.getNumOccurrences())
    opset = onnxOpset;
  if (opset < 13 || opset > 17)
    return error("--onnx-opset " + llvm::Twine(opset) + ": expected 13 to 17");
  options.batch = batch;
  options.threads = threads;
  options.quantBegin.assign(quantBegin.begin(), quantBegin.end());
  options.quantEnd.assign(quantEnd.begin(), quantEnd.end());
  options.keepFloat.assign(keepFloat.begin(), keepFloat.end());
  options.maxFloatOps = maxFloatOps;
  if (keepFloatSqnr.getNumOccurrences()) {
    options.keepFloatSqnr = keepFloatSqnr;
    if (!maxFloatOps.getNumOccurrences())
      options.maxFloatOps = 8;
  }
  if (mode == Mode::Test &&
      (keepFloat.getNumOccurrences() || maxFloatOps.getNumOccurrences() ||
       keepFloatSqnr.getNumOccurrences()))
    return error("--keep-float, --max-float-ops and --keep-float-sqnr are for "
                 "calib mode: test mode keeps float the ops quant_info.json "
                 "lists");
  if (std::string problem = checkPTQOptions(options); !problem.empty())
    return error(problem);

  // Test mode needs its quant_info.json; say so before any work.
  std::string quantInfoFile = quantInfoPath;
  if (quantInfoFile.empty()) {
    llvm::SmallString<256> p(outDir);
    llvm::sys::path::append(p, "quant_info.json");
    quantInfoFile = std::string(p);
  }
  if (mode == Mode::Test) {
    if (std::error_code ec = llvm::sys::fs::access(
            quantInfoFile, llvm::sys::fs::AccessMode::Exist))
      return error(quantInfoFile +
                   ": cannot read (run --mode calib first, or pass "
                   "--quant-info): " +
                   ec.message());
  } else if (calibData.empty()) {
    return error("--calib-data is required in calib mode");
  }

  DialectRegistry registry;
  registerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  showWarnings(context);
  InputBindings bindings;
  bindings.bind.assign(bindValues.begin(), bindValues.end());
  OwningOpRef<ModuleOp> module = loadModel(
      modelPath,
      std::vector<std::string>(inputShapes.begin(), inputShapes.end()), context,
      kTool, &bindings);
  if (!module)
    return 1;
  func::FuncOp func = getEntryFunction(*module);
  if (!func)
    return error(modelPath + ": no function to quantize");

  llvm::Expected<std::unique_ptr<OutputStage>> stage =
      OutputStage::create(outDir);
  if (!stage)
    return error(llvm::toString(stage.takeError()));
  std::string name = modelName();

  // What the accuracy-aware float ops traded (calib mode, when searched).
  FloatOpSearchResult search;
  bool searched = mode == Mode::Calib && options.maxFloatOps > 0;
  if (mode == Mode::Calib) {
    llvm::Expected<std::vector<std::unique_ptr<DataSet>>> data = openDataSets(
        func, std::vector<std::string>(calibData.begin(), calibData.end()),
        "--calib-data");
    if (!data)
      return error(llvm::toString(data.takeError()));
    // The passes read the samples straight from the data sets.
    options.source = std::make_shared<DataSetSource>(std::move(*data));
    if (!finetuneData.empty()) {
      llvm::Expected<std::vector<std::unique_ptr<DataSet>>> ft = openDataSets(
          func,
          std::vector<std::string>(finetuneData.begin(), finetuneData.end()),
          "--finetune-data");
      if (!ft)
        return error(llvm::toString(ft.takeError()));
      options.finetuneSource = std::make_shared<DataSetSource>(std::move(*ft));
    }
    if (failed(runPTQPipeline(*module, options, &search)))
      return error(modelPath +
                   ": quantization failed (see the diagnostics above)");
    if (searched)
      llvm::outs() << fmt::format(
          FMT_STRING("kept float for accuracy: {} of {} ops; output SQNR "
                     "{:.2f} -> {:.2f} dB (searched), {:.2f} dB rebuilt "
                     "({} samples)\n"),
          search.numOps(), search.candidates, search.sqnrBefore,
          search.sqnrAfter, search.sqnrRebuilt, search.samples);
  } else {
    llvm::SmallString<256> bundle = llvm::sys::path::parent_path(quantInfoFile);
    llvm::sys::path::append(bundle, name + ".nndct.mlir");
    if (llvm::Error e = applyQuantInfoFile(*module, options, quantInfoFile,
                                           bundle, modelPath))
      return error(llvm::toString(std::move(e)));
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

  QuantizeOutputOptions outputs;
  outputs.name = name;
  outputs.target = target;
  outputs.method = mode == Mode::Calib ? stringifyChoice(options.method) : "";
  outputs.writeQuantInfo = mode == Mode::Calib;
  outputs.search = searched ? &search : nullptr;
  outputs.onnxOpset = opset;
  outputs.onnxExactRounding = onnxRounding == ONNXRoundingChoice::Exact;
  if (auto written = writeQuantizeOutputs(*module, **stage, outputs); !written)
    return error(llvm::toString(written.takeError()));
  if (llvm::Error e = (*stage)->commit())
    return error(llvm::toString(std::move(e)));
  llvm::outs() << fmt::format(FMT_STRING("{} {} → {}/\n"),
                              mode == Mode::Calib ? "calibrated" : "tested",
                              modelPath.getValue(), outDir.getValue());
  return 0;
}

//===- Pipelines.cpp - the PTQ pipeline and its textual registration ------===//
//
// Calibration onwards, each step with the reason it is there, and the
// `nndct-ptq-pipeline` registration (a PassPipelineOptions mirror of
// PTQOptions whose defaults are PTQOptions' own).
//
//===----------------------------------------------------------------------===//

#include "passes/Pipelines.h"

#include "ir/EntryFunction.h"
#include "passes/Calibration.h"
#include "passes/CalibrationData.h"
#include "passes/FloatOpSearch.h"
#include "passes/OptionChecks.h"
#include "passes/Passes.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::nndct;

void mlir::nndct::populatePTQPipeline(OpPassManager &pm, const PTQOptions &o) {
  // The structure: where fixes go. Test mode stops here and reads fix points
  // from quant_info.json instead of data.
  populatePTQPreparePipeline(pm, o);
  if (o.compileTo < CompilePhase::Calibrated)
    return;
  // Statistics of every activation/input fix from data (the only step that
  // reads data; the results stay in the IR).
  CalibratePassOptions calibrate;
  calibrate.data.assign(o.data.begin(), o.data.end());
  calibrate.method = o.method;
  calibrate.batch = o.batch;
  calibrate.statistics = o.statistics;
  calibrate.threads = o.threads;
  calibrate.entry = o.entry;
  pm.addPass(createCalibratePass(calibrate, o.source));
  // Fix points from statistics (activations) and constant data (weights,
  // biases) with vai_q_pytorch's rules.
  AssignFixPointsPassOptions assign;
  assign.paramMethod = o.paramMethod;
  assign.percentile = o.percentile;
  pm.addNestedPass<func::FuncOp>(createAssignFixPointsPass(assign));
  // The accuracy-aware objective: where the method clips, the network
  // output's error decides how much.
  if (o.objective == FixPointObjective::Output) {
    RefineFixPointsPassOptions refine;
    refine.data.assign(o.data.begin(), o.data.end());
    refine.threads = o.threads;
    refine.entry = o.entry;
    pm.addPass(createRefineFixPointsPass(refine, o.source));
  }
  if (o.compileTo < CompilePhase::Legal)
    return;
  // The target's shift rules between fix points, solved jointly (bias
  // correction then measures the errors of fix points the device runs).
  LegalizeFixPointsPassOptions legalize;
  legalize.strategy = o.fixPointStrategy;
  // The exact solver weighs each candidate fix point by the noise it adds
  // to the network output, measured on a few samples for the fixes it
  // looks at.
  auto addLegalize = [&] {
    if (o.fixPointStrategy == FixPointStrategy::Exact) {
      MeasureOutputNoisePassOptions noise;
      noise.data.assign(o.data.begin(), o.data.end());
      noise.threads = o.threads;
      noise.entry = o.entry;
      noise.maxMove = legalize.maxMove;
      pm.addPass(createMeasureOutputNoisePass(noise, o.source));
    }
    pm.addNestedPass<func::FuncOp>(createLegalizeFixPointsPass(legalize));
  };
  addLegalize();
  if (o.compileTo < CompilePhase::Corrected)
    return;
  // Fast finetune fits every layer's weights and biases to its float twin
  // at the legal fix points; it moves the biases itself, so bias
  // correction (which would move them first) does not run.
  if (o.fastFinetune) {
    FastFinetunePassOptions finetune;
    bool ownData = !o.finetuneData.empty() || o.finetuneSource;
    const std::vector<std::string> &files = ownData ? o.finetuneData : o.data;
    finetune.data.assign(files.begin(), files.end());
    finetune.method = o.finetuneMethod;
    finetune.threads = o.threads;
    finetune.entry = o.entry;
    pm.addPass(createFastFinetunePass(finetune,
                                      ownData ? o.finetuneSource : o.source));
  } else if (o.biasCorrection) {
    // vai's default accuracy fix: biases absorb the mean error
    // quantization introduces in each conv/linear (needs the fix points
    // just assigned).
    BiasCorrectionPassOptions bias;
    bias.data.assign(o.data.begin(), o.data.end());
    bias.threads = o.threads;
    bias.entry = o.entry;
    bias.method = o.biasCorrectionMethod;
    bias.rate = o.biasCorrectionRate;
    bias.batch = o.batch;
    pm.addPass(createBiasCorrectionPass(bias, o.source));
    // Bias correction re-derives the bias fix points from the new biases.
    addLegalize();
  }
  // Nothing since placement may leave an op where the target cannot run
  // it: checked, not assumed, before anything is exported.
  pm.addNestedPass<func::FuncOp>(createVerifyTargetPass());
}

LogicalResult mlir::nndct::runPTQPipeline(ModuleOp module,
                                          const PTQOptions &options,
                                          FloatOpSearchResult *search) {
  auto run = [&](ModuleOp m, const PTQOptions &o) {
    PassManager pm(m.getContext());
    populatePTQPipeline(pm, o);
    return pm.run(m);
  };
  if (options.maxFloatOps <= 0 || options.compileTo < CompilePhase::Legal)
    return run(module, options);

  // The search measures the graph at legal fix points, on a copy in a
  // context of its own: passes rewrite parameter blobs in place (a
  // parameter keeps its name), and a context's modules share its blobs.
  // Its registry: the caller's, and the dialects nndct IR is made of (a
  // host may have loaded them without registering them).
  MLIRContext *context = module.getContext();
  DialectRegistry registry;
  context->getDialectRegistry().appendTo(registry);
  registry.insert<NNDCTDialect, func::FuncDialect>();
  MLIRContext probeContext(registry, context->isMultithreadingEnabled()
                                         ? MLIRContext::Threading::ENABLED
                                         : MLIRContext::Threading::DISABLED);
  probeContext.loadAllAvailableDialects();
  // Its diagnostics are the caller's.
  ScopedDiagnosticHandler forward(&probeContext, [&](Diagnostic &diag) {
    context->getDiagEngine().emit(std::move(diag));
    return success();
  });
  std::string bytes;
  {
    llvm::raw_string_ostream os(bytes);
    if (failed(writeBytecodeToFile(module, os)))
      return module.emitError("keep-float search: cannot copy the module");
  }
  OwningOpRef<ModuleOp> probe =
      parseSourceString<ModuleOp>(bytes, ParserConfig(&probeContext));
  if (!probe)
    return failure();
  PTQOptions legal = options;
  legal.compileTo = CompilePhase::Legal;
  if (failed(run(*probe, legal)))
    return failure();
  constexpr llvm::StringLiteral kSearch = "keep-float search";
  FailureOr<DataPassInputs> in = openDataPass(
      *probe, kSearch, "", options.source, options.data, options.entry);
  if (failed(in))
    return failure();
  FailureOr<std::unique_ptr<CalibrationData>> data =
      CalibrationData::open(in->func, in->samples);
  if (failed(data))
    return failure();
  FloatOpSearchOptions so;
  so.targetSqnr = options.keepFloatSqnr;
  so.maxOps = options.maxFloatOps;
  so.samples = options.keepFloatSamples;
  so.threads = options.threads;
  FailureOr<FloatOpSearchResult> found = searchFloatOps(in->func, **data, so);
  if (failed(found))
    return failure();

  // The whole pipeline again, the chosen ops float from the start.
  PTQOptions rebuilt = options;
  if (rebuilt.keepFloatReasons.empty())
    rebuilt.keepFloatReasons.assign(rebuilt.keepFloat.size(),
                                    "kept float (asked for)");
  for (const FloatOpChoice &c : found->chosen)
    for (const std::string &name : c.names) {
      rebuilt.keepFloat.push_back(name);
      rebuilt.keepFloatReasons.push_back(c.reason());
    }
  if (failed(run(module, rebuilt)))
    return failure();
  FailureOr<func::FuncOp> func =
      lookupEntryFunction(module, options.entry, kSearch);
  if (failed(func))
    return failure();
  FailureOr<std::unique_ptr<CalibrationData>> again =
      CalibrationData::open(*func, in->samples);
  if (failed(again))
    return failure();
  // On the samples the search judged its choices on.
  FailureOr<double> sqnr = measureOutputSqnr(*func, **again, found->samples,
                                             options.threads, found->first);
  if (failed(sqnr))
    return failure();
  found->sqnrRebuilt = *sqnr;
  if (search)
    *search = std::move(*found);
  return success();
}

namespace {
/// The textual form of PTQOptions; every default is PTQOptions' own.
struct PTQPipelineOptions : public PassPipelineOptions<PTQPipelineOptions> {
  const PTQOptions defaults;
  ListOption<std::string> data{*this, "data",
                               llvm::cl::desc("Calibration .npy files")};
  Option<CalibrationMethod> method{
      *this, "method", llvm::cl::desc("Activation calibration method"),
      llvm::cl::init(defaults.method), choiceValues<CalibrationMethod>()};
  Option<int64_t> batch{*this, "batch",
                        llvm::cl::desc("Samples per calibration batch"),
                        llvm::cl::init(defaults.batch)};
  Option<CalibrationStatistics> statistics{
      *this, "statistics",
      llvm::cl::desc("How calibration batches are combined"),
      llvm::cl::init(defaults.statistics),
      choiceValues<CalibrationStatistics>()};
  Option<int> threads{*this, "threads", llvm::cl::desc("Interpreter threads"),
                      llvm::cl::init(defaults.threads)};
  Option<int64_t> bitWidth{*this, "bit-width",
                           llvm::cl::desc("Bits of every fix"),
                           llvm::cl::init(defaults.bitWidth)};
  Option<ParamMethod> paramMethod{
      *this, "param-method", llvm::cl::desc("Weight and bias fix points"),
      llvm::cl::init(defaults.paramMethod), choiceValues<ParamMethod>()};
  Option<FixPointObjective> objective{
      *this, "objective",
      llvm::cl::desc("What activation fix points are chosen for"),
      llvm::cl::init(defaults.objective), choiceValues<FixPointObjective>()};
  Option<FixPointStrategy> fixPointStrategy{
      *this, "fix-point-strategy",
      llvm::cl::desc("How fix points are made legal for the target"),
      llvm::cl::init(defaults.fixPointStrategy),
      choiceValues<FixPointStrategy>()};
  Option<double> percentile{*this, "percentile",
                            llvm::cl::desc("Percentile of |x|"),
                            llvm::cl::init(defaults.percentile)};
  Option<bool> biasCorrection{*this, "bias-correction",
                              llvm::cl::desc("Apply bias correction"),
                              llvm::cl::init(defaults.biasCorrection)};
  Option<BiasCorrectionMethod> biasCorrectionMethod{
      *this, "bias-correction-method", llvm::cl::desc("How the biases move"),
      llvm::cl::init(defaults.biasCorrectionMethod),
      choiceValues<BiasCorrectionMethod>()};
  Option<double> biasCorrectionRate{
      *this, "bias-correction-rate",
      llvm::cl::desc("vai: correction rate per step"),
      llvm::cl::init(defaults.biasCorrectionRate)};
  Option<bool> foldAffine{
      *this, "fold-affine",
      llvm::cl::desc("Fold constant scales and shifts into layers"),
      llvm::cl::init(defaults.foldAffine)};
  Option<bool> equalize{
      *this, "equalize",
      llvm::cl::desc("Cross-layer equalization before calibration"),
      llvm::cl::init(defaults.equalize)};
  Option<bool> fastFinetune{
      *this, "fast-finetune",
      llvm::cl::desc("Fit each layer to its float twin (replaces bias "
                     "correction)"),
      llvm::cl::init(defaults.fastFinetune)};
  Option<FinetuneMethod> finetuneMethod{
      *this, "finetune-method", llvm::cl::desc("How fast finetune fits"),
      llvm::cl::init(defaults.finetuneMethod), choiceValues<FinetuneMethod>()};
  ListOption<std::string> finetuneData{
      *this, "finetune-data",
      llvm::cl::desc("Finetune .npy files (default: data)")};
  Option<bool> emulateNPU{
      *this, "emulate-npu",
      llvm::cl::desc("Emulate the NPU's numerics in fake-quant"),
      llvm::cl::init(defaults.emulateNPU)};
  Option<bool> convertSigmoid{
      *this, "convert-sigmoid",
      llvm::cl::desc("Run sigmoid as the target's hard sigmoid"),
      llvm::cl::init(defaults.convertSigmoid)};
  Option<bool> convertSilu{*this, "convert-silu",
                           llvm::cl::desc("Run SiLU as hard swish"),
                           llvm::cl::init(defaults.convertSilu)};
  ListOption<std::string> keepFloat{
      *this, "keep-float",
      llvm::cl::desc("Ops that stay float inside their region (names)")};
  Option<int64_t> maxFloatOps{
      *this, "max-float-ops",
      llvm::cl::desc("Accuracy-aware: keep up to N of the most damaging ops "
                     "float (runPTQPipeline only)"),
      llvm::cl::init(defaults.maxFloatOps)};
  Option<double> keepFloatSqnr{
      *this, "keep-float-sqnr",
      llvm::cl::desc("Accuracy-aware: until the output SQNR reaches this "
                     "(dB)"),
      llvm::cl::init(defaults.keepFloatSqnr)};
  ListOption<std::string> quantBegin{
      *this, "quant-begin",
      llvm::cl::desc("Tensors where quantization begins")};
  ListOption<std::string> quantEnd{*this, "quant-end",
                                   llvm::cl::desc("Last quantized tensors")};
  Option<std::string> entry{*this, "entry",
                            llvm::cl::desc("Function to quantize"),
                            llvm::cl::init(defaults.entry)};
  Option<CompilePhase> compileTo{
      *this, "compile-to", llvm::cl::desc("The last phase to run"),
      llvm::cl::init(defaults.compileTo), choiceValues<CompilePhase>()};
  Option<std::string> target{
      *this, "target",
      llvm::cl::desc("Hardware target (nndct-attach-target's name)"),
      llvm::cl::init(defaults.target)};

  PTQOptions toOptions() const {
    PTQOptions o;
    o.data.assign(data.begin(), data.end());
    o.method = method;
    o.batch = batch;
    o.statistics = statistics;
    o.threads = threads;
    o.bitWidth = bitWidth;
    o.paramMethod = paramMethod;
    o.fixPointStrategy = fixPointStrategy;
    o.objective = objective;
    o.percentile = percentile;
    o.biasCorrection = biasCorrection;
    o.biasCorrectionMethod = biasCorrectionMethod;
    o.biasCorrectionRate = biasCorrectionRate;
    o.foldAffine = foldAffine;
    o.equalize = equalize;
    o.fastFinetune = fastFinetune;
    o.finetuneMethod = finetuneMethod;
    o.finetuneData.assign(finetuneData.begin(), finetuneData.end());
    o.emulateNPU = emulateNPU;
    o.convertSigmoid = convertSigmoid;
    o.convertSilu = convertSilu;
    o.keepFloat.assign(keepFloat.begin(), keepFloat.end());
    o.maxFloatOps = maxFloatOps;
    o.keepFloatSqnr = keepFloatSqnr;
    o.quantBegin.assign(quantBegin.begin(), quantBegin.end());
    o.quantEnd.assign(quantEnd.begin(), quantEnd.end());
    o.entry = entry;
    o.compileTo = compileTo;
    o.target = target;
    return o;
  }
};
} // namespace

FailureOr<PTQOptions> mlir::nndct::parsePTQOptions(
    StringRef text, function_ref<LogicalResult(const Twine &)> errorHandler) {
  PTQPipelineOptions cli;
  std::string problem;
  llvm::raw_string_ostream os(problem);
  if (failed(cli.parseFromString(text, os))) {
    // llvm::cl reports some problems (a bad enum value) on stderr itself:
    // name the option that fails alone.
    StringRef said = StringRef(problem).trim();
    std::string culprit = text.str();
    SmallVector<StringRef> words;
    text.split(words, ' ', -1, /*KeepEmpty=*/false);
    for (StringRef word : words) {
      std::string ignored;
      llvm::raw_string_ostream quiet(ignored);
      if (failed(PTQPipelineOptions().parseFromString(word, quiet))) {
        culprit = word.str();
        break;
      }
    }
    (void)errorHandler("nndct-ptq-pipeline: cannot parse the option" +
                       Twine(culprit == text ? "s" : "") + " '" + culprit +
                       "'" + (said.empty() ? "" : ": ") + said);
    return failure();
  }
  PTQOptions o = cli.toOptions();
  if (failed(options::reportAtParse(checkPTQOptions(o), "nndct-ptq-pipeline",
                                    errorHandler)))
    return failure();
  return o;
}

void mlir::nndct::registerPTQPipeline() {
  // registerPassPipeline rather than PassPipelineRegistration: the option
  // ranges are checked when the pipeline string is parsed, before any pass
  // (calibration takes minutes) runs.
  registerPassPipeline(
      "nndct-ptq-pipeline",
      "Post-training pof2 quantization: attach-target, fold-batchnorm, "
      "canonicalize, fold-affine, legalize-target, emulate-npu-numerics, "
      "verify-canonical, partition, keep-float, insert-fix, place-ops, "
      "calibrate, "
      "assign-fix-points, bias-correction, verify-target",
      [](OpPassManager &pm, StringRef text,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        FailureOr<PTQOptions> o = parsePTQOptions(text, errorHandler);
        if (failed(o))
          return failure();
        // The search runs the pipeline twice: not a pass pipeline.
        if (o->maxFloatOps > 0)
          return errorHandler("nndct-ptq-pipeline: max-float-ops needs "
                              "runPTQPipeline (nndct quantize "
                              "--max-float-ops, or nndctQuantize in C)");
        populatePTQPipeline(pm, *o);
        return success();
      },
      [](function_ref<void(const mlir::detail::PassOptions &)> optHandler) {
        optHandler(PTQPipelineOptions());
      });
}

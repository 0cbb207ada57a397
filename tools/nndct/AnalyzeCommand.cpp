//===- AnalyzeCommand.cpp - `nndct analyze`: each fix's effect on the output
//===//
//
// Sensitivity analysis of a quantized model: for every fix, the network
// output's SQNR against the float model with only that fix applied, and
// how much the output's SQNR would gain if that fix alone stayed float,
// ranked worst first. The output is compared at the logits of a final
// softmax or sigmoid (FixProbes.h). Two interpreter runs per fix and
// sample: meant for a few samples (--limit).
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/Commands.h"

#include "tools/nndct/CommandSupport.h"
#include "tools/nndct/ModelLoader.h"

#include "backends/quantinfo/QuantNames.h"
#include "passes/FixProbes.h"
#include "passes/OptionChecks.h"
#include "tools/Registration.h"

#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

using namespace mlir;
using namespace mlir::nndct;
namespace cl = llvm::cl;

static constexpr llvm::StringLiteral kTool = "nndct analyze";

static cl::SubCommand &sub = getAnalyzeSubCommand();
static cl::opt<int64_t> limit("limit",
                              cl::desc("Use only the first N samples (0: all)"),
                              cl::init(8), cl::sub(sub));
static cl::opt<int64_t> top("top",
                            cl::desc("Print only the N most damaging (0: all)"),
                            cl::init(0), cl::sub(sub));

namespace {

int error(const llvm::Twine &msg) { return commandError(kTool, msg); }

struct Row {
  std::string name;
  double alone, gain;
};

} // namespace

int mlir::nndct::analyzeCommand() {
  registerTensorFormats();
  QuantizedModelArgs args = quantizedModelArgs();
  const std::string &modelPath = args.model;
  int threads = args.threads;
  if (std::string problem = options::checkThreads(threads); !problem.empty())
    return error(problem);
  if (limit < 0 || top < 0)
    return error("--limit and --top take a count (0: all)");
  DialectRegistry registry;
  registerDialects(registry);
  MLIRContext context(registry), bundleContext(registry);
  showWarnings(context);
  showWarnings(bundleContext);
  std::optional<QuantizedModel> loaded =
      loadQuantizedModel(args, context, bundleContext, kTool);
  if (!loaded)
    return 1;
  func::FuncOp func = loaded->quantFunc;
  std::vector<Tap> taps = outputTaps(func);
  if (taps.empty())
    return error(modelPath + ": no computed output to compare");

  llvm::Expected<std::vector<std::unique_ptr<DataSet>>> sets =
      openDataSets(func, args.data, "--data");
  if (!sets)
    return error(llvm::toString(sets.takeError()));
  int64_t batch = cast<ShapedType>(func.getArgument(0).getType()).getDimSize(0);
  int64_t n = (*sets)[0]->size();
  if (limit > 0)
    n = std::min<int64_t>(n, limit);
  std::vector<std::vector<Tensor>> inputs;
  for (int64_t first = 0; first + batch <= n; first += batch) {
    llvm::Expected<std::vector<Tensor>> run = readSamples(*sets, first, batch);
    if (!run)
      return error(llvm::toString(run.takeError()));
    inputs.push_back(std::move(*run));
  }
  if (inputs.empty())
    return error("--data: fewer samples than the model's batch of " +
                 llvm::Twine(batch));

  InterpreterOptions fo, qo;
  fo.threads = qo.threads = threads;
  qo.mode = ExecutionMode::FakeQuant;
  auto floatRun = Interpreter::create(func, fo);
  auto quantRun = Interpreter::create(func, qo);
  if (failed(floatRun) || failed(quantRun))
    return error("cannot execute " + modelPath);
  std::vector<std::vector<std::vector<float>>> reference;
  double energy = 0;
  for (const std::vector<Tensor> &in : inputs) {
    TapObserver tapped(taps, nullptr);
    if (failed((*floatRun)->run(in, &tapped)))
      return 1;
    energy += tapEnergy(tapped.values);
    reference.push_back(std::move(tapped.values));
  }
  FailureOr<double> all =
      runsTapNoise(**quantRun, taps, inputs, reference, nullptr);
  if (failed(all))
    return 1;
  double baseline = sqnrDb(energy, *all);

  std::vector<Row> rows;
  std::vector<QuantEntry> entries = collectQuantEntries(func);
  int64_t numFixes = 0;
  for (QuantEntry &e : entries)
    for (FixOp fix : e.slots)
      numFixes += fix && fix.getFixPoint();
  Progress progress("analyzing fixes", numFixes);
  for (QuantEntry &e : entries)
    for (size_t s = 0; s < e.slots.size(); ++s) {
      FixOp fix = e.slots[s];
      if (!fix || !fix.getFixPoint())
        continue;
      SetFix alone(fix, *fix.getFixPoint()), keptFloat(fix, std::nullopt);
      FailureOr<double> aloneNoise =
          runsTapNoise(**floatRun, taps, inputs, reference, &alone);
      FailureOr<double> floatNoise =
          runsTapNoise(**quantRun, taps, inputs, reference, &keptFloat);
      if (failed(aloneNoise) || failed(floatNoise))
        return 1;
      rows.push_back(
          {e.slotName(s) + " (" + stringifyFixKind(fix.getKind()).str() + ")",
           sqnrDb(energy, *aloneNoise),
           sqnrDb(energy, *floatNoise) - baseline});
      progress.update(int64_t(rows.size()));
    }
  progress.finish();
  // Most damaging first; ties keep program order.
  llvm::stable_sort(
      rows, [](const Row &a, const Row &b) { return a.alone < b.alone; });
  llvm::outs() << fmt::format(
      FMT_STRING("network output SQNR with every fix: {:.2f} dB ({} samples)\n"
                 "  {:>8}  {:>13}  {}\n"),
      baseline, inputs.size() * size_t(batch), "alone", "gain if float",
      "tensor (most damaging first)");
  size_t shown =
      top > 0 ? std::min<size_t>(size_t(top), rows.size()) : rows.size();
  for (size_t i = 0; i < shown; ++i)
    llvm::outs() << fmt::format(FMT_STRING("  {:>8.2f}  {:>+13.2f}  {}\n"),
                                rows[i].alone, rows[i].gain, rows[i].name);
  return 0;
}

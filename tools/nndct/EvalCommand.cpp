//===- EvalCommand.cpp - `nndct eval`: float vs quantized on data ---------===//
//
// Top-1 of the float model and of its quantized form (the interpreter's
// fake quantization of the calib run's <Model>.nndct.mlir bundle) side by
// side, or with --per-layer the SQNR of every fixed tensor in program
// order: alone (the float tensor quantized at its fix point) and
// accumulated (the fake-quant run against the float run at that tensor).
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/Commands.h"

#include "tools/nndct/CommandSupport.h"
#include "tools/nndct/ModelLoader.h"

#include "backends/quantinfo/QuantNames.h"
#include "ir/NNDCTOps.h"
#include "passes/OptionChecks.h"
#include "tools/Registration.h"

#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

using namespace mlir;
using namespace mlir::nndct;
namespace cl = llvm::cl;

static constexpr llvm::StringLiteral kTool = "nndct eval";

static cl::SubCommand &sub = getEvalSubCommand();
static cl::opt<std::string>
    labelsPath("labels", cl::desc("Class labels (.npy or text)"), cl::sub(sub));
static cl::opt<bool>
    perLayer("per-layer",
             cl::desc("Print the SQNR of every fixed tensor in program order, "
                      "alone and accumulated"),
             cl::init(false), cl::sub(sub));
static cl::opt<int64_t> limit("limit",
                              cl::desc("Use only the first N samples (0: all)"),
                              cl::init(0), cl::sub(sub));

namespace {

int error(const llvm::Twine &msg) { return commandError(kTool, msg); }

/// Per fix, over the data: the float tensor's energy, the noise of the
/// fake-quant run at that tensor (every fix applied before it), and the
/// noise of this fix alone (the float tensor quantized at its fix point).
struct SQNRCollector : TensorObserver {
  llvm::DenseMap<Operation *, unsigned> index;
  std::vector<FixOp> fixes;
  std::vector<std::vector<float>> floats; // this sample's float tensors
  std::vector<double> signal, accumulated, alone;
  std::vector<float> quantized; // scratch: a float tensor quantized alone
  bool quantPass = false;

  explicit SQNRCollector(std::vector<FixOp> all)
      : fixes(std::move(all)), floats(fixes.size()), signal(fixes.size()),
        accumulated(fixes.size()), alone(fixes.size()) {
    for (auto [i, fix] : llvm::enumerate(fixes))
      index[fix] = unsigned(i);
  }

  bool observes(Operation *op) override { return index.contains(op); }

  void observe(Operation *op, unsigned, const Tensor &t) override {
    auto it = index.find(op);
    if (it == index.end())
      return;
    unsigned i = it->second;
    if (!quantPass) {
      // A float run passes the fix's input through.
      floats[i] = t.data;
      quantized.resize(t.data.size());
      FixOp fix = fixes[i];
      fixArray(t.data.data(), quantized.data(), int64_t(quantized.size()),
               *fix.getFixPoint(), fix.getRounding(), fix.getRange());
      for (size_t k = 0; k < quantized.size(); ++k) {
        signal[i] += double(t.data[k]) * t.data[k];
        double d = double(t.data[k]) - quantized[k];
        alone[i] += d * d;
      }
      return;
    }
    const std::vector<float> &f = floats[i];
    for (size_t k = 0; k < f.size() && k < t.data.size(); ++k) {
      double d = double(f[k]) - t.data[k];
      accumulated[i] += d * d;
    }
  }
};

int perLayerReport(func::FuncOp func,
                   std::vector<std::unique_ptr<DataSet>> &sets, int64_t n,
                   int threads) {
  // Program order, a weight or bias just before the op that reads it
  // (constants are defined at the top of the function).
  llvm::DenseMap<Operation *, int64_t> position;
  func.walk<WalkOrder::PreOrder>(
      [&](Operation *op) { position[op] = int64_t(position.size()); });
  // Positions spaced out, so the weight then the bias land between their
  // reader and whatever comes just before it, wherever their fix ops are.
  auto placeOf = [&](FixOp fix) {
    int64_t at = 3 * position.lookup(fix);
    int64_t before = fix.getKind() == FixKind::weight ? 2
                     : fix.getKind() == FixKind::bias ? 1
                                                      : 0;
    if (before)
      for (Operation *user : fix->getUsers())
        at = std::max(at, 3 * position.lookup(user) - before);
    return at;
  };
  struct Row {
    int64_t place;
    FixOp fix;
    std::string name;
  };
  std::vector<Row> rows;
  for (QuantEntry &e : collectQuantEntries(func))
    for (size_t s = 0; s < e.slots.size(); ++s)
      if (FixOp fix = e.slots[s]; fix && fix.getFixPoint())
        rows.push_back({placeOf(fix), fix,
                        e.slotName(s) + " (" +
                            stringifyFixKind(fix.getKind()).str() + ")"});
  llvm::stable_sort(
      rows, [](const Row &a, const Row &b) { return a.place < b.place; });
  std::vector<std::string> names;
  std::vector<FixOp> fixes;
  for (Row &r : rows) {
    fixes.push_back(r.fix);
    names.push_back(std::move(r.name));
  }
  SQNRCollector collector(fixes);
  InterpreterOptions fo, qo;
  fo.threads = qo.threads = threads;
  qo.mode = ExecutionMode::FakeQuant;
  auto floatRun = Interpreter::create(func, fo);
  auto quantRun = Interpreter::create(func, qo);
  if (failed(floatRun) || failed(quantRun))
    return error("cannot execute the quantized model");
  int64_t batch = cast<ShapedType>(func.getArgument(0).getType()).getDimSize(0);
  Progress progress("per-layer SQNR", n);
  for (int64_t first = 0; first + batch <= n; first += batch) {
    llvm::Expected<std::vector<Tensor>> inputs =
        readSamples(sets, first, batch);
    if (!inputs)
      return error(llvm::toString(inputs.takeError()));
    collector.quantPass = false;
    if (failed((*floatRun)->run(*inputs, &collector)))
      return 1;
    collector.quantPass = true;
    if (failed((*quantRun)->run(*inputs, &collector)))
      return 1;
    progress.update(first + batch);
  }
  progress.finish();
  llvm::outs() << "SQNR (dB) of every fixed tensor in program order: alone "
                  "(only this tensor quantized), accumulated (every fix "
                  "applied up to here)\n"
               << fmt::format(FMT_STRING("  {:>8}  {:>11}  {}\n"), "alone",
                              "accumulated", "tensor");
  size_t worstAlone = 0, worstAccumulated = 0;
  std::vector<double> aloneDb(names.size()), accumulatedDb(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    aloneDb[i] = sqnrDb(collector.signal[i], collector.alone[i]);
    accumulatedDb[i] = sqnrDb(collector.signal[i], collector.accumulated[i]);
    if (aloneDb[i] < aloneDb[worstAlone])
      worstAlone = i;
    if (accumulatedDb[i] < accumulatedDb[worstAccumulated])
      worstAccumulated = i;
    llvm::outs() << fmt::format(FMT_STRING("  {:>8.2f}  {:>11.2f}  {}\n"),
                                aloneDb[i], accumulatedDb[i], names[i]);
  }
  if (!names.empty())
    llvm::outs() << fmt::format(
        FMT_STRING("worst alone: {} ({:.2f} dB); worst accumulated: {} "
                   "({:.2f} dB)\n"),
        names[worstAlone], aloneDb[worstAlone], names[worstAccumulated],
        accumulatedDb[worstAccumulated]);
  return 0;
}

} // namespace

int mlir::nndct::evalCommand() {
  registerTensorFormats();
  QuantizedModelArgs args = quantizedModelArgs();
  int threads = args.threads;
  if (std::string problem = options::checkThreads(threads); !problem.empty())
    return error(problem);
  if (labelsPath.empty() && !perLayer)
    return error("nothing to do: give --labels (top-1) and/or --per-layer");

  DialectRegistry registry;
  registerDialects(registry);
  MLIRContext context(registry), bundleContext(registry);
  showWarnings(context);
  showWarnings(bundleContext);
  std::optional<QuantizedModel> loaded =
      loadQuantizedModel(args, context, bundleContext, kTool);
  if (!loaded)
    return 1;
  func::FuncOp floatFunc = loaded->floatFunc, quantFunc = loaded->quantFunc;

  llvm::Expected<std::vector<std::unique_ptr<DataSet>>> sets =
      openDataSets(quantFunc, args.data, "--data");
  if (!sets)
    return error(llvm::toString(sets.takeError()));
  int64_t n = (*sets)[0]->size();
  if (limit > 0)
    n = std::min<int64_t>(n, limit);

  if (!labelsPath.empty()) {
    llvm::Expected<std::vector<int64_t>> labels = readLabels(labelsPath);
    if (!labels)
      return error(llvm::toString(labels.takeError()));
    if (int64_t(labels->size()) != (*sets)[0]->size())
      return error("--labels " + labelsPath + ": " +
                   llvm::Twine(labels->size()) + " labels for " +
                   llvm::Twine((*sets)[0]->size()) + " samples");
    labels->resize(size_t(n));
    llvm::Expected<std::vector<std::unique_ptr<DataSet>>> fsets =
        openDataSets(floatFunc, args.data, "--data");
    if (!fsets)
      return error(llvm::toString(fsets.takeError()));
    llvm::Expected<double> fl = evaluateTop1(floatFunc, ExecutionMode::Float,
                                             *fsets, *labels, threads, "float");
    if (!fl)
      return error(llvm::toString(fl.takeError()));
    llvm::Expected<double> q =
        evaluateTop1(quantFunc, ExecutionMode::FakeQuant, *sets, *labels,
                     threads, "quantized");
    if (!q)
      return error(llvm::toString(q.takeError()));
    llvm::outs() << fmt::format(FMT_STRING("{:<10} {:>8}\n"), "model", "top-1")
                 << fmt::format(FMT_STRING("{:<10} {:>7.2f}%\n"), "float",
                                100 * *fl)
                 << fmt::format(FMT_STRING("{:<10} {:>7.2f}%\n"), "int8",
                                100 * *q)
                 << fmt::format(FMT_STRING("({} samples, {:+.2f} points)\n"), n,
                                100 * (*q - *fl));
  }
  if (perLayer)
    return perLayerReport(quantFunc, *sets, n, threads);
  return 0;
}

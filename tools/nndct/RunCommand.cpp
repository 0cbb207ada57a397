//===- RunCommand.cpp - `nndct run`: execute a model on tensors -----------===//
//
// Loads a model (.mlir, .onnx or .pt, see ModelLoader.h), reads
// input tensors (.npy, or .pb when a reader is registered), runs the
// interpreter and writes every result as output_<k>.npy and output_<k>.pb
// into the output directory through an OutputStage, so a failure leaves
// nothing.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/CommandSupport.h"
#include "tools/nndct/Commands.h"
#include "tools/nndct/ModelLoader.h"
#include "tools/nndct/OutputStage.h"

#include "backends/interpreter/IntegerKernels.h"
#include "backends/interpreter/Interpreter.h"
#include "backends/interpreter/OpKernels.h"
#include "backends/interpreter/TensorIO.h"
#include "ir/EntryFunction.h"
#include "ir/InputShapes.h"
#include "passes/OptionChecks.h"
#include "tools/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <chrono>
#include <map>

using namespace mlir;
using namespace mlir::nndct;
namespace cl = llvm::cl;

cl::SubCommand mlir::nndct::runSubCommand("run",
                                          "Execute a model on input tensors");

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir|model.onnx>"),
                                      cl::sub(runSubCommand));
static cl::list<std::string>
    inputs("input", cl::desc("[NAME=]FILE input tensor (.npy/.pb)"),
           cl::value_desc("[NAME=]FILE"), cl::sub(runSubCommand));
static cl::list<std::string>
    bindValues("bind",
               cl::desc("NAME=FILE: import ONNX graph input NAME as the "
                        "constant in FILE (.npy/.pb); inputs a node needs as "
                        "constants are bound from their --input file anyway"),
               cl::value_desc("NAME=FILE"), cl::sub(runSubCommand));
static cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("[NAME=]1x3x224x224: fix dynamic input dims (ONNX) or "
                         "check them (.mlir)"),
                cl::sub(runSubCommand));
static cl::opt<std::string> outDir("o", cl::desc("Output directory"),
                                   cl::value_desc("OUTDIR"), cl::Required,
                                   cl::sub(runSubCommand));
static cl::opt<std::string> functionName(
    "function",
    cl::desc("Function to run (default: the only one with a body, or main)"),
    cl::init(""), cl::sub(runSubCommand));
static cl::opt<ExecutionMode> mode(
    "mode", cl::desc("Execution mode"), cl::init(ExecutionMode::Float),
    cl::values(clEnumValN(ExecutionMode::Float, "float", "ignore nndct.fix"),
               clEnumValN(ExecutionMode::FakeQuant, "fake-quant",
                          "apply every fix that has a fix point"),
               clEnumValN(ExecutionMode::Integer, "integer",
                          "bit-exact NPU integer arithmetic (results "
                          "dequantized)")),
    cl::sub(runSubCommand));
static cl::opt<int> threads("threads", cl::desc("Worker threads"), cl::init(1),
                            cl::sub(runSubCommand));
static cl::opt<bool>
    referenceKernels("reference-kernels",
                     cl::desc("Use the plain reference kernels only"),
                     cl::init(false), cl::sub(runSubCommand));
static cl::opt<bool>
    stats("stats",
          cl::desc("Print run times (first run, steady state), time per "
                   "kernel kind and the peak of live activation memory to "
                   "stderr"),
          cl::init(false), cl::sub(runSubCommand));
static cl::opt<int>
    repeat("repeat", cl::desc("Run N times (benchmarking); writes the last"),
           cl::init(1), cl::sub(runSubCommand), cl::Hidden);

namespace {

int error(const llvm::Twine &msg) {
  llvm::errs() << "nndct run: error: " << msg << "\n";
  return 1;
}

/// The first run (it makes one-time weight reorders), the steady state
/// (the other runs) and where the time goes, by kernel kind.
void printRunStats(const Interpreter &interpreter, int runs, double firstMs,
                   double restMs) {
  llvm::raw_ostream &os = llvm::errs();
  os << fmt::format(FMT_STRING("nndct run: {} run(s), first {:.2f} ms"), runs,
                    firstMs);
  if (runs > 1)
    os << fmt::format(FMT_STRING(", steady state {:.2f} ms per run"),
                      restMs / (runs - 1));
  os << fmt::format(FMT_STRING(", {:.2f} ms per run, peak activation memory "
                               "{:.2f} MiB\n"),
                    (firstMs + restMs) / runs,
                    interpreter.peakActivationBytes() / 1048576.0);
  std::vector<std::pair<std::string, KernelTime>> kinds(
      interpreter.profile().begin(), interpreter.profile().end());
  llvm::stable_sort(kinds, [](const auto &a, const auto &b) {
    return a.second.seconds > b.second.seconds;
  });
  double total = 0;
  for (const auto &k : kinds)
    total += k.second.seconds;
  int profiled = runs > 1 ? runs - 1 : 1; // the first run is left out
  os << fmt::format(FMT_STRING("  {:<40} {:>8} {:>12} {:>7}\n"), "kernel",
                    "calls", "ms per run", "share");
  for (const auto &[kind, t] : kinds)
    if (t.calls > 0) // forwarded or computed once: no kernel ran
      os << fmt::format(FMT_STRING("  {:<40} {:>8} {:>12.3f} {:>6.1f}%\n"),
                        kind, t.calls / profiled, 1000.0 * t.seconds / profiled,
                        total > 0 ? 100.0 * t.seconds / total : 0.0);
}

/// The name a function argument answers to: its `nndct.name`, else argK.
std::string argName(func::FuncOp func, unsigned i) {
  if (auto name = func.getArgAttrOfType<StringAttr>(i, kNameAttr))
    return name.str();
  return "arg" + std::to_string(i);
}

/// Parses "[NAME=]VALUE".
std::pair<std::string, std::string> splitNamed(StringRef text) {
  size_t eq = text.find('=');
  if (eq == StringRef::npos || text.take_front(eq).contains('/'))
    return {"", text.str()};
  return {text.take_front(eq).str(), text.drop_front(eq + 1).str()};
}

/// Matches the --input files to `names`: named ones by name, the rest in
/// order. Returns "" or the error.
std::string matchInputFiles(ArrayRef<std::string> names,
                            std::vector<std::string> &files) {
  files.assign(names.size(), "");
  std::vector<std::string> positional;
  for (const std::string &spec : inputs) {
    auto [name, file] = splitNamed(spec);
    if (name.empty()) {
      positional.push_back(file);
      continue;
    }
    auto it = llvm::find(names, name);
    if (it == names.end()) {
      std::string list;
      for (size_t i = 0; i < names.size(); ++i)
        list += (i ? ", " : "") + names[i];
      return "--input '" + spec + "': the model has no input '" + name +
             "' (inputs: " + list + ")";
    }
    size_t index = it - names.begin();
    if (!files[index].empty())
      return "--input '" + spec + "': input '" + name + "' given twice";
    files[index] = file;
  }
  size_t next = 0;
  for (size_t i = 0; i < names.size() && next < positional.size(); ++i)
    if (files[i].empty())
      files[i] = positional[next++];
  if (next < positional.size())
    return "too many --input files: the model has " +
           std::to_string(names.size()) + " input(s)";
  for (size_t i = 0; i < names.size(); ++i)
    if (files[i].empty())
      return "missing --input for input #" + std::to_string(i) + " '" +
             names[i] + "'";
  return "";
}

/// Loads the model. An ONNX model's --input files are matched to its graph
/// inputs (into `onnxFiles`) before import, so that the inputs a node needs
/// as constants are bound to their files; each binding is noted on stderr.
OwningOpRef<ModuleOp>
loadRunModel(MLIRContext &context,
             std::map<std::string, std::string> &onnxFiles) {
  // .mlir shapes are checked below against the function --function picks.
  bool isMLIR = llvm::sys::path::extension(modelPath) == ".mlir";
  std::vector<std::string> shapes;
  if (!isMLIR)
    shapes.assign(inputShapes.begin(), inputShapes.end());
  InputBindings bindings;
  bindings.bind.assign(bindValues.begin(), bindValues.end());
  if (llvm::sys::path::extension(modelPath).lower() == ".onnx")
    bindings.inputFiles = [&](ArrayRef<std::string> names,
                              std::map<std::string, std::string> &files) {
      std::vector<std::string> matched;
      if (std::string err = matchInputFiles(names, matched); !err.empty())
        return err;
      for (size_t i = 0; i < names.size(); ++i)
        files[names[i]] = matched[i];
      onnxFiles = files;
      return std::string();
    };
  OwningOpRef<ModuleOp> module =
      nndct::loadModel(modelPath, shapes, context, "nndct run", &bindings);
  if (module)
    for (const auto &[input, neededBy] : bindings.bound)
      llvm::errs() << "nndct run: bound input '" << input
                   << "' as a constant from its --input file: " << neededBy
                   << " needs it at import\n";
  return module;
}

} // namespace

int mlir::nndct::runCommand() {
  registerTensorFormats();
  if (std::string problem = options::checkThreads(threads); !problem.empty())
    return error(problem);

  DialectRegistry registry;
  registerDialects(registry);
  MLIRContext context(registry);
  showWarnings(context);
  context.loadAllAvailableDialects();
  std::map<std::string, std::string> onnxFiles;
  OwningOpRef<ModuleOp> module = loadRunModel(context, onnxFiles);
  if (!module)
    return 1;
  std::string whyNot;
  func::FuncOp func = findEntryFunction(*module, functionName, &whyNot);
  if (!func)
    return error(modelPath + ": " + whyNot);
  unsigned numArgs = func.getNumArguments();

  // Expected shapes (for .mlir, --input-shape is a check).
  if (llvm::sys::path::extension(modelPath) == ".mlir") {
    for (const std::string &s : inputShapes) {
      auto [name, dims] = splitNamed(s);
      SmallVector<int64_t> shape;
      for (StringRef d : llvm::split(StringRef(dims), 'x')) {
        int64_t v;
        if (d.getAsInteger(10, v))
          return error("--input-shape '" + s + "': expected [NAME=]D0xD1x...");
        shape.push_back(v);
      }
      int index = -1;
      for (unsigned i = 0; i < numArgs; ++i)
        if ((name.empty() && numArgs == 1) || argName(func, i) == name)
          index = i;
      if (index < 0)
        return error("--input-shape '" + s + "': no input named '" + name +
                     "'");
      auto type = cast<ShapedType>(func.getArgument(index).getType());
      if (type.getShape() != ArrayRef<int64_t>(shape))
        return error("--input-shape '" + s + "': input '" +
                     argName(func, index) + "' has shape " +
                     shapeString(type.getShape()));
    }
  }

  // Match --input files to arguments: named ones by name, the rest in order
  // (an ONNX model's were matched to its graph inputs at import).
  std::vector<std::string> files(numArgs);
  std::vector<std::string> names;
  for (unsigned i = 0; i < numArgs; ++i)
    names.push_back(argName(func, i));
  if (llvm::sys::path::extension(modelPath).lower() == ".onnx") {
    for (unsigned i = 0; i < numArgs; ++i) {
      auto it = onnxFiles.find(names[i]);
      if (it == onnxFiles.end())
        return error("missing --input for input '" + names[i] + "'");
      files[i] = it->second;
    }
  } else if (std::string err = matchInputFiles(names, files); !err.empty()) {
    return error(err);
  }

  std::vector<Tensor> tensors;
  for (unsigned i = 0; i < numArgs; ++i) {
    llvm::Expected<Tensor> t = readTensorFile(files[i]);
    if (!t)
      return error(llvm::toString(t.takeError()));
    auto type = cast<ShapedType>(func.getArgument(i).getType());
    if (ArrayRef<int64_t>(t->shape) != type.getShape())
      return error(files[i] + ": shape " + shapeString(t->shape) +
                   " does not match input '" + argName(func, i) + "' (" +
                   shapeString(type.getShape()) + ")");
    // The model's element type decides how the values compute (a file of
    // int64 indices may feed an int32 input).
    t->kind = elementKindOf(type.getElementType());
    tensors.push_back(std::move(*t));
  }

  InterpreterOptions options;
  options.mode = mode;
  options.threads = threads;
  options.useOneDNN = !referenceKernels;
  options.profile = stats;
  auto interpreter = Interpreter::create(func, options);
  if (failed(interpreter))
    return 1;
  FailureOr<std::vector<Tensor>> results;
  int runs = std::max(1, int(repeat));
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now(), firstEnd = start;
  for (int r = 0; r < runs; ++r) {
    results = (*interpreter)->run(tensors);
    if (failed(results))
      return 1;
    if (r == 0) {
      firstEnd = Clock::now();
      // The kernel table shows the steady state when there is one.
      if (runs > 1)
        (*interpreter)->clearProfile();
    }
  }
  if (stats)
    printRunStats(
        **interpreter, runs,
        std::chrono::duration<double, std::milli>(firstEnd - start).count(),
        std::chrono::duration<double, std::milli>(Clock::now() - firstEnd)
            .count());

  // Integer mode returns codes; users compare values.
  if (mode == ExecutionMode::Integer)
    dequantizeIntegerResults(func, *results);

  llvm::Expected<std::unique_ptr<OutputStage>> stage =
      OutputStage::create(outDir);
  if (!stage)
    return error(llvm::toString(stage.takeError()));
  for (size_t k = 0; k < results->size(); ++k) {
    const Tensor &t = (*results)[k];
    std::string name = "output_" + std::to_string(k);
    if (auto attr = func.getResultAttrOfType<StringAttr>(k, kNameAttr))
      name = attr.str();
    std::string file = "output_" + std::to_string(k);
    if (llvm::Error e = writeFile((*stage)->path(file + ".npy"), encodeNpy(t)))
      return error(llvm::toString(std::move(e)));
    if (llvm::Error e =
            writeFile((*stage)->path(file + ".pb"), encodeTensorProto(t, name)))
      return error(llvm::toString(std::move(e)));
  }
  if (llvm::Error e = (*stage)->commit())
    return error(llvm::toString(std::move(e)));
  return 0;
}

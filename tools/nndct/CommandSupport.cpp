//===- CommandSupport.cpp - shared pieces of nndct quantize/eval ----------===//
//
// The subcommand objects are function-local statics so options in any
// translation unit can name them safely during static initialization.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/CommandSupport.h"

#include "tools/nndct/Commands.h"
#include "tools/nndct/ModelLoader.h"

#include "ir/NNDCTOps.h"
#include "tools/Registration.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
namespace cl = llvm::cl;

cl::SubCommand &mlir::nndct::getQuantizeSubCommand() {
  static cl::SubCommand sub(
      "quantize", "Quantize a model: calib mode writes quantize_result/, "
                  "test mode applies it, evaluates and exports");
  return sub;
}

cl::SubCommand &mlir::nndct::getAnalyzeSubCommand() {
  static cl::SubCommand sub("analyze",
                            "Rank the fixes of a quantized model by what each "
                            "does to the network output");
  return sub;
}

cl::SubCommand &mlir::nndct::getEvalSubCommand() {
  static cl::SubCommand sub("eval",
                            "Top-1 of the float and the quantized model, or "
                            "per-layer SQNR of every fixed tensor");
  return sub;
}

static cl::OptionCategory dataCategory("Data options (quantize, eval)");

static cl::opt<std::string>
    resizeOpt("resize",
              cl::desc("Images: resize the shorter side to S, or to HxW"),
              cl::value_desc("S|HxW"), cl::cat(dataCategory),
              cl::sub(getQuantizeSubCommand()), cl::sub(getEvalSubCommand()),
              cl::sub(getAnalyzeSubCommand()));
static cl::opt<std::string>
    centerCropOpt("center-crop", cl::desc("Images: center crop to S or HxW"),
                  cl::value_desc("S|HxW"), cl::cat(dataCategory),
                  cl::sub(getQuantizeSubCommand()),
                  cl::sub(getEvalSubCommand()),
                  cl::sub(getAnalyzeSubCommand()));
static cl::opt<std::string>
    meanOpt("mean", cl::desc("Images: per-channel mean (after --scale)"),
            cl::value_desc("M[,M,M]"), cl::init("0"), cl::cat(dataCategory),
            cl::sub(getQuantizeSubCommand()), cl::sub(getEvalSubCommand()),
            cl::sub(getAnalyzeSubCommand()));
static cl::opt<std::string>
    stdOpt("std", cl::desc("Images: per-channel std (after --scale)"),
           cl::value_desc("S[,S,S]"), cl::init("1"), cl::cat(dataCategory),
           cl::sub(getQuantizeSubCommand()), cl::sub(getEvalSubCommand()),
           cl::sub(getAnalyzeSubCommand()));
static cl::opt<float> scaleOpt(
    "scale", cl::desc("Images: divide pixels by this first (default 255)"),
    cl::init(255.0f), cl::cat(dataCategory), cl::sub(getQuantizeSubCommand()),
    cl::sub(getEvalSubCommand()), cl::sub(getAnalyzeSubCommand()));
enum class ChannelOrder { RGB, BGR };
// The subcommands come before cl::values: an unnamed enum option registers
// its values (--rgb, --bgr) as it reads them, in the subcommands named so
// far (none: the top level, where `nndct quantize --help` does not list them).
static cl::opt<ChannelOrder> channelOrder(
    cl::desc("Images: channel order"), cl::init(ChannelOrder::RGB),
    cl::cat(dataCategory), cl::sub(getQuantizeSubCommand()),
    cl::sub(getEvalSubCommand()),
    cl::values(clEnumValN(ChannelOrder::RGB, "rgb",
                          "RGB (torchvision, default)"),
               clEnumValN(ChannelOrder::BGR, "bgr", "BGR (OpenCV)")));
static cl::opt<std::string> layoutOpt(
    "layout", cl::desc("Images: model input layout nchw (default) or nhwc"),
    cl::init("nchw"), cl::cat(dataCategory), cl::sub(getQuantizeSubCommand()),
    cl::sub(getEvalSubCommand()), cl::sub(getAnalyzeSubCommand()));

int mlir::nndct::commandError(llvm::StringRef tool, const llvm::Twine &msg) {
  llvm::errs() << tool << ": error: " << msg << "\n";
  return 1;
}

static llvm::Error optionError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Expected<ImagePreprocess> mlir::nndct::imagePreprocessFromOptions() {
  ImagePreprocess pre;
  if (!resizeOpt.empty())
    if (std::string err = parseImageSize(resizeOpt, pre.resize); !err.empty())
      return optionError("--resize: " + err);
  if (!centerCropOpt.empty()) {
    if (std::string err = parseImageSize(centerCropOpt, pre.centerCrop);
        !err.empty())
      return optionError("--center-crop: " + err);
    if (pre.centerCrop.size() == 1)
      pre.centerCrop.push_back(pre.centerCrop[0]);
  }
  if (std::string err = parseFloatList(meanOpt, pre.mean); !err.empty())
    return optionError("--mean: " + err);
  if (std::string err = parseFloatList(stdOpt, pre.std); !err.empty())
    return optionError("--std: " + err);
  for (float s : pre.std)
    if (s == 0)
      return optionError("--std: values must be non-zero");
  if (!(scaleOpt > 0))
    return optionError("--scale: must be positive");
  pre.scale = scaleOpt;
  pre.bgr = channelOrder == ChannelOrder::BGR;
  if (layoutOpt != "nchw" && layoutOpt != "nhwc")
    return optionError("--layout: expected nchw or nhwc, got '" + layoutOpt +
                       "'");
  pre.channelsLast = layoutOpt == "nhwc";
  return pre;
}

llvm::Expected<std::vector<std::unique_ptr<DataSet>>>
mlir::nndct::openDataSets(func::FuncOp func,
                          const std::vector<std::string> &specs,
                          llvm::StringRef option) {
  llvm::Expected<ImagePreprocess> pre = imagePreprocessFromOptions();
  if (!pre)
    return pre.takeError();
  unsigned numArgs = func.getNumArguments();
  std::vector<std::string> paths(numArgs);
  std::vector<std::string> positional;
  for (const std::string &spec : specs) {
    llvm::StringRef text = spec;
    size_t eq = text.find('=');
    if (eq == llvm::StringRef::npos || text.take_front(eq).contains('/')) {
      positional.push_back(spec);
      continue;
    }
    llvm::StringRef name = text.take_front(eq);
    int index = -1;
    for (unsigned i = 0; i < numArgs; ++i)
      if (argumentName(func, i) == name)
        index = int(i);
    if (index < 0)
      return optionError(option + " '" + spec + "': the model has no input '" +
                         name + "'");
    paths[index] = text.drop_front(eq + 1).str();
  }
  size_t next = 0;
  for (unsigned i = 0; i < numArgs && next < positional.size(); ++i)
    if (paths[i].empty())
      paths[i] = positional[next++];
  if (next < positional.size())
    return optionError("too many " + option + " values: the model has " +
                       llvm::Twine(numArgs) + " input(s)");
  std::vector<std::unique_ptr<DataSet>> sets;
  for (unsigned i = 0; i < numArgs; ++i) {
    if (paths[i].empty())
      return optionError("missing " + option + " for input #" + llvm::Twine(i) +
                         " '" + argumentName(func, i) + "'");
    auto type = cast<ShapedType>(func.getArgument(i).getType());
    if (!type.hasStaticShape() || type.getRank() < 1)
      return optionError(
          "input '" + argumentName(func, i) +
          "' needs a static shape with a batch dimension (use --input-shape)");
    llvm::Expected<std::unique_ptr<DataSet>> set =
        DataSet::open(paths[i], type.getShape().drop_front(), *pre);
    if (!set)
      return set.takeError();
    if (!sets.empty() && (*set)->size() != sets.front()->size())
      return optionError(option + ": " + paths[i] + " has " +
                         llvm::Twine((*set)->size()) +
                         " samples but the first input's data has " +
                         llvm::Twine(sets.front()->size()));
    sets.push_back(std::move(*set));
  }
  return sets;
}

llvm::Expected<std::vector<Tensor>>
mlir::nndct::readSamples(std::vector<std::unique_ptr<DataSet>> &sets,
                         int64_t first, int64_t count) {
  std::vector<Tensor> inputs;
  for (auto &set : sets) {
    llvm::Expected<Tensor> t = set->read(first, count);
    if (!t)
      return t.takeError();
    inputs.push_back(std::move(*t));
  }
  return inputs;
}

double mlir::nndct::sqnrDb(double signal, double noise) {
  return noise == 0 ? INFINITY : 10 * std::log10(signal / noise);
}

Progress::Progress(std::string what, int64_t total)
    : what(std::move(what)), total(total),
      enabled(llvm::sys::Process::StandardErrIsDisplayed()),
      start(std::chrono::steady_clock::now()), last(start) {}

void Progress::update(int64_t done) {
  if (!enabled)
    return;
  auto now = std::chrono::steady_clock::now();
  if (done < total && now - last < std::chrono::milliseconds(200))
    return;
  last = now;
  double secs = std::chrono::duration<double>(now - start).count();
  double rate = secs > 0 ? done / secs : 0;
  double eta = rate > 0 ? (total - done) / rate : 0;
  llvm::errs() << fmt::format(
      FMT_STRING("\r{}: {}/{} ({:.1f}/s, ETA {:.0f}s)   "), what, done, total,
      rate, eta);
  active = true;
}

void Progress::finish() {
  if (active)
    llvm::errs() << "\r\033[K";
  active = false;
}

void ProgressLine::update(llvm::StringRef what, int64_t done, int64_t total) {
  if (!line)
    line = std::make_unique<Progress>(what.str(), total);
  line->update(done);
}

void mlir::nndct::showWarnings(MLIRContext &context) {
  context.getDiagEngine().registerHandler([](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Remark)
      return success();
    if (d.getSeverity() != DiagnosticSeverity::Warning)
      return failure(); // errors: MLIR's own printing
    llvm::errs() << d.getLocation() << ": warning: " << d << "\n";
    for (Diagnostic &note : d.getNotes())
      llvm::errs() << note.getLocation() << ": note: " << note << "\n";
    return success();
  });
}

void ProgressLine::note(llvm::StringRef text) {
  if (line)
    line->finish();
  llvm::errs() << text << "\n";
}

llvm::Expected<double>
mlir::nndct::evaluateTop1(func::FuncOp func, ExecutionMode mode,
                          std::vector<std::unique_ptr<DataSet>> &data,
                          const std::vector<int64_t> &labels, int threads,
                          llvm::StringRef what) {
  int64_t n = int64_t(labels.size());
  if (n > data.front()->size())
    return optionError("--labels: " + llvm::Twine(labels.size()) +
                       " labels for " + llvm::Twine(n) + " samples");
  if (func.getNumResults() < 1)
    return optionError("the model has no output to classify");
  InterpreterOptions options;
  options.mode = mode;
  options.threads = threads;
  auto interpreter = Interpreter::create(func, options);
  if (failed(interpreter))
    return optionError("cannot execute the model");
  int64_t batch = cast<ShapedType>(func.getArgument(0).getType()).getDimSize(0);
  int64_t correct = 0;
  Progress progress(what.str(), n);
  for (int64_t first = 0; first < n; first += batch) {
    int64_t count = std::min(batch, n - first);
    llvm::Expected<std::vector<Tensor>> inputs =
        readSamples(data, first, count);
    if (!inputs)
      return inputs.takeError();
    // A short last batch is padded by repeating its first sample.
    for (Tensor &t : *inputs) {
      int64_t per = t.numElements() / count;
      for (int64_t k = count; k < batch; ++k)
        t.data.insert(t.data.end(), t.data.begin(), t.data.begin() + per);
      t.shape[0] = batch;
    }
    FailureOr<std::vector<Tensor>> out = (*interpreter)->run(*inputs);
    if (failed(out))
      return optionError("execution failed");
    const Tensor &logits = out->front();
    int64_t classes = logits.numElements() / batch;
    for (int64_t k = 0; k < count; ++k) {
      const float *row = logits.data.data() + k * classes;
      int64_t best = std::max_element(row, row + classes) - row;
      correct += best == labels[size_t(first + k)];
    }
    progress.update(first + count);
  }
  return double(correct) / double(n);
}

// The options `nndct eval` and `nndct analyze` share: a model, its
// quantization result and data.
static cl::opt<std::string>
    qmModel(cl::Positional, cl::Required,
            cl::desc("<model.onnx|model.pt|model.mlir>"),
            cl::sub(getEvalSubCommand()), cl::sub(getAnalyzeSubCommand()));
static cl::opt<std::string>
    qmQuant("quant",
            cl::desc("Quantization result directory (holds "
                     "<Model>.nndct.mlir); default: the model "
                     "itself when it is quantized"),
            cl::value_desc("DIR"), cl::sub(getEvalSubCommand()),
            cl::sub(getAnalyzeSubCommand()));
static cl::list<std::string> qmData("data",
                                    cl::desc("[NAME=]PATH evaluation data"),
                                    cl::value_desc("[NAME=]PATH"),
                                    cl::OneOrMore, cl::sub(getEvalSubCommand()),
                                    cl::sub(getAnalyzeSubCommand()));
static cl::list<std::string>
    qmShapes("input-shape", cl::desc("[NAME=]1x3x224x224 input shape"),
             cl::sub(getEvalSubCommand()), cl::sub(getAnalyzeSubCommand()));
static cl::list<std::string>
    qmBinds("bind",
            cl::desc("NAME=FILE: import ONNX graph input NAME as the "
                     "constant in FILE (.npy/.pb), e.g. a shape input"),
            cl::value_desc("NAME=FILE"), cl::sub(getEvalSubCommand()),
            cl::sub(getAnalyzeSubCommand()));
static cl::opt<int> qmThreads("threads", cl::desc("Worker threads"),
                              cl::init(1), cl::sub(getEvalSubCommand()),
                              cl::sub(getAnalyzeSubCommand()));

QuantizedModelArgs mlir::nndct::quantizedModelArgs() {
  return {qmModel,
          qmQuant,
          {qmData.begin(), qmData.end()},
          {qmShapes.begin(), qmShapes.end()},
          {qmBinds.begin(), qmBinds.end()},
          qmThreads};
}

std::optional<QuantizedModel> mlir::nndct::loadQuantizedModel(
    const QuantizedModelArgs &args, MLIRContext &context,
    MLIRContext &bundleContext, llvm::StringRef tool) {
  const std::string &modelPath = args.model, &quantDir = args.quantDir;
  context.loadAllAvailableDialects();
  bundleContext.loadAllAvailableDialects();
  QuantizedModel q;
  InputBindings bindings;
  bindings.bind = args.binds;
  q.model = loadModel(modelPath, args.inputShapes, context, tool, &bindings);
  if (!q.model)
    return std::nullopt;
  q.floatFunc = getEntryFunction(*q.model);
  if (!q.floatFunc) {
    commandError(tool, modelPath + ": no function to evaluate");
    return std::nullopt;
  }
  q.quantFunc = q.floatFunc;
  if (!quantDir.empty()) {
    llvm::StringRef stem = llvm::sys::path::stem(modelPath);
    stem.consume_back(".nndct");
    llvm::SmallString<256> path(quantDir);
    llvm::sys::path::append(path, stem + ".nndct.mlir");
    if (!llvm::sys::fs::exists(path)) {
      commandError(tool, "--quant " + quantDir + ": " + path +
                             " not found (run 'nndct quantize' for this "
                             "model first)");
      return std::nullopt;
    }
    q.bundle = loadModel(path, {}, bundleContext, tool);
    if (!q.bundle)
      return std::nullopt;
    q.quantFunc = getEntryFunction(*q.bundle);
  }
  bool fixPoints = false;
  if (q.quantFunc)
    q.quantFunc.walk(
        [&](FixOp fix) { fixPoints |= fix.getFixPoint().has_value(); });
  if (!fixPoints) {
    commandError(tool, modelPath +
                           ": the model has no fix points: pass --quant DIR "
                           "(the output of 'nndct quantize')");
    return std::nullopt;
  }
  return q;
}

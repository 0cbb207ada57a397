//===- NNDCTPython.cpp - nndct._nndct: the C++ library for Python ---------===//
//
// The extension module under the `nndct` Python package (nndct/*.py is the
// user-facing API, vai_q_pytorch's names). One class, Model: an imported
// model in its own MLIRContext, with what the package needs of it — run
// (float, fake-quant, integer), quantize on in-memory samples, apply a
// quant_info.json, write the results, list the fixes. No logic of its own:
// the workflow is tools/nndct/QuantizeFlow.h, shared with `nndct quantize`.
//
// Errors become nndct.Error carrying the compiler's diagnostics (location,
// node name) instead of being printed; warnings are printed as the CLI
// prints them. The GIL is released while the compiler works.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/ModelLoader.h"
#include "tools/nndct/OutputStage.h"
#include "tools/nndct/QuantConfig.h"
#include "tools/nndct/QuantizeFlow.h"

#include "backends/interpreter/IntegerKernels.h"
#include "backends/interpreter/Interpreter.h"
#include "backends/quantinfo/QuantNames.h"
#include "ir/NNDCTOps.h"
#include "ir/Naming.h"
#include "ir/TargetModel.h"
#include "passes/CalibrationData.h"
#include "passes/FloatOpSearch.h"
#include "passes/Pipelines.h"
#include "tools/Registration.h"

#ifdef NNDCT_HAVE_TORCH
#include "frontends/torchscript/TorchScriptImporter.h"
#endif

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/Support/raw_ostream.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>

namespace py = pybind11;
using namespace mlir;
using namespace mlir::nndct;

namespace {

/// nndct.Error: what the compiler diagnosed.
struct CompilerError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Collects the error diagnostics of `context` while alive (warnings are
/// printed as the CLI prints them). throwIfAny() raises them as one
/// CompilerError with `what` first.
class DiagnosticCapture {
public:
  explicit DiagnosticCapture(MLIRContext &context)
      : handler(&context, [this](Diagnostic &d) { return record(d); }) {}

  llvm::raw_ostream &stream() { return os; }

  [[noreturn]] void raise(const llvm::Twine &what) {
    os.flush();
    std::string message = what.str();
    if (!text.empty())
      message += "\n" + llvm::StringRef(text).rtrim().str();
    throw CompilerError(message);
  }

private:
  LogicalResult record(Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Remark)
      return success();
    llvm::raw_ostream &out = d.getSeverity() == DiagnosticSeverity::Error
                                 ? static_cast<llvm::raw_ostream &>(os)
                                 : llvm::errs();
    out << d.getLocation() << ": "
        << (d.getSeverity() == DiagnosticSeverity::Error ? "error" : "warning")
        << ": " << d << "\n";
    for (Diagnostic &note : d.getNotes())
      out << note.getLocation() << ": note: " << note << "\n";
    return success();
  }

  std::string text;
  llvm::raw_string_ostream os{text};
  ScopedDiagnosticHandler handler;
};

using FloatArray =
    py::array_t<float, py::array::c_style | py::array::forcecast>;

Tensor toTensor(const FloatArray &array) {
  Tensor t;
  t.shape.assign(array.shape(), array.shape() + array.ndim());
  t.data.assign(array.data(), array.data() + array.size());
  return t;
}

py::array toArray(const Tensor &t) {
  std::vector<py::ssize_t> shape(t.shape.begin(), t.shape.end());
  py::array_t<float> array(shape);
  std::copy(t.data.begin(), t.data.end(), array.mutable_data());
  return std::move(array);
}

ExecutionMode parseMode(llvm::StringRef mode) {
  if (mode == "float")
    return ExecutionMode::Float;
  if (mode == "fake-quant")
    return ExecutionMode::FakeQuant;
  if (mode == "integer")
    return ExecutionMode::Integer;
  throw py::value_error("mode '" + mode.str() +
                        "': expected float, fake-quant or integer");
}

/// The textual options of --nndct-ptq-pipeline ("method=diffs ..."), or a
/// ValueError naming the first bad one, before any work is done.
PTQOptions parseOptions(const std::string &text) {
  std::string problem;
  FailureOr<PTQOptions> options =
      parsePTQOptions(text, [&](const llvm::Twine &msg) {
        problem = msg.str();
        return failure();
      });
  if (failed(options))
    throw py::value_error(problem.empty() ? "invalid options '" + text + "'"
                                          : problem);
  return *options;
}

/// A model in its own context.
class Model {
public:
  Model(std::unique_ptr<MLIRContext> context, OwningOpRef<ModuleOp> module)
      : context(std::move(context)), module(std::move(module)) {}

  static std::unique_ptr<MLIRContext> newContext() {
    DialectRegistry registry;
    registerDialects(registry);
    auto context = std::make_unique<MLIRContext>(registry);
    context->loadAllAvailableDialects();
    // Diagnostics name the user's node; an IR dump would bury that.
    context->printOpOnDiagnostic(false);
    return context;
  }

  static std::unique_ptr<Model> load(const std::string &path,
                                     const std::vector<std::string> &shapes) {
    auto context = newContext();
    OwningOpRef<ModuleOp> module;
    {
      DiagnosticCapture diags(*context);
      module =
          loadModel(path, shapes, *context, "nndct", nullptr, diags.stream());
      if (!module || !getEntryFunction(*module))
        diags.raise(path + ": cannot import");
    }
    return std::make_unique<Model>(std::move(context), std::move(module));
  }

  static std::unique_ptr<Model>
  importTorchScript(const py::bytes &archive,
                    const std::vector<std::string> &shapes,
                    const std::string &name) {
#ifdef NNDCT_HAVE_TORCH
    auto context = newContext();
    std::string bytes = archive;
    OwningOpRef<ModuleOp> module;
    {
      DiagnosticCapture diags(*context);
      TorchImportOptions options;
      for (const std::string &s : shapes)
        if (std::string err = addInputShape(s, options.inputShapes);
            !err.empty())
          throw py::value_error("input shape '" + s + "': " + err);
      py::gil_scoped_release release;
      module = importTorchScriptBuffer(bytes, context.get(), options, name);
      if (!module)
        diags.raise(name + ": cannot import the TorchScript module");
    }
    return std::make_unique<Model>(std::move(context), std::move(module));
#else
    throw CompilerError("this nndct was built without the TorchScript "
                        "frontend (libtorch-dev)");
#endif
  }

  func::FuncOp entry() {
    func::FuncOp func = getEntryFunction(*module);
    if (!func)
      throw CompilerError("the model has no function to run");
    return func;
  }

  /// (name, shape) of every input.
  std::vector<std::pair<std::string, std::vector<int64_t>>> inputs() {
    func::FuncOp func = entry();
    std::vector<std::pair<std::string, std::vector<int64_t>>> result;
    for (BlockArgument arg : func.getArguments()) {
      auto type = cast<ShapedType>(arg.getType());
      std::string name = "input_" + std::to_string(arg.getArgNumber());
      if (auto n = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                     "nndct.name"))
        name = n.str();
      result.emplace_back(name, std::vector<int64_t>(type.getShape().begin(),
                                                     type.getShape().end()));
    }
    return result;
  }

  /// Runs the model on `arrays` (one per input): N samples each, N a
  /// multiple of the model's batch, run a batch at a time.
  std::vector<py::array> run(const std::vector<FloatArray> &arrays,
                             const std::string &modeName, int threads) {
    ExecutionMode mode = parseMode(modeName);
    func::FuncOp func = entry();
    auto shapes = inputs();
    if (arrays.size() != shapes.size())
      throw py::value_error("the model takes " + std::to_string(shapes.size()) +
                            " inputs, got " + std::to_string(arrays.size()));
    int64_t total = -1, batch = 1;
    for (auto [i, array] : llvm::enumerate(arrays)) {
      const std::vector<int64_t> &shape = shapes[i].second;
      std::vector<int64_t> got(array.shape(), array.shape() + array.ndim());
      bool ok = !shape.empty() && got.size() == shape.size() && got[0] > 0 &&
                got[0] % shape[0] == 0 &&
                llvm::equal(llvm::ArrayRef(got).drop_front(),
                            llvm::ArrayRef(shape).drop_front());
      if (!ok || (total >= 0 && got[0] != total))
        throw py::value_error(
            "input '" + shapes[i].first + "' has shape " + shapeString(got) +
            "; the model takes " + shapeString(shape) +
            " (N x the sample, N a multiple of the batch, the same N for "
            "every input)");
      total = got[0];
      batch = shape[0];
    }
    std::vector<Tensor> whole;
    for (const FloatArray &a : arrays)
      whole.push_back(toTensor(a));
    std::vector<Tensor> outputs;
    {
      py::gil_scoped_release release;
      DiagnosticCapture diags(*context);
      Interpreter *interp = interpreter(mode, threads);
      if (!interp)
        diags.raise("the model cannot run in " + modeName + " mode");
      // The shapes were checked above; the source only slices batches.
      std::shared_ptr<CalibrationSource> chunks =
          tensorCalibrationSource(std::move(whole), {});
      for (int64_t first = 0; first < total; first += batch) {
        FailureOr<std::vector<Tensor>> in = chunks->read(func, first, batch);
        FailureOr<std::vector<Tensor>> out = failure();
        if (succeeded(in))
          out = interp->run(*in);
        if (failed(out))
          diags.raise("running the model failed");
        if (mode == ExecutionMode::Integer)
          dequantizeIntegerResults(func, *out);
        // Several batches are stacked on the outputs' batch dimension.
        if (total > batch)
          for (const Tensor &t : *out)
            if (t.shape.empty() || t.shape[0] != batch)
              throw py::value_error("an output has no batch dimension: give " +
                                    std::to_string(batch) +
                                    " samples per call");
        if (first == 0) {
          outputs = std::move(*out);
          continue;
        }
        for (auto [acc, t] : llvm::zip(outputs, *out)) {
          acc.shape[0] += t.shape[0];
          acc.data.insert(acc.data.end(), t.data.begin(), t.data.end());
        }
      }
    }
    std::vector<py::array> result;
    for (const Tensor &t : outputs)
      result.push_back(toArray(t));
    return result;
  }

  /// Calibration mode: runs the whole PTQ pipeline (`options` in the
  /// textual form of --nndct-ptq-pipeline) on `calib` (one N x sample array
  /// per input) or on `calibFiles` (one .npy file per input, streamed);
  /// `finetune` / `finetuneFiles` for fast finetune, may be empty. Returns
  /// what the accuracy-aware float-op search traded (empty when not
  /// searched).
  py::dict quantize(const std::vector<FloatArray> &calib,
                    const std::vector<FloatArray> &finetune,
                    const std::string &optionsText,
                    const std::vector<std::string> &calibFiles,
                    const std::vector<std::string> &finetuneFiles) {
    invalidate();
    DiagnosticCapture diags(*context);
    PTQOptions options = parseOptions(optionsText);
    options.source = calibFiles.empty() ? source(calib, "calibration data")
                                        : npyCalibrationSource(calibFiles);
    if (!finetuneFiles.empty())
      options.finetuneSource = npyCalibrationSource(finetuneFiles);
    else if (!finetune.empty())
      options.finetuneSource = source(finetune, "finetune data");
    FloatOpSearchResult search;
    LogicalResult result = failure();
    {
      py::gil_scoped_release release;
      result = runPTQPipeline(*module, options, &search);
    }
    if (failed(result))
      diags.raise("quantization failed");
    py::dict summary;
    if (options.maxFloatOps > 0) {
      py::list chosen;
      for (const FloatOpChoice &c : search.chosen)
        chosen.append(py::make_tuple(c.names, c.gainDb));
      summary["candidates"] = search.candidates;
      summary["chosen"] = chosen;
      summary["sqnr_before"] = search.sqnrBefore;
      summary["sqnr_after"] = search.sqnrAfter;
      summary["sqnr_rebuilt"] = search.sqnrRebuilt;
      summary["samples"] = search.samples;
      lastSearch = search;
      searched = true;
    }
    lastMethod = stringifyChoice(options.method).str();
    return summary;
  }

  /// Test mode: quant_info.json's fix points (and the bundle's parameters).
  void applyQuantInfo(const std::string &file, const std::string &bundle,
                      const std::string &optionsText) {
    invalidate();
    DiagnosticCapture diags(*context);
    PTQOptions options = parseOptions(optionsText);
    if (llvm::Error e =
            applyQuantInfoFile(*module, options, file, bundle, "the model"))
      diags.raise(llvm::toString(std::move(e)));
  }

  /// Places the fixes as calibration would, with no fix points yet (the
  /// start of QAT's deployment).
  void prepare(const std::string &optionsText) {
    invalidate();
    DiagnosticCapture diags(*context);
    PTQOptions options = parseOptions(optionsText);
    PassManager pm(context.get());
    populatePTQPreparePipeline(pm, options);
    if (failed(pm.run(*module)))
      diags.raise("preparing the model failed");
  }

  /// Sets fix points by quant_info.json name ({name: fix point}); every
  /// fix must be named, no unknown name may be.
  void setFixPoints(const std::map<std::string, int64_t> &points) {
    invalidate();
    std::map<std::string, FixOp> fixes;
    for (QuantEntry &e : collectQuantEntries(entry()))
      for (auto [slot, fix] : llvm::enumerate(e.slots))
        if (fix)
          fixes[e.slotName(slot)] = fix;
    std::string missing, unknown;
    for (const auto &[name, fix] : fixes)
      if (!points.count(name))
        missing += (missing.empty() ? "" : ", ") + name;
    for (const auto &[name, fp] : points)
      if (!fixes.count(name))
        unknown += (unknown.empty() ? "" : ", ") + name;
    if (!missing.empty() || !unknown.empty())
      throw py::value_error(
          "fix points do not match the model's fixes" +
          (missing.empty() ? "" : "; missing: " + missing) +
          (unknown.empty() ? "" : "; not in the model: " + unknown));
    Builder b(context.get());
    for (auto &[name, fix] : fixes)
      fix.setFixPointAttr(b.getI64IntegerAttr(points.at(name)));
  }

  /// Runs a textual pass pipeline on the module (nndct-opt's passes).
  void runPipeline(const std::string &pipeline) {
    invalidate();
    DiagnosticCapture diags(*context);
    PassManager pm(context.get());
    if (failed(parsePassPipeline(pipeline, pm, diags.stream())))
      diags.raise("invalid pass pipeline '" + pipeline + "'");
    if (failed(pm.run(*module)))
      diags.raise("pass pipeline '" + pipeline + "' failed");
  }

  /// Writes every result into `dir` (atomically: all or nothing). Returns
  /// the paths written.
  std::vector<std::string> write(const std::string &dir,
                                 const std::string &name,
                                 const std::string &target, bool quantInfo,
                                 int64_t opset, bool exactRounding) {
    DiagnosticCapture diags(*context);
    auto stage = OutputStage::create(dir);
    if (!stage)
      diags.raise(llvm::toString(stage.takeError()));
    QuantizeOutputOptions options;
    options.name = name;
    options.target = target;
    options.method = quantInfo ? lastMethod : "";
    options.writeQuantInfo = quantInfo;
    options.search = quantInfo && searched ? &lastSearch : nullptr;
    options.onnxOpset = opset;
    options.onnxExactRounding = exactRounding;
    auto written = writeQuantizeOutputs(*module, **stage, options);
    if (!written)
      diags.raise(llvm::toString(written.takeError()));
    if (llvm::Error e = (*stage)->commit())
      diags.raise(llvm::toString(std::move(e)));
    std::vector<std::string> paths;
    for (const std::string &file : *written)
      paths.push_back((*stage)->finalPath(file));
    return paths;
  }

  /// Every fix as quant_info.json names it: kind, name, bits, fix point
  /// (None before calibration).
  py::list fixes() {
    py::list result;
    for (QuantEntry &e : collectQuantEntries(entry()))
      for (auto [slot, fix] : llvm::enumerate(e.slots)) {
        if (!fix)
          continue;
        py::dict d;
        d["name"] = e.slotName(slot);
        d["section"] = sectionKey(e.section).str();
        d["kind"] = stringifyFixKind(fix.getKind()).str();
        d["bits"] = fix.getBitWidth();
        if (std::optional<int64_t> fp = fix.getFixPoint())
          d["fix_point"] = *fp;
        else
          d["fix_point"] = py::none();
        result.append(d);
      }
    return result;
  }

  std::string print(bool debugInfo) {
    std::string text;
    llvm::raw_string_ostream os(text);
    OpPrintingFlags flags;
    flags.enableDebugInfo(debugInfo, /*prettyForm=*/false);
    module->print(os, flags);
    return text;
  }

private:
  std::shared_ptr<CalibrationSource>
  source(const std::vector<FloatArray> &arrays, const std::string &what) {
    std::vector<Tensor> tensors;
    std::vector<std::string> names;
    auto shapes = inputs();
    for (auto [i, a] : llvm::enumerate(arrays)) {
      tensors.push_back(toTensor(a));
      names.push_back(what + " of input '" +
                      (i < shapes.size() ? shapes[i].first : "?") + "'");
    }
    return tensorCalibrationSource(std::move(tensors), std::move(names));
  }

  /// The interpreter of `mode`, created on first use (the module changes
  /// only through the methods above, which drop it).
  Interpreter *interpreter(ExecutionMode mode, int threads) {
    if (interp && interpMode == mode && interpThreads == threads)
      return interp.get();
    InterpreterOptions options;
    options.mode = mode;
    options.threads = threads;
    FailureOr<std::unique_ptr<Interpreter>> created =
        Interpreter::create(entry(), options);
    if (failed(created))
      return nullptr;
    interp = std::move(*created);
    interpMode = mode;
    interpThreads = threads;
    return interp.get();
  }

  void invalidate() { interp.reset(); }

  std::unique_ptr<MLIRContext> context;
  OwningOpRef<ModuleOp> module;
  std::unique_ptr<Interpreter> interp;
  ExecutionMode interpMode = ExecutionMode::Float;
  int interpThreads = 1;
  FloatOpSearchResult lastSearch;
  bool searched = false;
  std::string lastMethod;
};

/// The bit width of `target`; unknown targets are a ValueError listing the
/// known ones.
int64_t targetBits(const std::string &target) {
  if (const TargetModel *t = TargetModel::lookup(target))
    return t->bitWidth;
  std::string names;
  for (const TargetModel *t : TargetModel::all())
    names += (names.empty() ? "" : ", ") + t->name.str();
  throw py::value_error("target '" + target +
                        "': unknown target (known: " + names + ")");
}

/// vai's quant_config_file as pipeline options, the ONNX opset it asks for
/// (or None) and its warnings.
py::tuple readConfig(const std::string &path, int64_t bits) {
  llvm::Expected<QuantConfig> config = readQuantConfig(path, bits);
  if (!config)
    throw CompilerError(llvm::toString(config.takeError()));
  py::dict options;
  for (const auto &[key, value] : config->pipelineOptions())
    options[py::str(key)] = value;
  py::object opset = py::none();
  if (config->onnxOpset)
    opset = py::int_(*config->onnxOpset);
  return py::make_tuple(options, opset, config->warnings);
}

} // namespace

PYBIND11_MODULE(_nndct, m) {
  m.doc() = "nndct's compiler library (use the nndct package, not this)";
  registerPasses();
  registerTensorFormats();
  py::register_exception<CompilerError>(m, "Error", PyExc_RuntimeError);

  m.def("target_bits", &targetBits, py::arg("target"));
  m.def(
      "check_options",
      [](const std::string &text) { (void)parseOptions(text); },
      py::arg("options"));
  m.def("read_quant_config", &readConfig, py::arg("path"), py::arg("bits"));

  py::class_<Model>(m, "Model")
      .def_static("load", &Model::load, py::arg("path"),
                  py::arg("input_shapes") = std::vector<std::string>{})
      .def_static("import_torchscript", &Model::importTorchScript,
                  py::arg("archive"), py::arg("input_shapes"), py::arg("name"))
      .def_property_readonly("inputs", &Model::inputs)
      .def("run", &Model::run, py::arg("inputs"), py::arg("mode") = "float",
           py::arg("threads") = 1)
      .def("quantize", &Model::quantize, py::arg("calib"), py::arg("finetune"),
           py::arg("options"),
           py::arg("calib_files") = std::vector<std::string>{},
           py::arg("finetune_files") = std::vector<std::string>{})
      .def("apply_quant_info", &Model::applyQuantInfo, py::arg("file"),
           py::arg("bundle"), py::arg("options"))
      .def("prepare", &Model::prepare, py::arg("options"))
      .def("set_fix_points", &Model::setFixPoints, py::arg("points"))
      .def("run_pipeline", &Model::runPipeline, py::arg("pipeline"))
      .def("write", &Model::write, py::arg("dir"), py::arg("name"),
           py::arg("target"), py::arg("quant_info"), py::arg("opset") = 13,
           py::arg("exact_rounding") = false)
      .def("fixes", &Model::fixes)
      .def("print", &Model::print, py::arg("debug_info") = false);
}

//===- ModelLoader.cpp - models and tensor formats for nndct commands -----===//
//
// Model import by extension through whichever frontends this build has,
// with one error line naming the file when a frontend is missing.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/ModelLoader.h"

#include "backends/inspect/PlacementView.h"
#include "backends/interpreter/TensorIO.h"
#include "passes/Passes.h"

#include "ir/InputShapes.h"
#include "ir/ModelSource.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <set>

#ifdef NNDCT_HAVE_ONNX
#include "frontends/onnx/ONNXImporter.h"
#include "frontends/onnx/TensorProtoIO.h"
#include "tools/BindFile.h"
#endif
#ifdef NNDCT_HAVE_TORCH
#include "frontends/torchscript/TorchScriptImporter.h"
#endif

using namespace mlir;
using namespace mlir::nndct;

static OwningOpRef<ModuleOp> fail(llvm::raw_ostream &errs, llvm::StringRef tool,
                                  const llvm::Twine &msg) {
  errs << tool << ": error: " << msg << "\n";
  return nullptr;
}

/// Checks `--input-shape` values against an already shaped function (.mlir).
static bool checkShapes(func::FuncOp func,
                        const std::vector<std::string> &shapes,
                        llvm::raw_ostream &errs, llvm::StringRef tool) {
  InputShapes parsed;
  for (const std::string &s : shapes)
    if (std::string err = addInputShape(s, parsed); !err.empty()) {
      fail(errs, tool, err);
      return false;
    }
  for (const auto &[name, shape] : parsed) {
    int index = -1;
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if ((name.empty() && func.getNumArguments() == 1) ||
          argumentName(func, i) == name)
        index = int(i);
    std::string shown =
        name.empty() ? shapeString(shape) : name + "=" + shapeString(shape);
    if (index < 0) {
      fail(errs, tool,
           "--input-shape '" + shown + "': no input named '" + name + "'");
      return false;
    }
    auto type = cast<ShapedType>(func.getArgument(index).getType());
    if (type.getShape() != llvm::ArrayRef<int64_t>(shape)) {
      fail(errs, tool,
           "--input-shape '" + shown + "': input '" +
               argumentName(func, index) + "' has shape " +
               shapeString(type.getShape()));
      return false;
    }
  }
  return true;
}

#ifdef NNDCT_HAVE_ONNX
namespace {
/// InputBindings::inputFiles as the importer's source of input values.
class InputFileSource : public InputValueSource {
public:
  InputFileSource(InputBindings &bindings) : bindings(bindings) {}

  std::string setInputNames(llvm::ArrayRef<std::string> names) override {
    std::vector<std::string> unbound;
    for (const std::string &name : names)
      if (!explicitNames.count(name))
        unbound.push_back(name);
    files.clear();
    matchError = bindings.inputFiles(unbound, files);
    return matchError;
  }
  bool hasValue(llvm::StringRef name) override {
    return files.count(name.str());
  }
  std::string read(llvm::StringRef name, TensorData &out) override {
    return readBindFile(files.at(name.str()), out);
  }

  InputBindings &bindings;
  std::set<std::string> explicitNames;
  std::map<std::string, std::string> files;
  /// The error of matching the files to the inputs, if any.
  std::string matchError;
};
} // namespace
#endif

OwningOpRef<ModuleOp>
mlir::nndct::loadModel(llvm::StringRef path,
                       const std::vector<std::string> &inputShapes,
                       MLIRContext &context, llvm::StringRef tool,
                       InputBindings *bindings, llvm::raw_ostream &errs) {
  if (!llvm::sys::fs::exists(path))
    return fail(errs, tool, path + ": no such file");
  if (llvm::sys::fs::is_directory(path))
    return fail(errs, tool, path + ": is a directory, expected a model file");
  std::string ext = llvm::sys::path::extension(path).lower();
  if (ext == ".onnx") {
#ifdef NNDCT_HAVE_ONNX
    ImportOptions options;
    for (const std::string &s : inputShapes)
      if (std::string err = addInputShape(s, options.inputShapes); !err.empty())
        return fail(errs, tool, "--input-shape '" + s + "': " + err);
    if (!bindings)
      return importONNXFile(path, &context, options);
    if (std::string err =
            parseBindValues(bindings->bind, readBindFile, options.bind);
        !err.empty())
      return fail(errs, tool, err);
    std::optional<InputFileSource> source;
    std::vector<BoundInput> bound;
    if (bindings->inputFiles) {
      source.emplace(*bindings);
      for (const auto &kv : options.bind)
        source->explicitNames.insert(kv.first);
      options.values = &*source;
      options.bound = &bound;
    }
    // A file-matching error is the tool's ("<tool>: error: ..."), not the
    // model's.
    ScopedDiagnosticHandler matchErrors(&context, [&](Diagnostic &d) {
      if (!source || source->matchError.empty() ||
          d.str() != source->matchError)
        return failure();
      errs << tool << ": error: " << source->matchError << "\n";
      return success();
    });
    OwningOpRef<ModuleOp> module = importONNXFile(path, &context, options);
    bindings->bound.clear();
    for (const BoundInput &b : bound)
      bindings->bound.emplace_back(b.input, b.neededBy);
    return module;
#else
    return fail(
        errs, tool,
        path + ": .onnx models need the ONNX frontend, which this build lacks");
#endif
  }
  if (ext == ".pt" || ext == ".pth" || ext == ".torchscript") {
#ifdef NNDCT_HAVE_TORCH
    if (bindings && !bindings->bind.empty())
      return fail(errs, tool, "--bind applies to ONNX models only");
    TorchImportOptions options;
    for (const std::string &s : inputShapes)
      if (std::string err = addInputShape(s, options.inputShapes); !err.empty())
        return fail(errs, tool, "--input-shape '" + s + "': " + err);
    return importTorchScriptFile(path, &context, options);
#else
    return fail(errs, tool,
                path +
                    ": TorchScript models need the TorchScript frontend, which "
                    "this build lacks");
#endif
  }
  if (ext != ".mlir" && ext != ".mlirbc")
    return fail(errs, tool,
                path + ": unknown model format '" + ext +
                    "' (expected .onnx, .pt or .mlir)");
  if (bindings && !bindings->bind.empty())
    return fail(errs, tool, "--bind applies to ONNX models only");
  llvm::SourceMgr sourceMgr;
  std::string err;
  auto file = openInputFile(path, &err);
  if (!file)
    return fail(errs, tool, path + ": " + err);
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler handler(sourceMgr, &context, errs);
  OwningOpRef<ModuleOp> module = parseModelSource(sourceMgr, &context);
  if (!module)
    return nullptr;
  func::FuncOp func = getEntryFunction(*module);
  if (!func)
    return fail(errs, tool, path + ": no function to quantize");
  if (!checkShapes(func, inputShapes, errs, tool))
    return nullptr;
  return module;
}

void mlir::nndct::registerTensorFormats() {
#ifdef NNDCT_HAVE_ONNX
  if (hasTensorReader(".pb"))
    return;
  registerTensorReader(
      ".pb", [](llvm::StringRef path) -> llvm::Expected<Tensor> {
        TensorData data;
        std::string err = readTensorProtoFile(path, data);
        if (!err.empty())
          return llvm::createStringError(llvm::inconvertibleErrorCode(), err);
        Tensor t;
        t.shape = data.shape;
        t.data = std::move(data.data);
        switch (data.elementType) {
        case 2:
          t.kind = ElementKind::U8;
          break;
        case 3:
          t.kind = ElementKind::I8;
          break;
        case 6:
          t.kind = ElementKind::I32;
          break;
        case 7:
          t.kind = ElementKind::I64;
          break;
        case 10:
          t.kind = ElementKind::F16;
          break;
        case 11:
          t.kind = ElementKind::F64;
          break;
        case 16:
          t.kind = ElementKind::BF16;
          break;
        default:
          t.kind = ElementKind::F32;
        }
        return t;
      });
#endif
}

LogicalResult mlir::nndct::ensurePlacement(func::FuncOp func, bool force) {
  if (!force && !needsPlacement(func))
    return success();
  PassManager pm(func->getContext(), func::FuncOp::getOperationName());
  pm.addPass(createPlaceOpsPass());
  return pm.run(func);
}

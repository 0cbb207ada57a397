//===- TorchScriptImporter.cpp - the library boundary and registration ----===//
//
// Loads the archive with torch::jit::load and hands it to the GraphImporter.
// This is the only place libtorch exceptions may reach: every one is caught
// here and turned into a diagnostic, so nothing throws through MLIR.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/TorchScriptImporter.h"
#include "frontends/torchscript/GraphImporter.h"

#include "ir/InputShapes.h"
#include "ir/NNDCTDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <torch/csrc/jit/serialization/import.h>

#include <sstream>

using namespace mlir;
using namespace mlir::nndct;

/// The first line of an exception message (libtorch appends C++ traces).
static std::string firstLine(const char *what) {
  std::string msg = what ? what : "";
  size_t nl = msg.find('\n');
  if (nl != std::string::npos)
    msg.resize(nl);
  return msg;
}

/// Loads and imports; `load` produces the torch::jit::Module (from a path or
/// from memory). Catches everything libtorch may throw.
template <typename LoadFn>
static OwningOpRef<ModuleOp> importWith(LoadFn load, StringRef path,
                                        MLIRContext *context,
                                        const TorchImportOptions &options) {
  context->loadDialect<NNDCTDialect, func::FuncDialect>();
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  torch::jit::Module module;
  try {
    module = load();
  } catch (const std::exception &e) {
    emitError(fileLoc) << "'" << path
                       << "' is not a TorchScript archive (expected a file "
                          "saved by torch.jit.save): "
                       << firstLine(e.what());
    return nullptr;
  } catch (...) {
    emitError(fileLoc) << "'" << path << "' is not a TorchScript archive";
    return nullptr;
  }
  try {
    torchscript::GraphImporter importer(context, options);
    return importer.import(module, path);
  } catch (const std::exception &e) {
    emitError(fileLoc) << "importing '" << path
                       << "' failed inside libtorch: " << firstLine(e.what());
  } catch (...) {
    emitError(fileLoc) << "importing '" << path
                       << "' failed inside libtorch: unknown exception";
  }
  return nullptr;
}

OwningOpRef<ModuleOp>
mlir::nndct::importTorchScriptFile(StringRef path, MLIRContext *context,
                                   const TorchImportOptions &options) {
  if (!llvm::sys::fs::exists(path)) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "cannot open '" << path << "': no such file";
    return nullptr;
  }
  std::string file = path.str();
  return importWith([&] { return torch::jit::load(file); }, path, context,
                    options);
}

OwningOpRef<ModuleOp>
mlir::nndct::importTorchScriptBuffer(StringRef bytes, MLIRContext *context,
                                     const TorchImportOptions &options,
                                     StringRef name) {
  return importWith(
      [&] {
        std::istringstream stream(bytes.str());
        return torch::jit::load(stream);
      },
      name, context, options);
}

void mlir::nndct::registerImportTorchScriptTranslation() {
  inputShapeOption(); // registered before the command line is parsed
  static TranslateToMLIRRegistration importTorchScript(
      "import-torchscript",
      "import a TorchScript archive (.pt from torch.jit.trace/script) into "
      "nndct IR",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        StringRef path = buffer->getBufferIdentifier();
        TorchImportOptions options;
        if (std::string err = parseInputShapeOption(options.inputShapes);
            !err.empty()) {
          emitError(UnknownLoc::get(context)) << err;
          return nullptr;
        }
        OwningOpRef<ModuleOp> module;
        if (path != "<stdin>" && llvm::sys::fs::exists(path)) {
          module = importTorchScriptFile(path, context, options);
        } else {
          module = importTorchScriptBuffer(buffer->getBuffer(), context,
                                           options, path);
        }
        if (!module)
          return nullptr;
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) {
        registry.insert<NNDCTDialect, func::FuncDialect>();
      });
}

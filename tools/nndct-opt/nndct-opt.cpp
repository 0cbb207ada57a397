//===- nndct-opt.cpp - the nndct pass driver
//-------------------------------===//
//
// MlirOptMain with the nndct dialect, its passes and the upstream dialects
// nndct IR uses: `nndct-opt in.mlir --nndct-fold-batchnorm`. The input's
// resource blobs are checked before MLIR parses it (ir/ModelSource.h).
//
//===----------------------------------------------------------------------===//

#include "ir/ModelSource.h"
#include "tools/Registration.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

/// Reads `path`, checks its resource blobs (errors printed) and returns the
/// buffer; null when unreadable or bad.
static std::unique_ptr<llvm::MemoryBuffer> readChecked(llvm::StringRef path) {
  std::string message;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &message);
  if (!file) {
    llvm::errs() << message << "\n";
    return nullptr;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(file->getBuffer(),
                                       file->getBufferIdentifier()),
      llvm::SMLoc());
  MLIRContext context;
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  if (failed(nndct::checkResourceBlobs(sourceMgr, &context)))
    return nullptr;
  return file;
}

int main(int argc, char **argv) {
  DialectRegistry registry;
  nndct::registerDialects(registry);
  nndct::registerPasses();
  auto [input, output] = registerAndParseCLIOptions(
      argc, argv, "nndct optimizer driver\n", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  // Listing flags read no input; let MlirOptMain answer them.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return asMainReturnCode(MlirOptMain(argc, argv, input, output, registry));
  std::unique_ptr<llvm::MemoryBuffer> file = readChecked(input);
  if (!file)
    return 1;
  std::string message;
  std::unique_ptr<llvm::ToolOutputFile> out = openOutputFile(output, &message);
  if (!out) {
    llvm::errs() << message << "\n";
    return 1;
  }
  if (failed(MlirOptMain(out->os(), std::move(file), registry, config)))
    return 1;
  out->keep();
  return 0;
}

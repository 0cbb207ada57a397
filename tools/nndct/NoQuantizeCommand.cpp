//===- NoQuantizeCommand.cpp - quantize/eval stubs for minimal builds -----===//
//
// Built instead of the quantize/eval/analyze commands when libstb (image data)
// or the quant_info backend is missing: the subcommands exist and say why they
// cannot run.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/Commands.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir::nndct;
namespace cl = llvm::cl;

cl::SubCommand &mlir::nndct::getQuantizeSubCommand() {
  static cl::SubCommand sub("quantize", "(not built: needs libstb-dev)");
  return sub;
}
cl::SubCommand &mlir::nndct::getEvalSubCommand() {
  static cl::SubCommand sub("eval", "(not built: needs libstb-dev)");
  return sub;
}
cl::SubCommand &mlir::nndct::getAnalyzeSubCommand() {
  static cl::SubCommand sub("analyze", "(not built: needs libstb-dev)");
  return sub;
}
int mlir::nndct::analyzeCommand() {
  llvm::errs()
      << "nndct analyze: error: this build lacks libstb-dev (image data)\n";
  return 1;
}
int mlir::nndct::quantizeCommand() {
  llvm::errs()
      << "nndct quantize: error: this build lacks libstb-dev (image data)\n";
  return 1;
}
int mlir::nndct::evalCommand() {
  llvm::errs()
      << "nndct eval: error: this build lacks libstb-dev (image data)\n";
  return 1;
}

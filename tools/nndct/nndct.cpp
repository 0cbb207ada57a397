//===- nndct.cpp - the nndct user tool ------------------------------------===//
//
// `nndct <subcommand> ...`: a thin dispatcher over the subcommands declared
// in Commands.h. Exit code 0 on success, 1 on any error.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/Commands.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (!llvm::cl::ParseCommandLineOptions(argc, argv,
                                         "nndct: quantize, run and inspect models\n",
                                         &llvm::errs()))
    return 1;
  if (mlir::nndct::runSubCommand)
    return mlir::nndct::runCommand();
  if (mlir::nndct::getQuantizeSubCommand())
    return mlir::nndct::quantizeCommand();
  if (mlir::nndct::getEvalSubCommand())
    return mlir::nndct::evalCommand();
  llvm::errs() << "nndct: expected a subcommand (run, quantize, eval); see 'nndct --help'\n";
  return 1;
}

//===- nndct.cpp - the nndct user tool ------------------------------------===//
//
// `nndct <subcommand> ...`: a thin dispatcher over the subcommands declared
// in Commands.h. Exit code 0 on success, 1 on any error.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/Commands.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <unistd.h>

/// libgomp (oneDNN's and the kernels' thread pool) reads its wait policy
/// once, when it loads. Its default spins for a while at every barrier and
/// after every parallel region; on a machine whose cores are shared with
/// other work the spinner starves the very thread it waits for, and two
/// threads ran 10-100x slower than one. So a run with more than one thread
/// re-executes itself once with OMP_WAIT_POLICY=passive (sleeping waits),
/// unless the user chose a policy.
static void preferPassiveOpenMPWaits(int argc, char **argv) {
  if (std::getenv("OMP_WAIT_POLICY") || std::getenv("GOMP_SPINCOUNT"))
    return;
  bool multiThreaded = false;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (!arg.consume_front("--threads") && !arg.consume_front("-threads"))
      continue;
    llvm::StringRef value = arg.consume_front("=") ? arg
                            : arg.empty() && i + 1 < argc
                                ? llvm::StringRef(argv[i + 1])
                                : llvm::StringRef("1");
    unsigned n;
    multiThreaded |= !value.getAsInteger(10, n) && n > 1;
  }
  if (!multiThreaded)
    return;
  setenv("OMP_WAIT_POLICY", "passive", 1);
  execv("/proc/self/exe", argv); // on failure, go on with the default policy
}

int main(int argc, char **argv) {
  preferPassiveOpenMPWaits(argc, argv);
  llvm::InitLLVM init(argc, argv);
  if (!llvm::cl::ParseCommandLineOptions(
          argc, argv, "nndct: quantize, run and inspect models\n",
          &llvm::errs()))
    return 1;
  if (mlir::nndct::runSubCommand)
    return mlir::nndct::runCommand();
  if (mlir::nndct::getQuantizeSubCommand())
    return mlir::nndct::quantizeCommand();
  if (mlir::nndct::getEvalSubCommand())
    return mlir::nndct::evalCommand();
  if (mlir::nndct::getAnalyzeSubCommand())
    return mlir::nndct::analyzeCommand();
  if (mlir::nndct::inspectSubCommand)
    return mlir::nndct::inspectCommand();
  llvm::errs() << "nndct: expected a subcommand (run, quantize, eval, "
                  "analyze, inspect); see "
                  "'nndct --help'\n";
  return 1;
}

//===- Commands.h - the subcommands of the nndct tool -----------*- C++ -*-===//
//
// Each subcommand lives in its own file and owns its llvm::cl options
// (registered under its cl::SubCommand); main() only dispatches.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_NNDCT_COMMANDS_H
#define NNDCT_TOOLS_NNDCT_COMMANDS_H

#include "llvm/Support/CommandLine.h"

namespace mlir::nndct {

/// `nndct run MODEL --input FILE... -o OUTDIR`: execute a model on tensors.
extern llvm::cl::SubCommand runSubCommand;
int runCommand();

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_NNDCT_COMMANDS_H

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

/// `nndct quantize MODEL --calib-data DATA [--mode calib|test] -o DIR`:
/// vai_q_pytorch's torch_quantizer workflow (QuantizeCommand.cpp). The
/// subcommand objects are function-local statics so options in several
/// files (CommandSupport.cpp) can name them during static initialization.
llvm::cl::SubCommand &getQuantizeSubCommand();
int quantizeCommand();

/// `nndct eval MODEL [--quant DIR] --data DATA --labels LABELS`: float vs
/// quantized top-1, or per-layer SQNR (EvalCommand.cpp).
llvm::cl::SubCommand &getEvalSubCommand();
int evalCommand();

/// `nndct analyze MODEL [--quant DIR] --data DATA`: every fix ranked by
/// what it does to the network output (AnalyzeCommand.cpp).
llvm::cl::SubCommand &getAnalyzeSubCommand();
int analyzeCommand();

/// `nndct inspect MODEL|BUNDLE [--dot FILE] [--html FILE]`: the device and
/// engine or CPU reason of every op (InspectCommand.cpp).
extern llvm::cl::SubCommand inspectSubCommand;
int inspectCommand();

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_NNDCT_COMMANDS_H

//===- ModelSource.h - parsing untrusted .mlir model files ------*- C++ -*-===//
//
// Every nndct tool that reads MLIR source (nndct-opt, the nndct-translate
// exporters, `nndct run|eval|quantize` on a bundle) goes through here. MLIR
// 22's parser aborts the whole process ("LLVM ERROR: out of memory") on a
// dense_resource blob that declares alignment 0 or an enormous one, so the
// blobs are checked before the text reaches the parser.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_MODELSOURCE_H
#define NNDCT_IR_MODELSOURCE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/Support/SourceMgr.h"

#include <functional>

namespace mlir::nndct {

/// Largest blob alignment accepted (MLIR writes the element alignment).
constexpr uint32_t kMaxResourceAlignment = 1u << 16;

/// Checks the alignment of every hex blob in the `{-# dialect_resources #-}`
/// section of `sourceMgr`'s main buffer; emits an error at the first bad
/// blob (naming its key and the value) and fails.
LogicalResult checkResourceBlobs(const llvm::SourceMgr &sourceMgr,
                                 MLIRContext *context);

/// checkResourceBlobs, then parse (and verify) the module.
OwningOpRef<ModuleOp> parseModelSource(llvm::SourceMgr &sourceMgr,
                                       MLIRContext *context);

/// Registers an nndct-translate translation from MLIR source to `emit`,
/// parsing with parseModelSource (TranslateFromMLIRRegistration would hand
/// the text to MLIR's parser unchecked).
void registerModelExport(
    llvm::StringRef name, llvm::StringRef description,
    std::function<LogicalResult(ModuleOp, llvm::raw_ostream &)> emit,
    std::function<void(DialectRegistry &)> dialects);

} // namespace mlir::nndct

#endif // NNDCT_IR_MODELSOURCE_H

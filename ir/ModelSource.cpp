//===- ModelSource.cpp - parsing untrusted .mlir model files --------------===//

#include "ir/ModelSource.h"
#include "ir/Naming.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

LogicalResult nndct::checkResourceBlobs(const llvm::SourceMgr &sourceMgr,
                                        MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  llvm::StringRef text = buffer->getBuffer();
  size_t section = text.find("{-#");
  if (section == llvm::StringRef::npos)
    return success();
  for (size_t pos = text.find("\"0x", section); pos != llvm::StringRef::npos;
       pos = text.find("\"0x", pos + 3)) {
    llvm::StringRef hex = text.substr(pos + 3, 8);
    if (hex.size() < 8 || !llvm::all_of(hex, llvm::isHexDigit))
      continue; // too short or not hex: MLIR's parser reports it
    // The first four bytes, little endian, are the blob's alignment.
    uint32_t align = 0;
    for (int byte = 3; byte >= 0; --byte)
      align =
          (align << 8) | llvm::hexFromNibbles(hex[2 * byte], hex[2 * byte + 1]);
    if (align != 0 && align <= kMaxResourceAlignment &&
        llvm::isPowerOf2_32(align))
      continue;
    // The blob's line reads `key: "0x..."`.
    size_t lineStart = text.rfind('\n', pos) + 1; // npos + 1 == 0
    llvm::StringRef key = text.slice(lineStart, pos).trim().rtrim(':').trim();
    auto [line, column] = sourceMgr.getLineAndColumn(
        llvm::SMLoc::getFromPointer(text.data() + pos),
        sourceMgr.getMainFileID());
    return emitError(FileLineColLoc::get(context, buffer->getBufferIdentifier(),
                                         line, column))
           << "resource blob '" << escapeUntrustedText(key.take_front(64))
           << "' declares alignment " << align
           << "; expected a power of two from 1 to " << kMaxResourceAlignment;
  }
  return success();
}

OwningOpRef<ModuleOp> nndct::parseModelSource(llvm::SourceMgr &sourceMgr,
                                              MLIRContext *context) {
  if (failed(checkResourceBlobs(sourceMgr, context)))
    return nullptr;
  return parseSourceFile<ModuleOp>(sourceMgr, context);
}

void nndct::registerModelExport(
    llvm::StringRef name, llvm::StringRef description,
    std::function<LogicalResult(ModuleOp, llvm::raw_ostream &)> emit,
    std::function<void(DialectRegistry &)> dialects) {
  TranslateRegistration(
      name, description,
      [emit, dialects](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
                       llvm::raw_ostream &output, MLIRContext *context) {
        DialectRegistry registry;
        dialects(registry);
        context->appendDialectRegistry(registry);
        OwningOpRef<ModuleOp> module = parseModelSource(*sourceMgr, context);
        if (!module)
          return failure();
        return emit(*module, output);
      });
}

//===- OutputStage.h - all-or-nothing output directories --------*- C++ -*-===//
//
// Every nndct command that writes a result folder (`nndct run -o`, `nndct
// quantize -o`) writes its files into a sibling temp directory
// and renames them into the output directory only when the whole command
// succeeded, so a failure never leaves a half-written result. Single files
// written outside a folder use llvm::sys::fs::TempFile instead.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_NNDCT_OUTPUTSTAGE_H
#define NNDCT_TOOLS_NNDCT_OUTPUTSTAGE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::nndct {

/// Output files staged in `<parent>/.<dir>.nndct-tmp-<pid>` and moved into
/// `dir` by commit(); destroying an uncommitted stage removes everything it
/// created (including `dir` and parents it had to create).
class OutputStage {
public:
  static llvm::Expected<std::unique_ptr<OutputStage>>
  create(llvm::StringRef dir);
  ~OutputStage();
  /// The temp path where the output `name` is written.
  std::string path(llvm::StringRef name) const;
  /// The final path of the output `name`.
  std::string finalPath(llvm::StringRef name) const;
  /// Renames every staged file into the output directory.
  llvm::Error commit();

private:
  OutputStage() = default;
  std::string dir, stage;
  std::vector<std::string> createdDirs;
  bool committed = false;
};

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_NNDCT_OUTPUTSTAGE_H

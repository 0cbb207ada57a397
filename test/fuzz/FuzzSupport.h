//===- FuzzSupport.h - shared helpers of the fuzz targets -------*- C++ -*-===//
//
// Every target gets a fresh MLIRContext per input (a shared one would keep
// every attribute an input ever created, so memory would grow without end),
// single-threaded (kernels run inline and ASan reports stay readable), with
// its diagnostics swallowed: an error diagnostic is the expected answer to
// a bad input, only a crash, a sanitizer report or a broken invariant is a
// finding.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TEST_FUZZ_FUZZSUPPORT_H
#define NNDCT_TEST_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace mlir::nndct::fuzz {

inline llvm::StringRef bytes(const uint8_t *data, size_t size) {
  return llvm::StringRef(reinterpret_cast<const char *>(data), size);
}

/// A single-threaded context whose diagnostics are dropped; the last error
/// is kept for reporting a broken invariant.
class QuietContext {
public:
  explicit QuietContext(const DialectRegistry &registry)
      : context(registry, MLIRContext::Threading::DISABLED),
        handler(&context, [this](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Error)
            lastError = diag.str();
          return success();
        }) {}
  QuietContext() : QuietContext(DialectRegistry()) {}

  MLIRContext *get() { return &context; }

  /// Aborts (a finding) with `what` and the last error seen.
  [[noreturn]] void fail(const char *what) {
    std::fprintf(stderr, "fuzz invariant broken: %s\nlast error: %s\n", what,
                 lastError.c_str());
    std::abort();
  }

private:
  MLIRContext context;
  ScopedDiagnosticHandler handler;
  std::string lastError;
};

/// External data of a fuzzed model or tensor resolves against this folder,
/// which does not exist: an input can make the reader look for a file, but
/// never read one (not even through "..", which the kernel resolves only
/// after the missing folder).
inline constexpr llvm::StringLiteral kNoDataDir = "/nonexistent-nndct-fuzz-dir";

} // namespace mlir::nndct::fuzz

#endif // NNDCT_TEST_FUZZ_FUZZSUPPORT_H

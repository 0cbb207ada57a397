//===- OptionChecks.h - range rules of numeric pass options -----*- C++ -*-===//
//
// The numeric options of the nndct passes have ranges (a percentile is in
// (0, 100], a thread count is positive). One rule per option lives here and
// is checked twice: when nndct-opt parses a pipeline string (so the error
// names the option before anything runs) and when the pass starts (passes
// built from C++ never go through the parser). Messages print the value as
// a number, whatever the option's C++ type.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_OPTIONCHECKS_H
#define NNDCT_PASSES_OPTIONCHECKS_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"

#include <cmath>
#include <initializer_list>
#include <string>

namespace mlir::nndct::options {

/// Largest interpreter thread count any option accepts.
constexpr int64_t kMaxThreads = 1024;

/// "" when lo <= value <= hi, else "<option> must be in [lo, hi], got value".
std::string checkRange(StringRef option, int64_t value, int64_t lo, int64_t hi);
/// "" when lo < value <= hi and value is a number, else a message.
std::string checkOpenClosed(StringRef option, double value, double lo,
                            double hi);

/// The rules, by option.
inline std::string checkBitWidth(int64_t v) {
  return checkRange("bit-width", v, 2, 32);
}
inline std::string checkThreads(int64_t v) {
  return checkRange("threads", v, 1, kMaxThreads);
}
/// 0 means "the function's batch".
inline std::string checkBatch(int64_t v) {
  return checkRange("batch", v, 0, INT32_MAX);
}
inline std::string checkPercentile(double v) {
  return checkOpenClosed("percentile", v, 0.0, 100.0);
}
inline std::string checkRate(double v) {
  return checkOpenClosed("rate", v, 0.0, 1.0);
}
/// 0 means "no search".
inline std::string checkMaxFloatOps(int64_t v) {
  return checkRange("max-float-ops", v, 0, INT32_MAX);
}
inline std::string checkKeepFloatSqnr(double v) {
  return checkOpenClosed("keep-float-sqnr", v, 0.0, HUGE_VAL);
}

/// The first non-empty message of `problems`, or "".
std::string firstProblem(std::initializer_list<std::string> problems);

/// For Pass::initializeOptions: forwards a non-empty `problem` to the
/// pipeline parser's error handler, prefixed with the pass (or pipeline)
/// argument.
LogicalResult
reportAtParse(const std::string &problem, StringRef passArgument,
              function_ref<LogicalResult(const Twine &)> errorHandler);

/// The body of `initializeOptions` for a pass with an `optionProblem()`:
/// the generated parser (`BaseT`), then the range rules.
template <typename BaseT, typename PassT>
LogicalResult
initializeChecked(PassT &pass, StringRef text,
                  function_ref<LogicalResult(const Twine &)> errorHandler) {
  if (failed(pass.BaseT::initializeOptions(text, errorHandler)))
    return failure();
  return reportAtParse(pass.optionProblem(), pass.getArgument(), errorHandler);
}

/// For runOnOperation: emits a non-empty `problem` on `op`, prefixed with
/// the pass argument.
LogicalResult reportAtRun(const std::string &problem, StringRef passArgument,
                          Operation *op);

} // namespace mlir::nndct::options

#endif // NNDCT_PASSES_OPTIONCHECKS_H

//===- OptionChecks.cpp - range rules of numeric pass options -------------===//

#include "passes/OptionChecks.h"

#include "llvm/Support/FormatVariadic.h"

#include <cstdio>

using namespace mlir;

/// `value` as a user would write it (200, 0.05, nan).
static std::string shortest(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string nndct::options::checkRange(StringRef option, int64_t value,
                                       int64_t lo, int64_t hi) {
  if (value >= lo && value <= hi)
    return "";
  return llvm::formatv("{0} must be in [{1}, {2}], got {3}", option, lo, hi,
                       value)
      .str();
}

std::string nndct::options::checkOpenClosed(StringRef option, double value,
                                            double lo, double hi) {
  if (value > lo && value <= hi) // false for NaN
    return "";
  return llvm::formatv("{0} must be in ({1}, {2}], got {3}", option,
                       shortest(lo), shortest(hi), shortest(value))
      .str();
}

std::string
nndct::options::firstProblem(std::initializer_list<std::string> problems) {
  for (const std::string &p : problems)
    if (!p.empty())
      return p;
  return "";
}

LogicalResult nndct::options::reportAtParse(
    const std::string &problem, StringRef passArgument,
    function_ref<LogicalResult(const Twine &)> errorHandler) {
  if (problem.empty())
    return success();
  (void)errorHandler(passArgument + ": " + problem);
  return failure();
}

LogicalResult nndct::options::reportAtRun(const std::string &problem,
                                          StringRef passArgument,
                                          Operation *op) {
  if (problem.empty())
    return success();
  return op->emitError() << passArgument << ": " << problem;
}

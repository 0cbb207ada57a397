//===- NNDCTDialect.h - the nndct dialect -----------------------*- C++ -*-===//
//
// Declares the nndct dialect class, its enums and attributes.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_NNDCTDIALECT_H
#define NNDCT_IR_NNDCTDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"

#include "mlir/IR/DialectImplementation.h"

#include "ir/NNDCTDialect.h.inc"
#include "ir/NNDCTEnums.h.inc"

namespace mlir::nndct {
/// Parses a float literal as an f64 APFloat (for attribute parameters).
inline FailureOr<llvm::APFloat> parseF64(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return llvm::APFloat(value);
}

/// Parses `[1, 2, 3]` (attribute parameters).
inline FailureOr<SmallVector<int64_t>> parseI64List(AsmParser &parser) {
  SmallVector<int64_t> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(values.emplace_back());
      }))
    return failure();
  return values;
}

inline void printI64List(AsmPrinter &printer, ArrayRef<int64_t> values) {
  printer << '[';
  llvm::interleaveComma(values, printer);
  printer << ']';
}
} // namespace mlir::nndct

#define GET_ATTRDEF_CLASSES
#include "ir/NNDCTAttrs.h.inc"

namespace mlir::nndct {
/// Name of the module attribute holding the #nndct.target.
inline constexpr llvm::StringLiteral kTargetAttrName = "nndct.target";
} // namespace mlir::nndct

#endif // NNDCT_IR_NNDCTDIALECT_H

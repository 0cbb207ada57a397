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

/// Parses `[1.5, 2.0e-03]` (attribute parameters).
inline FailureOr<SmallVector<llvm::APFloat>> parseF64List(AsmParser &parser) {
  SmallVector<llvm::APFloat> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        double v;
        if (parser.parseFloat(v))
          return failure();
        values.emplace_back(v);
        return success();
      }))
    return failure();
  return values;
}

inline void printF64List(AsmPrinter &printer, ArrayRef<llvm::APFloat> values) {
  printer << '[';
  llvm::interleaveComma(values, printer,
                        [&](const llvm::APFloat &v) { printer.printFloat(v); });
  printer << ']';
}
} // namespace mlir::nndct

#define GET_ATTRDEF_CLASSES
#include "ir/NNDCTAttrs.h.inc"

namespace mlir::nndct {
/// The discardable attributes' names (declared in NNDCTDialect.td).
/// On function arguments/results: the source model's tensor name.
inline constexpr llvm::StringLiteral kNameAttr =
    NNDCTDialect::NameAttrHelper::getNameStr();
/// On the module: the #nndct.target.
inline constexpr llvm::StringLiteral kTargetAttrName =
    NNDCTDialect::TargetAttrHelper::getNameStr();
/// On the module (unit): bias correction changed the biases.
inline constexpr llvm::StringLiteral kBiasCorrectedAttr =
    NNDCTDialect::BiasCorrectedAttrHelper::getNameStr();
/// On ops: the #nndct.placement nndct-place-ops chose.
inline constexpr llvm::StringLiteral kPlacementAttrName =
    NNDCTDialect::PlacementAttrHelper::getNameStr();
/// On NPU ops: the #nndct.shifts nndct-legalize-fix-points computed.
inline constexpr llvm::StringLiteral kShiftsAttrName =
    NNDCTDialect::ShiftsAttrHelper::getNameStr();
/// On fixes: the output noise nndct-measure-output-noise measured.
inline constexpr llvm::StringLiteral kOutputNoiseAttrName =
    NNDCTDialect::OutputNoiseAttrHelper::getNameStr();
/// On convs and linears: the fit nndct-fast-finetune made.
inline constexpr llvm::StringLiteral kFinetuneAttrName =
    NNDCTDialect::FinetuneAttrHelper::getNameStr();
/// On ops: kept float inside a quantized region, with the reason
/// (nndct-keep-float).
inline constexpr llvm::StringLiteral kKeptFloatAttrName =
    NNDCTDialect::KeptFloatAttrHelper::getNameStr();
/// On the module (unit): fast finetuning changed weights/biases.
inline constexpr llvm::StringLiteral kFastFinetunedAttr =
    NNDCTDialect::FastFinetunedAttrHelper::getNameStr();
/// On the module: the ONNX opset and producer the frontend read.
inline constexpr llvm::StringLiteral kOnnxOpsetAttr =
    NNDCTDialect::OnnxOpsetAttrHelper::getNameStr();
inline constexpr llvm::StringLiteral kProducerAttr =
    NNDCTDialect::ProducerAttrHelper::getNameStr();
} // namespace mlir::nndct

#endif // NNDCT_IR_NNDCTDIALECT_H

//===- ConstantUtils.h - reading and making constant tensors ----*- C++ -*-===//
//
// Weights live in `dense_resource` blobs (or small `dense` literals). These
// helpers read either form as plain values and create new resource-backed
// constants, so passes and importers never depend on which form they got.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_CONSTANTUTILS_H
#define NNDCT_IR_CONSTANTUTILS_H

#include "ir/NNDCTOps.h"
#include "mlir/IR/Builders.h"
#include <optional>
#include <vector>

namespace mlir::nndct {

/// The float values of an f32/f16/bf16 elements attribute in row-major order
/// (splats expanded); std::nullopt if the attribute has no readable data
/// (for example a dense_resource whose blob is missing).
std::optional<std::vector<float>> readFloats(ElementsAttr attr);

/// The integer values of an integer elements attribute.
std::optional<std::vector<int64_t>> readInts(ElementsAttr attr);

/// An f32 elements attribute holding `values`, stored as a dense_resource
/// blob named `name` (uniqued by the context when the name is taken).
ElementsAttr makeFloatResource(RankedTensorType type, StringRef name,
                               ArrayRef<float> values);

/// Creates an nndct.constant of `values` with the given type (f32).
ConstantOp createFloatConstant(OpBuilder &builder, Location loc,
                               RankedTensorType type, StringRef name,
                               ArrayRef<float> values);

/// Gives `value` (an f32 constant) the new data `values` while keeping the
/// parameter's name: when `value` is a dense_resource blob whose constant has
/// exactly one use, the blob's data is replaced in place (the name is what
/// quant_info.json, the ONNX initializers and the xmodel consts are keyed
/// by, and a rewrite such as batch-norm folding or bias correction must not
/// rename the user's parameter). Otherwise a new constant is created next to
/// the old one with a blob named `fallbackName`.
Value replaceFloatData(OpBuilder &builder, Value value, ArrayRef<float> values,
                       StringRef fallbackName);

/// Gives the constant behind `fix` the data `values` (replaceFloatData:
/// the parameter's name kept, else a blob named `fallbackName`) and erases
/// the old constant when nothing else reads it.
void replaceFixInputData(FixOp fix, ArrayRef<float> values,
                         StringRef fallbackName);

/// `value` with its elements moved (reshape, transpose): element i of the
/// result, of type `type`, is element gather(i) of `value`. Splats stay
/// splats, f32 data becomes a blob named like `value`'s (uniqued), other
/// dense data stays dense. Null when the data cannot be read.
ElementsAttr gatherElements(ElementsAttr value, RankedTensorType type,
                            function_ref<int64_t(int64_t)> gather);

/// The blob name of a dense_resource attribute, or `fallback` otherwise.
std::string resourceName(ElementsAttr attr, StringRef fallback);

/// The elements attribute behind `v` when it is produced by a constant.
ElementsAttr getConstantValue(Value v);

/// The single value every element of constant `v` holds, if it is one.
std::optional<float> uniformConstant(Value v);

} // namespace mlir::nndct

#endif // NNDCT_IR_CONSTANTUTILS_H

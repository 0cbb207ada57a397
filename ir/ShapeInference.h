//===- ShapeInference.h - shape rules shared by ops and importers -*- C++
//-*-===//
//
// The arithmetic behind the ops' result types, in one place so the
// verifiers, the frontends and the interpreter agree on every size.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_SHAPEINFERENCE_H
#define NNDCT_IR_SHAPEINFERENCE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace mlir::nndct {

/// Numpy broadcast of two shapes; std::nullopt when incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// True when `from` broadcasts to exactly `to` (unidirectional).
bool broadcastsTo(llvm::ArrayRef<int64_t> from, llvm::ArrayRef<int64_t> to);

/// Output extent of a convolution/pooling window along one dimension, or a
/// value <= 0 when the window does not fit. `ceilMode` follows PyTorch/ONNX:
/// the last window must start inside the input or its leading padding.
int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t padBegin, int64_t padEnd, int64_t dilation,
                         bool ceilMode = false);

/// Output extent of a transposed convolution along one dimension.
int64_t transposedOutputSize(int64_t in, int64_t kernel, int64_t stride,
                             int64_t padBegin, int64_t padEnd, int64_t dilation,
                             int64_t outputPadding);

/// Number of elements of a static shape.
int64_t numElements(llvm::ArrayRef<int64_t> shape);

} // namespace mlir::nndct

#endif // NNDCT_IR_SHAPEINFERENCE_H

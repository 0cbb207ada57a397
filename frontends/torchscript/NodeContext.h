//===- NodeContext.h - what an aten converter sees --------------*- C++ -*-===//
//
// Internal to NNDCTFrontendTorch (includes libtorch). The graph walk hands
// each aten node whose operands depend on the input to its converter as a
// NodeContext: the node's evaluated arguments (read by schema name), its
// shadow outputs (exact result types) and diagnostics that name the node.
//
// One converter per aten op (or family) whose operands depend on the model
// input. Arguments are read by their schema names, so every overload of an
// op (conv2d vs _convolution, upsample .vec) shares one converter. Result
// types come from the shadow tensors the importer computed with libtorch;
// the nndct verifiers then check them against nndct's own shape inference.
// The converters live in aten/*.cpp, one file per op family (as the ONNX
// importer's handlers live in frontends/onnx/ops/).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_FRONTENDS_TORCHSCRIPT_NODECONTEXT_H
#define NNDCT_FRONTENDS_TORCHSCRIPT_NODECONTEXT_H

#include "frontends/torchscript/GraphImporter.h"

namespace mlir::nndct::torchscript {

/// What a converter sees: one node with its evaluated arguments.
class NodeContext {
public:
  NodeContext(GraphImporter &importer, torch::jit::Node *node,
              std::vector<TValue> &args, std::vector<c10::IValue> &shadows,
              Location loc);

  torch::jit::Node *node;
  Location loc;
  OpBuilder &builder;
  GraphImporter &importer;

  /// The node kind ("aten::conv2d").
  std::string kind() const;
  /// Index of a schema argument by name, or -1.
  int argIndex(StringRef name) const;
  /// Argument by index or schema name (asserts it exists).
  const TValue &arg(unsigned i) const { return args[i]; }
  const TValue &arg(StringRef name) const;
  bool hasArg(StringRef name) const { return argIndex(name) >= 0; }
  unsigned numArgs() const { return args.size(); }

  /// True when the argument is a constant None (or absent).
  bool isNone(StringRef name) const;
  /// Constant readers; emit a diagnostic and fail when the argument is
  /// data dependent or of the wrong type.
  FailureOr<int64_t> getInt(StringRef name);
  FailureOr<double> getDouble(StringRef name);
  FailureOr<bool> getBool(StringRef name);
  FailureOr<SmallVector<int64_t>> getInts(StringRef name);
  FailureOr<std::string> getString(StringRef name);
  /// The argument as an MLIR tensor value (constants are materialized by
  /// the importer; a diagnostic when it is not a tensor).
  FailureOr<Value> tensor(StringRef name);
  FailureOr<Value> tensor(unsigned i);

  /// Type of result `i` (from the shadow output), f32 for float tensors.
  RankedTensorType resultType(unsigned i = 0) const;
  /// Shape of result `i`.
  ArrayRef<int64_t> resultShape(unsigned i = 0) const {
    return resultType(i).getShape();
  }
  /// Shadows of the outputs.
  const std::vector<c10::IValue> &outputs() const { return shadows; }
  /// Input rank/shape of a tensor argument (from its shadow).
  SmallVector<int64_t> shapeOf(StringRef name) const;
  SmallVector<int64_t> shapeOf(unsigned i) const;

  /// Emits "unsupported" for this node with `why` and returns failure.
  LogicalResult unsupported(const Twine &why);

  /// Makes an f32 constant (plain dense literal) of the given shape.
  Value floatConstant(ArrayRef<int64_t> shape, ArrayRef<float> values);

private:
  std::vector<TValue> &args;
  std::vector<c10::IValue> &shadows;
};

/// Converts one aten op with input-dependent operands into nndct ops; fills
/// one value per node output tensor (several for chunk/split lists).
using ConvertFn = LogicalResult (*)(NodeContext &ctx,
                                    SmallVectorImpl<Value> &results);

/// Converters by node kind ("aten::relu").
using ConverterMap = llvm::StringMap<ConvertFn>;

/// The converters of every op family. In-place variants ("aten::relu_") are
/// looked up without the trailing underscore.
const ConverterMap &getAtenConverters();

/// Registration of the op families (aten/*.cpp).
void registerNNConverters(ConverterMap &converters);
void registerElementwiseConverters(ConverterMap &converters);
void registerDataMovementConverters(ConverterMap &converters);
void registerQuantConverters(ConverterMap &converters);
void registerAttentionConverters(ConverterMap &converters);
// Issue 15 families: normalization, reductions, comparisons and logic,
// elementwise math, indexing.
void registerNormalizationConverters(ConverterMap &converters);
void registerReductionConverters(ConverterMap &converters);
void registerLogicConverters(ConverterMap &converters);
void registerMathConverters(ConverterMap &converters);
void registerIndexingConverters(ConverterMap &converters);
void registerSamplingConverters(ConverterMap &converters);

} // namespace mlir::nndct::torchscript

#endif // NNDCT_FRONTENDS_TORCHSCRIPT_NODECONTEXT_H

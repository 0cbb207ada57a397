//===- ImportContext.h - state shared by the ONNX op handlers ---*- C++ -*-===//
//
// The importer walks the ONNX graph node by node. Every ONNX value is either
// an MLIR value (produced by an nndct op or a function argument) or a host
// constant (an initializer, a Constant node, or the folded result of shape
// arithmetic). Host constants are only materialized as nndct.constant when a
// real op consumes them, so Shape/Gather/Cast/Concat chains fold away.
//
// Op handlers are keyed by (op type, since-version), as in torch-mlir's ONNX
// importer: the handler with the highest since-version not above the model's
// opset is used. Handlers live in ops/*.cpp, one file per op group.
//
// This header is internal to NNDCTFrontendONNX and includes no protobuf types,
// so handlers see only plain attributes and tensors. ImportContext.cpp
// implements the import state, NodeContext and the registry; HostOps.cpp the
// host tensors and their arithmetic.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_FRONTENDS_ONNX_IMPORTCONTEXT_H
#define NNDCT_FRONTENDS_ONNX_IMPORTCONTEXT_H

#include "ir/NNDCTOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir::nndct::onnx_import {

/// ONNX TensorProto element types we distinguish (values as in onnx.proto).
enum ElemType : int32_t {
  kUndefined = 0,
  kFloat = 1,
  kUInt8 = 2,
  kInt8 = 3,
  kUInt16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUInt32 = 12,
  kUInt64 = 13,
  kBFloat16 = 16,
};

/// True for the ONNX floating-point element types.
bool isFloatElem(int32_t elemType);
/// The ONNX name of an element type ("FLOAT", "INT64", ...).
std::string elemTypeName(int32_t elemType);

/// A constant tensor held on the host. Floats are kept as f32 (the dialect's
/// compute type); every integer and bool type as int64.
struct HostTensor {
  std::vector<int64_t> shape;
  int32_t elemType = kFloat;
  std::vector<float> floats;
  std::vector<int64_t> ints;
  /// Blob name when materialized (the initializer name for weights).
  std::string name;
  /// DOUBLE values that overflowed float32 when decoded (TensorProtoIO).
  int64_t doubleOverflow = 0;

  bool isFloat() const { return isFloatElem(elemType); }
  int64_t numElements() const;
  /// Element `i` as a double, whatever the storage.
  double at(int64_t i) const { return isFloat() ? floats[i] : double(ints[i]); }
  /// Element `i` as an int64 (floats truncated).
  int64_t intAt(int64_t i) const {
    return isFloat() ? int64_t(floats[i]) : ints[i];
  }
  /// All elements as int64 (shape vectors, axes, pads...).
  std::vector<int64_t> toInts() const;
  /// All elements as float.
  std::vector<float> toFloats() const;

  static HostTensor makeInts(std::vector<int64_t> shape, std::vector<int64_t> v,
                             int32_t elemType = kInt64);
  static HostTensor makeFloats(std::vector<int64_t> shape,
                               std::vector<float> v);
};

/// One ONNX value during import: an SSA value, a host constant, or both
/// (a constant that was already materialized).
struct Slot {
  Value value;
  std::shared_ptr<HostTensor> constant;
  /// `value` cast to f32 when it is a narrow float (made on first use).
  Value widened;
};

/// A node attribute, converted from AttributeProto.
struct NodeAttr {
  enum Kind { Float, Int, String, Tensor, Floats, Ints, Strings, Graph, Other };
  Kind kind = Other;
  float f = 0;
  int64_t i = 0;
  std::string s;
  std::vector<float> floats;
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  std::shared_ptr<HostTensor> tensor;
};

/// What the graph walk shares with the node handlers: the builder (its
/// insertion point is the body of @main), the slot of every ONNX name
/// defined so far, and the names the graph reads. The importer in
/// ONNXImporter.cpp derives from it and adds the protobuf side.
class ImportState {
public:
  explicit ImportState(MLIRContext *ctx) : ctx(ctx), builder(ctx) {}

  /// Materializes `t` as an nndct.constant at `loc`; the blob is named
  /// after the tensor (an initializer) or else `nameHint`.
  Value materialize(const HostTensor &t, StringRef nameHint, Location loc);
  /// The MLIR element type of an ONNX element type, or null.
  Type mlirElemType(int32_t elemType);

  /// The graph inputs (names) a runtime value is computed from.
  std::vector<std::string> graphInputsOf(Value v);

  MLIRContext *ctx;
  OpBuilder builder;
  llvm::StringMap<Slot> slots;
  /// Names some node or the graph output reads (unread outputs stay unset).
  llvm::StringSet<> usedNames;

  // Binding graph inputs that nodes need as constants (see
  // ImportOptions::values).
  /// Argument k of @main is graph input argNames[k].
  std::vector<std::string> argNames;
  /// Whether a graph input that is an argument has a value to bind.
  std::function<bool(StringRef)> canBind;
  /// Binds graph input `name`, needed as a constant by `who`, for the rest
  /// of this import (which is then redone with it bound from the start):
  /// its value, null when it has none, failure after an error.
  std::function<FailureOr<const HostTensor *>(StringRef name,
                                              const std::string &who)>
      bindNow;
  /// Graph inputs with a value that some node needs as a constant, and
  /// who needs it: the import is redone with them bound.
  std::vector<std::pair<std::string, std::string>> wantBound;
  /// Adds `name` to wantBound (in the order nodes need them); false when
  /// it is there already.
  bool wantBinding(StringRef name, const std::string &who) {
    for (const auto &kv : wantBound)
      if (kv.first == name)
        return false;
    wantBound.emplace_back(name.str(), who);
    return true;
  }
};

/// The view a handler has of the node it imports.
class NodeContext {
public:
  NodeContext(ImportState &state, std::string opType, std::string name,
              std::vector<std::string> inputs, std::vector<std::string> outputs,
              std::map<std::string, NodeAttr> attrs, int64_t opset,
              Location loc);

  StringRef opType() const { return opType_; }
  StringRef name() const { return name_; }
  int64_t opset() const { return opset_; }
  Location loc() const { return loc_; }
  OpBuilder &builder();
  MLIRContext *context();

  /// Number of inputs as written (including empty optional ones).
  size_t numInputs() const { return inputs_.size(); }
  /// True when input `i` is present (not omitted or empty).
  bool hasInput(size_t i) const {
    return i < inputs_.size() && !inputs_[i].empty();
  }
  size_t numOutputs() const { return outputs_.size(); }
  /// True when output `i` is requested and used by the graph.
  bool outputUsed(size_t i) const;

  /// Input `i` as an SSA value (constants are materialized on demand).
  /// FLOAT16/BFLOAT16/DOUBLE values come widened to float32 (one nndct.cast
  /// per value): nndct computes every float in f32 (docs/element-types.md).
  Value input(size_t i);
  /// Input `i` as it is, narrow float types included (Cast, CastLike).
  Value rawInput(size_t i);
  /// Input `i` as a host constant, or null when it is not constant.
  const HostTensor *constInput(size_t i);
  /// The static shape of input `i`.
  std::vector<int64_t> inputShape(size_t i);
  /// The element type of input `i` as the node computes on it: the ONNX
  /// type, with every float type FLOAT (what input() gives).
  int32_t inputElemType(size_t i);
  /// The ONNX element type of input `i` (FLOAT16, DOUBLE... as declared).
  int32_t sourceElemType(size_t i);
  /// True when every present input is a host constant.
  bool allInputsConstant();
  /// Input `i`, which the node needs as a constant (`role`: "shape",
  /// "axes", ...). Null after an error naming the input and, when it
  /// comes from graph inputs, how to bind them (`--bind NAME=FILE`).
  const HostTensor *requireConstInput(size_t i, StringRef role);

  void setOutput(size_t i, Value v);
  void setOutput(size_t i, HostTensor t);

  bool hasAttr(StringRef name) const { return attrs_.count(name.str()); }
  int64_t attrInt(StringRef name, int64_t dflt) const;
  float attrFloat(StringRef name, float dflt) const;
  std::string attrString(StringRef name, StringRef dflt) const;
  std::vector<int64_t> attrInts(StringRef name,
                                std::vector<int64_t> dflt = {}) const;
  std::vector<float> attrFloats(StringRef name,
                                std::vector<float> dflt = {}) const;
  const NodeAttr *attr(StringRef name) const;

  /// Emits an error naming the node: `<OpType> node '<name>': ...`.
  InFlightDiagnostic error();

  /// Materializes `t` as an nndct.constant.
  Value materialize(const HostTensor &t, StringRef nameHint);

  /// Creates `OpTy` with its result types inferred; emits an error naming the
  /// node and returns null when the operands do not fit (never asserts).
  template <typename OpTy>
  Operation *createInferred(ValueRange operands,
                            ArrayRef<NamedAttribute> attrs = {});
  /// Creates `OpTy` with explicit result types.
  template <typename OpTy>
  Operation *createTyped(TypeRange types, ValueRange operands,
                         ArrayRef<NamedAttribute> attrs = {}) {
    return OpTy::create(builder(), loc_, types, operands, attrs).getOperation();
  }

  // Attribute builders.
  NamedAttribute namedI64(StringRef name, int64_t v);
  NamedAttribute namedF32(StringRef name, float v);
  NamedAttribute namedI64Array(StringRef name, ArrayRef<int64_t> v);
  NamedAttribute namedBool(StringRef name, bool v);
  NamedAttribute named(StringRef name, Attribute a);

  /// A reshape of `v` to `shape` (no-op when the shape is unchanged).
  Value reshape(Value v, ArrayRef<int64_t> shape);
  /// A float32 tensor type of `shape`.
  RankedTensorType f32Type(ArrayRef<int64_t> shape);
  /// The MLIR element type of an ONNX element type, or null.
  Type mlirElemType(int32_t elemType) { return state_.mlirElemType(elemType); }

private:
  ImportState &state_;
  std::string opType_, name_;
  std::vector<std::string> inputs_, outputs_;
  std::map<std::string, NodeAttr> attrs_;
  int64_t opset_;
  Location loc_;
};

/// An op handler: imports one node, returns failure after emitting an error.
using OpHandler = std::function<LogicalResult(NodeContext &)>;

/// Handlers keyed by (op type, since-version).
class OpRegistry {
public:
  void add(StringRef opType, int64_t sinceVersion, OpHandler handler);
  /// The handler for `opType` at `opset`, or null.
  const OpHandler *lookup(StringRef opType, int64_t opset) const;
  /// The handler registry with every op group registered.
  static const OpRegistry &get();

private:
  llvm::StringMap<std::map<int64_t, OpHandler>> handlers_;
};

/// Registration of the op groups (ops/*.cpp).
void registerElementwiseOps(OpRegistry &registry);
void registerNNOps(OpRegistry &registry);
void registerDataMovementOps(OpRegistry &registry);
void registerShapeOps(OpRegistry &registry);
void registerQuantOps(OpRegistry &registry);
void registerReductionOps(OpRegistry &registry);
void registerSamplingOps(OpRegistry &registry);
void registerClassicOps(OpRegistry &registry);

/// MaxPool with its Indices output in use (ops/Classic.cpp).
LogicalResult importMaxPoolWithIndices(NodeContext &nc);

//===----------------------------------------------------------------------===//
// Host tensor arithmetic (HostOps.cpp) used by constant folding.
//===----------------------------------------------------------------------===//

/// Numpy-broadcasting elementwise op over host constants. `fn` computes on
/// doubles; the result has `resultElem` type (ints are truncated toward 0).
std::optional<HostTensor>
hostBinary(const HostTensor &a, const HostTensor &b, int32_t resultElem,
           const std::function<double(double, double)> &fn);
/// Row-major permutation of a host tensor.
HostTensor hostTranspose(const HostTensor &t, ArrayRef<int64_t> perm);
/// Strided slice of a host tensor: per-dimension normalized start/step/count.
HostTensor hostSlice(const HostTensor &t, ArrayRef<int64_t> starts,
                     ArrayRef<int64_t> steps, ArrayRef<int64_t> counts);
/// Broadcasts a host tensor to `shape`.
HostTensor hostBroadcast(const HostTensor &t, ArrayRef<int64_t> shape);
/// Converts a host tensor to another element type (ONNX Cast semantics).
HostTensor hostCast(const HostTensor &t, int32_t elemType);

/// Normalizes a possibly negative axis against `rank`; nullopt when out of
/// range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// Requires input `i` to be a float tensor for an nndct compute op (shared by
/// the ops/*.cpp importers).
LogicalResult requireFloat(NodeContext &nc, size_t i);

/// An ONNX Conv of `x` by `w` (+ `bias` when set) with the node's window
/// attributes (NN.cpp; also the core of ConvInteger/QLinearConv).
FailureOr<Value> emitConv(NodeContext &nc, Value x, Value w, Value bias);

/// `axes` of a rank-`rank` input made non-negative, sorted and unique; an
/// out-of-range axis is an error on the node.
LogicalResult normalizeAxes(NodeContext &nc, std::vector<int64_t> &axes,
                            int64_t rank);

/// Result 0 of `op`, or a null Value when creating it failed.
inline Value result(Operation *op) { return op ? op->getResult(0) : Value(); }

/// Template implementation.
template <typename OpTy>
Operation *NodeContext::createInferred(ValueRange operands,
                                       ArrayRef<NamedAttribute> attrs) {
  MLIRContext *ctx = context();
  NamedAttrList list(attrs);
  DictionaryAttr dict = list.getDictionary(ctx);
  typename OpTy::Properties props;
  if (failed(OpTy::setPropertiesFromAttr(
          props, dict, [&]() { return error() << "invalid attributes: "; })))
    return nullptr;
  SmallVector<Type> types;
  if (failed(OpTy::inferReturnTypes(ctx, loc_, operands, dict,
                                    OpaqueProperties(&props), {}, types))) {
    error() << "cannot be expressed as " << OpTy::getOperationName()
            << " (operand shapes or attributes do not fit; see above)";
    return nullptr;
  }
  return OpTy::create(builder(), loc_, types, operands, attrs).getOperation();
}

} // namespace mlir::nndct::onnx_import

#endif // NNDCT_FRONTENDS_ONNX_IMPORTCONTEXT_H

//===- ExportContext.h - state of one ONNX export ----------------*- C++
//-*-===//
//
// The GraphProto under construction plus the bookkeeping every converter
// needs: unique tensor and node names taken from the source model, the ONNX
// name of each MLIR value, lazily created initializers for constants, and
// small helpers to add nodes, attributes and constant tensors.
//
// Private to NNDCTBackendONNX (it includes protobuf headers).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_ONNX_EXPORTCONTEXT_H
#define NNDCT_BACKENDS_ONNX_EXPORTCONTEXT_H

#include "backends/onnx/ONNXExporter.h"
#include "ir/Naming.h"

#include "ir/NNDCTOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <onnx/onnx_pb.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace mlir::nndct::onnx_export {

/// ONNX element type of an MLIR element type; UNDEFINED when unsupported.
int32_t onnxElementType(Type type);

class ExportContext {
public:
  ExportContext(onnx::GraphProto &graph, const ONNXExportOptions &options)
      : graph(graph), options(options) {}

  const ONNXExportOptions &getOptions() const { return options; }
  int64_t opset() const { return options.opset; }
  bool exact() const { return options.rounding == ONNXRounding::Exact; }

  /// `base` if no tensor or node has it yet, else `base_1`, `base_2`, ...
  std::string uniqueName(llvm::StringRef base);
  /// A node name unique among nodes (tensors have their own namespace).
  std::string uniqueNodeName(llvm::StringRef base);
  /// Reserves `name` (graph inputs/outputs) so nothing else takes it.
  void reserve(llvm::StringRef name) { used.insert(name); }

  /// The node name of `op`: its location's name or `<mnemonic>_<k>`.
  std::string nodeName(Operation *op);

  /// The ONNX tensor holding `v`; constants become initializers on first
  /// use. Fails (diagnostic on the user) for values never defined.
  FailureOr<std::string> valueName(Value v, Operation *user);
  /// Records the ONNX tensor of `v`.
  void setValueName(Value v, llvm::StringRef name) { names[v] = name.str(); }
  /// The graph output name requested for `v` (from `nndct.name`), or "".
  std::string requestedName(Value v) const { return requested.lookup(v); }
  void requestName(Value v, llvm::StringRef name) { requested[v] = name.str(); }

  /// The name a new tensor for `v` gets: its requested graph output name if
  /// any (used once), else a unique name from `base`.
  std::string resultName(Value v, llvm::StringRef base);

  /// Appends a node; empty input names are ONNX's "optional input absent".
  onnx::NodeProto &addNode(llvm::StringRef opType, llvm::StringRef name,
                           std::initializer_list<std::string> inputs,
                           std::initializer_list<std::string> outputs);
  onnx::NodeProto &addNode(llvm::StringRef opType, llvm::StringRef name,
                           const std::vector<std::string> &inputs,
                           const std::vector<std::string> &outputs);

  static void setAttr(onnx::NodeProto &node, llvm::StringRef name,
                      int64_t value);
  static void setAttr(onnx::NodeProto &node, llvm::StringRef name, float value);
  static void setAttr(onnx::NodeProto &node, llvm::StringRef name,
                      llvm::StringRef value);
  static void setAttr(onnx::NodeProto &node, llvm::StringRef name,
                      llvm::ArrayRef<int64_t> values);

  /// New initializers (named uniquely from `base`); return their names.
  std::string addFloatTensor(llvm::StringRef base,
                             llvm::ArrayRef<int64_t> shape,
                             llvm::ArrayRef<float> values);
  std::string addFloatScalar(llvm::StringRef base, float value) {
    return addFloatTensor(base, {}, {value});
  }
  std::string addInt64Tensor(llvm::StringRef base,
                             llvm::ArrayRef<int64_t> values);
  /// A 0-D initializer of element type `element` holding `value` (Clip
  /// bounds and Pad values of integer tensors have the data's type).
  std::string addScalar(llvm::StringRef base, Type element, double value);
  /// A 1-D initializer of element type `element` (OneHot's values).
  std::string addVector(llvm::StringRef base, Type element,
                        llvm::ArrayRef<double> values);
  /// A 0-D int8 (or uint8) zero point.
  std::string addZeroPoint(llvm::StringRef base, bool isSigned);

  /// Creates the initializer of a constant op (named after its blob).
  FailureOr<std::string> addConstant(ConstantOp constant);

  onnx::GraphProto &getGraph() { return graph; }

private:
  onnx::GraphProto &graph;
  const ONNXExportOptions &options;
  llvm::StringSet<> used, usedNodes;
  llvm::DenseMap<Value, std::string> names;
  llvm::DenseMap<Value, std::string> requested;
  llvm::DenseMap<Operation *, unsigned> unnamedIndex;
};

/// Exports one op (not a fix, region or terminator). Emits a diagnostic
/// naming the node and fails when the op has no ONNX form.
LogicalResult exportOp(ExportContext &ctx, Operation *op);

/// Exports one nndct.fix: a Q/DQ pair (or the exact-rounding pattern), or
/// an alias when the fix has no fix point.
LogicalResult exportFix(ExportContext &ctx, FixOp fix);

} // namespace mlir::nndct::onnx_export

#endif // NNDCT_BACKENDS_ONNX_EXPORTCONTEXT_H

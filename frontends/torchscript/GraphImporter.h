//===- GraphImporter.h - walks TorchScript graphs into nndct ----*- C++ -*-===//
//
// Internal to NNDCTFrontendTorch (includes libtorch). The importer walks the
// module's `forward` graph without inlining or freezing it: it follows
// prim::CallMethod into submodules (so module paths name the ops and
// parameters, and QuantStub/DeQuantStub calls are still visible), unrolls
// prim::If / prim::Loop whose conditions are constants, and evaluates
// everything that does not depend on the input data (shape arithmetic, list
// building, parameter preprocessing) with libtorch's own operators.
//
// Tensors that depend on the input are "symbolic": each has an MLIR value
// and a shadow torch::Tensor computed by running the same operator on a
// sample input, which gives exact result shapes for every op.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_FRONTENDS_TORCHSCRIPT_GRAPHIMPORTER_H
#define NNDCT_FRONTENDS_TORCHSCRIPT_GRAPHIMPORTER_H

#include "frontends/torchscript/TorchScriptImporter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/ir/ir.h>

#include <optional>
#include <unordered_map>

namespace mlir::nndct::torchscript {

/// What a TorchScript value is during the import.
struct TValue {
  enum class Kind {
    Constant, ///< known at import time (`value`); tensors are parameters
    Tensor,   ///< depends on the input: `mlir` value + shadow tensor
    Scalar,   ///< a number/bool computed from input data (shadow in `value`)
    Sequence, ///< list/tuple holding non-constant elements (`elements`)
    Module,   ///< a module object; `name` is its path
    Function, ///< a TorchScript function constant
    Poison,   ///< produced by an unsupported op (already diagnosed)
  };
  Kind kind = Kind::Constant;
  /// Constant: the value. Tensor/Scalar/Sequence: the shadow. Module: object.
  c10::IValue value;
  /// Tensor: the SSA value.
  mlir::Value mlir;
  /// Constant tensor: where it came from (parameter path); Module: path.
  std::string name;
  /// Sequence: the elements.
  std::vector<TValue> elements;
  /// Function: the callee.
  torch::jit::Function *function = nullptr;
  /// Creation order (places traced QuantStub calls, see GraphImporter.cpp).
  int64_t seq = 0;
  /// True for the output of a quant/dequant stub.
  bool fromStub = false;

  bool isConstant() const { return kind == Kind::Constant; }
};

/// Turns a static shape and a torch dtype into an MLIR tensor type.
RankedTensorType tensorTypeFor(MLIRContext *ctx, const at::Tensor &t);

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, const TorchImportOptions &options);

  /// Imports `module.forward` into a new module. Returns null on failure
  /// (after diagnostics). May throw c10::Error; the caller catches.
  OwningOpRef<ModuleOp> import(torch::jit::Module &module, StringRef path);

  MLIRContext *getContext() { return context; }
  OpBuilder &getBuilder() { return builder; }
  /// Materializes a TValue as a tensor value; null (after a diagnostic at
  /// `loc`) when it is not a tensor.
  Value materialize(const TValue &value, Location loc);
  /// Drops cached materializations of constants aliasing `written` (an
  /// in-place op on constants changed them).
  void forgetMaterialized(const at::Tensor &written);
  /// Counts a user-facing error (the import fails at the end).
  void noteError() { ++numErrors; }

private:
  using Env = std::unordered_map<const torch::jit::Value *, TValue>;
  struct PendingStub {
    bool dequant;
    Location loc;
    int64_t seq;
  };
  struct Frame {
    Env env;
    std::string modulePath;
    std::vector<PendingStub> pending;
  };

  /// A node's operands, looked up in the frame.
  struct Operands {
    std::vector<TValue> values;
    bool allConstant = true;
    bool anyPoison = false;
  };

  LogicalResult walkBlock(torch::jit::Block *block, Frame &frame);
  /// Dispatches one node: the prim ops the JIT interprets itself, then
  /// sequence bookkeeping, then walkGeneric.
  LogicalResult walkNode(torch::jit::Node *node, Frame &frame);
  FailureOr<std::vector<TValue>> callGraph(torch::jit::Graph &graph,
                                           std::vector<TValue> args,
                                           std::string modulePath);
  LogicalResult walkConstant(torch::jit::Node *node, Frame &frame);
  LogicalResult walkGetAttr(torch::jit::Node *node, Frame &frame);
  LogicalResult rejectSetAttr(torch::jit::Node *node, Frame &frame);
  LogicalResult walkCallMethod(torch::jit::Node *node, Frame &frame);
  LogicalResult walkCallFunction(torch::jit::Node *node, Frame &frame);
  LogicalResult walkIf(torch::jit::Node *node, Frame &frame);
  LogicalResult walkLoop(torch::jit::Node *node, Frame &frame);
  LogicalResult reportRaise(torch::jit::Node *node, Frame &frame);
  /// list.append of an input-dependent value; false when not such a node.
  bool appendToSequence(torch::jit::Node *node, Frame &frame);
  /// Unpack/index/len of a Sequence value; nullopt when walkGeneric should
  /// evaluate the node instead.
  std::optional<LogicalResult> walkSequenceAccess(torch::jit::Node *node,
                                                  Frame &frame);

  /// Every other node: evaluated with libtorch on constants/shadows, then
  /// bound as constants, poison, sequences, scalars or converted tensors.
  LogicalResult walkGeneric(torch::jit::Node *node, Frame &frame);
  FailureOr<Operands> lookupOperands(torch::jit::Node *node, Frame &frame);
  /// Runs the node's operator into `shadows`; failure after a diagnostic.
  LogicalResult evaluate(torch::jit::Node *node, Frame &frame,
                         const std::vector<TValue> &inputs, bool inPlace,
                         std::vector<c10::IValue> &shadows);
  LogicalResult bindConstants(torch::jit::Node *node, Frame &frame,
                              std::vector<c10::IValue> shadows);
  void bindPoison(torch::jit::Node *node, Frame &frame,
                  const std::vector<c10::IValue> &shadows);
  LogicalResult bindSequence(torch::jit::Node *node, Frame &frame,
                             const std::vector<TValue> &inputs,
                             const std::vector<c10::IValue> &shadows);
  LogicalResult bindScalars(torch::jit::Node *node, Frame &frame,
                            const std::vector<c10::IValue> &shadows);
  /// Runs the node's aten converter (poisoning the outputs when it fails).
  LogicalResult convertNode(torch::jit::Node *node, Frame &frame,
                            std::vector<TValue> &inputs,
                            std::vector<c10::IValue> &shadows, bool inPlace);
  void bindConverted(torch::jit::Node *node, Frame &frame,
                     const std::vector<c10::IValue> &shadows,
                     ArrayRef<Value> results, bool inPlace);

  /// Applies traced stubs waiting for their input (see GraphImporter.cpp).
  void applyPendingStubs(ArrayRef<torch::jit::Value *> uses, Frame &frame);
  TValue makeStub(bool dequant, const TValue &input, Location loc);

  TValue lookup(const torch::jit::Value *v, Frame &frame);
  TValue constant(c10::IValue value, std::string name = "");
  void bindOutputs(torch::jit::Node *node, Frame &frame,
                   std::vector<TValue> values);

  /// "<module path>/<kind>" wrapped around the Python source location.
  Location locFor(torch::jit::Node *node, const Frame &frame);
  /// The Python (or serialized code) location of a node.
  Location sourceLoc(torch::jit::Node *node);
  std::string describe(torch::jit::Node *node, const Frame &frame);

  MLIRContext *context;
  const TorchImportOptions &options;
  OpBuilder builder;
  int64_t nextSeq = 0;
  unsigned numErrors = 0;
  unsigned constCounter = 0;
  llvm::StringMap<unsigned> nameCounts;
  llvm::DenseMap<const void *, Value> materialized;
  llvm::StringMap<unsigned> blobNames;
  /// Keeps constant tensors alive while `materialized` refers to them.
  std::vector<at::Tensor> keepAlive;
};

} // namespace mlir::nndct::torchscript

#endif // NNDCT_FRONTENDS_TORCHSCRIPT_GRAPHIMPORTER_H

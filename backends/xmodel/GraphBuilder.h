//===- GraphBuilder.h - building one XIR graph from nndct ops ---*- C++ -*-===//
//
// Internal to the xmodel backend. GraphBuilder walks the ops of one region
// (or function body) and creates the XIR ops: `data` for every value that
// enters from outside, `const` + `fix` for parameters, one XIR float op per
// compute op and a `fix` wherever the IR has an `nndct.fix`. It tracks the
// layout of every XIR tensor (4-D activations are NHWC in XIR) and inserts
// layout transposes only where an op needs the other layout. Every XIR op's
// inferred shape is checked against the IR so a conversion mistake is a
// diagnostic, never a wrong file.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_XMODEL_GRAPHBUILDER_H
#define NNDCT_BACKENDS_XMODEL_GRAPHBUILDER_H

#include "ir/NNDCTOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include "xir/attrs/attrs.hpp"
#include "xir/graph/graph.hpp"

#include <functional>
#include <string>
#include <vector>

namespace mlir::nndct::xmodel {

/// XIR's dimension order for a tensor of the IR: `perm[j]` is the IR
/// dimension stored at XIR position j (identity, or NCHW→NHWC for 4-D).
using Layout = SmallVector<int64_t, 4>;

/// The NHWC layout of a 4-D NCHW tensor: {0, 2, 3, 1}.
Layout nhwcLayout();
/// The identity layout of rank `rank`.
Layout logicalLayout(int64_t rank);

/// The XIR shape of an IR shape stored in `layout` (lower-rank shapes are
/// broadcast from the right first; a scalar is [1]).
SmallVector<int64_t> permuteShape(ArrayRef<int64_t> shape,
                                  const Layout &layout);

/// How a constant's data is rearranged for its consumer.
enum class ConstXform {
  /// As in the IR, in the XIR layout asked for (identity or NHWC).
  Plain,
  /// OIHW → OHWI (conv2d).
  ConvWeights,
  /// [C, 1, KH, KW] → [1, KH, KW, C] (depthwise-conv2d).
  DepthwiseWeights,
  /// [I, O, KH, KW] → flip KH, KW → [O, KH, KW, I] (transposed-conv2d).
  TransposedWeights,
  /// [C, 1, KH, KW] → flip → [1, KH, KW, C] (transposed-depthwise-conv2d).
  TransposedDepthwiseWeights,
};

/// An XIR op standing for an IR value, and the layout of its tensor.
struct XValue {
  xir::Op *op = nullptr;
  Layout layout;
};

/// Builds one XIR graph. Errors are emitted as MLIR diagnostics at the op's
/// location; methods return failure after emitting.
class GraphBuilder {
public:
  GraphBuilder(xir::Graph &graph, Block &body, Operation *scope);

  /// Converts every op of the body.
  LogicalResult build();

  /// The device subgraph of each created XIR op: "USER" for inputs, else
  /// "DPU"/"CPU" and the subgraph number of nndct-place-ops.
  struct Subgraph {
    std::string device;
    int64_t index = -1;
    bool operator<(const Subgraph &o) const {
      return std::tie(device, index) < std::tie(o.device, o.index);
    }
  };
  const std::vector<std::pair<xir::Op *, Subgraph>> &getSubgraphs() const {
    return placement;
  }

  //===--------------------------------------------------------------------===//
  // Helpers for the op conversions (OpConversions.cpp).
  //===--------------------------------------------------------------------===//

  /// The XIR op for `v` in `layout`, inserting a layout change when needed.
  FailureOr<xir::Op *> get(Value v, const Layout &layout, Operation *user);
  /// The XIR op for `v` in whatever layout it already has.
  FailureOr<XValue> getAny(Value v, Operation *user);
  /// The `const` (+ `fix`) for a parameter operand (a constant, or a fix of
  /// one) with its data rearranged by `xform`.
  FailureOr<xir::Op *> getParam(Value v, ConstXform xform, Operation *user);

  /// Creates an XIR op for IR op `op` (result `resultIndex`), checks its
  /// inferred shape against the IR type in `layout`, records it as `v`.
  FailureOr<xir::Op *>
  create(Operation *op, Value v, StringRef type,
         std::unique_ptr<xir::Attrs> attrs,
         const std::map<std::string, std::vector<xir::Op *>> &inputs,
         const Layout &layout, StringRef nameSuffix = "");

  /// True while converting an op placed on the CPU.
  bool onCpu() const { return current.device == "CPU"; }

  /// Maps `v` to an existing XIR value (ops XIR does not need).
  void alias(Value v, XValue x) { values[v] = std::move(x); }

  /// The current XIR value of `v` (null op when not converted yet).
  XValue lookup(Value v) const { return values.lookup(v); }

  /// True when `v` stored in layout `a` has the same element order as in
  /// layout `b` (the layouts differ only in where size-1 dims go).
  static bool sameMemoryOrder(Value v, const Layout &a, const Layout &b);

  /// The user-facing name of an op (its first NameLoc).
  static std::string nodeName(Operation *op);

private:
  LogicalResult convertOp(Operation &op);
  LogicalResult convertFix(FixOp fix);
  FailureOr<xir::Op *> createData(Value v, Operation *user);
  FailureOr<xir::Op *> createConst(Value v, ConstXform xform,
                                   const Layout &layout, Operation *user);
  FailureOr<xir::Op *> changeLayout(Value v, const XValue &from,
                                    const Layout &to, Operation *user);
  std::string uniqueName(StringRef base);
  std::string valueName(Value v);
  /// Puts `op` in the subgraph of the IR op being converted.
  void place(xir::Op *op) { placement.emplace_back(op, current); }
  /// The subgraph of a placed IR op, from its #nndct.placement.
  FailureOr<Subgraph> subgraphOf(Operation *op);
  /// Layout-changed copies and rearranged parameters made for the current
  /// subgraph, keyed by value and layout/xform code. Per subgraph: an op
  /// shared across subgraphs would add edges nndct-place-ops did not
  /// check for cycles.
  DenseMap<std::pair<Value, unsigned>, xir::Op *> &cache() {
    return caches[current];
  }

  xir::Graph &graph;
  Block &body;
  Operation *scope;
  DenseMap<Value, XValue> values;
  std::map<Subgraph, DenseMap<std::pair<Value, unsigned>, xir::Op *>> caches;
  llvm::StringSet<> usedNames;
  Subgraph current;
  std::vector<std::pair<xir::Op *, Subgraph>> placement;
};

/// Converts one compute/data-movement op (OpConversions.cpp). Emits an
/// error naming the op and node when XIR cannot express it.
LogicalResult convertComputeOp(GraphBuilder &builder, Operation *op);

} // namespace mlir::nndct::xmodel

#endif // NNDCT_BACKENDS_XMODEL_GRAPHBUILDER_H

//===- VerifyTarget.cpp - check the IR against the target's rules ---------===//
//
// nndct-verify-target: check-only, at the end of the PTQ pipeline. Whatever
// changed the IR after placement (or whoever wrote it by hand), every op
// must still be placed, every NPU op must fit its engine (or be fused into
// an NPU producer whose engine applies it), the device subgraphs must be
// acyclic and keep to one region and one device, and the fix points of
// every NPU op must satisfy the target's shift rules, with the
// #nndct.shifts the op carries restating them. Each violation is an error
// on the op.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
#include "ir/Placement.h"
#include "ir/TargetSupport.h"
#include "passes/DeviceSubgraphs.h"
#include "passes/Passes.h"
#include "passes/fixpoints/ProblemFromIR.h"

#include <map>

namespace mlir::nndct {
#define GEN_PASS_DEF_VERIFYTARGETPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// Whether NPU op `op` with placement `p` is an activation fused into its
/// NPU producer, as nndct-place-ops fuses one.
bool isFusedActivation(const TargetModel &target, const PlacedGraph &graph,
                       int64_t i, PlacementAttr p) {
  if (graph.producers[i].size() != 1)
    return false;
  Operation *producer = graph.ops[graph.producers[i].front()];
  PlacementAttr pp = getPlacement(producer);
  if (!pp || pp.getDevice() != Device::npu || pp.getEngine() != p.getEngine())
    return false;
  return fusedEngine(target, graph.ops[i], producer).has_value();
}

struct VerifyTargetPass
    : public nndct::impl::VerifyTargetPassBase<VerifyTargetPass> {
  void runOnOperation() override {
    Operation *func = getOperation();
    const TargetModel *target = getTargetModel(func);
    if (!target) {
      func->emitError("nndct-verify-target needs the module's #nndct.target");
      return signalPassFailure();
    }
    PlacedGraph graph = PlacedGraph::build(func);
    bool ok = true;
    SmallVector<int64_t> subgraph;
    // Each subgraph's device and region, from its first op.
    std::map<int64_t, std::pair<Device, Operation *>> owner;
    for (auto [i, op] : llvm::enumerate(graph.ops)) {
      PlacementAttr p = getPlacement(op);
      if (!p) {
        op->emitError("no device placement: run nndct-place-ops");
        ok = false;
        subgraph.push_back(-1);
        continue;
      }
      subgraph.push_back(p.getSubgraph());
      auto [it, first] = owner.try_emplace(
          p.getSubgraph(), std::make_pair(p.getDevice(), graph.regions[i]));
      if (!first && it->second.first != p.getDevice()) {
        op->emitError() << "placed on " << stringifyDevice(p.getDevice())
                        << " in subgraph " << p.getSubgraph()
                        << ", whose other ops are on "
                        << stringifyDevice(it->second.first);
        ok = false;
      }
      if (!first && it->second.second != graph.regions[i]) {
        op->emitError() << "subgraph " << p.getSubgraph()
                        << " spans two regions; each region is its own graph";
        ok = false;
      }
      if (p.getDevice() != Device::npu)
        continue;
      OpSupport s = checkOpSupport(*target, op);
      if (s.onNpu() && stringifyEngine(s.engine) != p.getEngine()) {
        op->emitError() << "placed on the NPU's '" << p.getEngine()
                        << "' engine, but " << target->name << " runs it on '"
                        << stringifyEngine(s.engine) << "'";
        ok = false;
      } else if (!s.onNpu() && !(s.reason == CpuReason::unfused_activation &&
                                 isFusedActivation(*target, graph, i, p))) {
        op->emitError() << "placed on the NPU, but " << target->name
                        << " cannot run it: " << s.message;
        ok = false;
      }
    }
    if (!ok)
      return signalPassFailure();
    int64_t cycle = -1;
    if (!subgraphsAreAcyclic(subgraph, graph.producers, cycle)) {
      func->emitError() << "device subgraph " << cycle
                        << " depends on itself through another subgraph; "
                           "XIR rejects such a partition (run "
                           "nndct-place-ops again)";
      return signalPassFailure();
    }
    if (failed(verifyShifts(cast<func::FuncOp>(func), *target)))
      signalPassFailure();
  }

  /// Every shift rule holds at the fix points, and each op with rules
  /// carries the shifts they give.
  LogicalResult verifyShifts(func::FuncOp func, const TargetModel &target) {
    ProblemOptions options;
    options.costs = false;
    FixPointProblem p = buildFixPointProblem(func, target, options);
    std::vector<int64_t> x = p.problem.currentValues();
    bool ok = true;
    for (size_t r : p.problem.violated(x)) {
      p.ruleOps[r]->emitError()
          << "the fix points break " << target.name
          << "'s shift rule:" << p.problem.describe({r}, x)
          << "\n(run nndct-legalize-fix-points)";
      ok = false;
    }
    for (Operation *op : p.ops) {
      ShiftsAttr expected = computeShifts(op);
      Attribute carried = op->getAttr(kShiftsAttrName);
      if (expected && carried != expected) {
        InFlightDiagnostic diag = op->emitError();
        if (carried)
          diag << "carries " << carried << " but its fix points give "
               << expected;
        else
          diag << "has no nndct.shifts (its fix points give " << expected
               << "; run nndct-legalize-fix-points)";
        ok = false;
      }
    }
    return success(ok);
  }
};

} // namespace

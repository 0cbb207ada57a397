//===- PlaceOps.cpp - every op on the NPU or the CPU, with a reason -------===//
//
// nndct-place-ops: the per-op answer comes from the target model
// (ir/TargetSupport.h); this pass adds what needs the graph: activations
// fused into their producer, acyclic device subgraphs (passes/
// DeviceSubgraphs.h) and the removal of NPU fragments with no compute op.
// The result is one #nndct.placement per op that every consumer reads.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
#include "ir/Placement.h"
#include "ir/TargetSupport.h"
#include "passes/DeviceSubgraphs.h"
#include "passes/Passes.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_PLACEOPSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// Engines that multiply-accumulate over weights: the work worth a trip
/// to the NPU. Eltwise, pool and data movement are memory-bound; alone
/// they move as many bytes to the device and back as they process.
bool isMacEngine(Engine e) {
  return e == Engine::Conv || e == Engine::DepthwiseConv ||
         e == Engine::TransposedConv;
}

struct PlaceOpsPass : public nndct::impl::PlaceOpsPassBase<PlaceOpsPass> {
  void runOnOperation() override {
    Operation *func = getOperation();
    const TargetModel *target = getTargetModel(func);
    if (!target) {
      func->emitError("nndct-place-ops needs the module's #nndct.target (run "
                      "nndct-attach-target, or pass --target to nndct)");
      return signalPassFailure();
    }
    PlacedGraph graph = PlacedGraph::build(func);
    size_t n = graph.ops.size();
    std::vector<OpSupport> support(n);
    for (size_t i = 0; i < n; ++i)
      support[i] = decide(*target, graph, i, support);

    // Regions are separate graphs (one xmodel each): subgraphs never span
    // them. Key = region number * 2 + device.
    llvm::DenseMap<Operation *, int64_t> regionNumber;
    auto keyOf = [&](size_t i) {
      auto [it, inserted] =
          regionNumber.try_emplace(graph.regions[i], regionNumber.size());
      return it->second * 2 + (support[i].onNpu() ? 0 : 1);
    };
    auto keys = [&] {
      SmallVector<int64_t> k;
      for (size_t i = 0; i < n; ++i)
        k.push_back(keyOf(i));
      return k;
    };
    // Fragments are judged on connected subgraphs. Moving one to the CPU
    // can leave another without compute; each round moves at least one op.
    while (moveFragmentsToCpu(
        graph, formAcyclicSubgraphs(keys(), graph.producers, false), support))
      ;
    // The final subgraphs also gather parallel branches.
    SmallVector<int64_t> subgraph =
        formAcyclicSubgraphs(keys(), graph.producers, true);

    MLIRContext *ctx = &getContext();
    int64_t subgraphs = 0;
    for (size_t i = 0; i < n; ++i) {
      const OpSupport &s = support[i];
      subgraphs = std::max(subgraphs, subgraph[i] + 1);
      auto attr = PlacementAttr::get(ctx, s.onNpu() ? Device::npu : Device::cpu,
                                     s.onNpu() ? stringifyEngine(s.engine) : "",
                                     s.reason, s.message, subgraph[i]);
      graph.ops[i]->setAttr(kPlacementAttrName, attr);
      ++(s.onNpu() ? numNpuOps : numCpuOps);
    }
    numSubgraphs += subgraphs;
  }

  /// The support of op i given its producers' decisions.
  static OpSupport decide(const TargetModel &target, const PlacedGraph &graph,
                          size_t i, ArrayRef<OpSupport> decided) {
    Operation *op = graph.ops[i];
    if (!graph.regions[i] && graph.hasRegions)
      return OpSupport::cpu(CpuReason::outside_region,
                            op->getName().stripDialect().str() +
                                ": not in a quantized region");
    OpSupport s = checkOpSupport(target, op);
    if (s.reason != CpuReason::unfused_activation)
      return s;
    // Fused into its producer when that stays on the NPU.
    if (graph.producers[i].size() != 1)
      return s;
    int64_t p = graph.producers[i].front();
    std::optional<Engine> engine = fusedEngine(target, op, graph.ops[p]);
    if (engine && decided[p].onNpu())
      return OpSupport::npu(*engine);
    return s;
  }

  /// Moves every NPU subgraph without a MAC engine op to the CPU;
  /// returns whether anything moved.
  static bool moveFragmentsToCpu(const PlacedGraph &graph,
                                 ArrayRef<int64_t> subgraph,
                                 std::vector<OpSupport> &support) {
    llvm::DenseMap<int64_t, SmallVector<size_t>> members;
    llvm::DenseSet<int64_t> computes;
    for (size_t i = 0; i < support.size(); ++i) {
      if (!support[i].onNpu())
        continue;
      members[subgraph[i]].push_back(i);
      if (isMacEngine(support[i].engine))
        computes.insert(subgraph[i]);
    }
    bool moved = false;
    for (auto &[s, ops] : members) {
      if (computes.contains(s))
        continue;
      for (size_t i : ops)
        support[i] = OpSupport::cpu(
            CpuReason::fragment,
            llvm::formatv("{0}: its NPU subgraph ({1} op(s)) has no conv or "
                          "linear; moving the data costs more than running it "
                          "on the NPU saves",
                          graph.ops[i]->getName().stripDialect(), ops.size())
                .str());
      moved = true;
    }
    return moved;
  }
};

} // namespace

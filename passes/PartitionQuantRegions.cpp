//===- PartitionQuantRegions.cpp - wrap quantized parts in regions
//---------===//
//
// nndct-partition-quant-regions: decides which ops are quantized (QuantStub
// semantics, or tensor names given as options, or the whole body) and wraps
// each connected quantized part in an `nndct.region`, so later passes and
// backends see each deployable subgraph as one op.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
#include "ir/Naming.h"
#include "ir/QuantRole.h"
#include "passes/Passes.h"

#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_PARTITIONQUANTREGIONSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// The function's or a region's terminator. By op class, not by the
/// IsTerminator trait: a trait's identity is a static in an inline
/// function, which a host linking MLIR's C API archives (built with hidden
/// inline visibility) does not share with libMLIR.so.
bool isTerminator(Operation *op) { return isa<func::ReturnOp, YieldOp>(op); }

struct PartitionQuantRegionsPass
    : public nndct::impl::PartitionQuantRegionsPassBase<
          PartitionQuantRegionsPass> {
  using Base::Base;

  void runOnOperation() override;

  /// The quantized ops of `body` (excluding constants), or failure.
  FailureOr<llvm::SetVector<Operation *>> selectQuantized(Block &body);
  /// Values named by `names` (op results or arguments), or failure.
  FailureOr<SmallVector<Value>>
  lookupTensors(Block &body, ArrayRef<std::string> names, StringRef option);
  LogicalResult wrap(Block &body, ArrayRef<Operation *> ops, unsigned index);
};

FailureOr<SmallVector<Value>> PartitionQuantRegionsPass::lookupTensors(
    Block &body, ArrayRef<std::string> names, StringRef option) {
  func::FuncOp func = getOperation();
  llvm::StringMap<Value> byName;
  for (BlockArgument arg : body.getArguments())
    if (func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), kNameAttr))
      byName[argumentName(func, arg.getArgNumber())] = arg;
  for (Operation &op : body)
    if (op.getNumResults() == 1)
      if (auto name = userName(op.getLoc()))
        byName.try_emplace(*name, op.getResult(0));
  SmallVector<Value> values;
  for (const std::string &name : names) {
    auto it = byName.find(name);
    if (it == byName.end()) {
      func.emitError()
          << option << ": no tensor named '" << name << "' in @"
          << func.getSymName()
          << " (names are op locations and nndct.name argument attributes)";
      return failure();
    }
    values.push_back(it->second);
  }
  return values;
}

FailureOr<llvm::SetVector<Operation *>>
PartitionQuantRegionsPass::selectQuantized(Block &body) {
  llvm::SetVector<Operation *> quantized;
  SmallVector<Operation *> stubs, dequantStubs;
  for (Operation &op : body) {
    if (isa<QuantStubOp>(op))
      stubs.push_back(&op);
    if (isa<DequantStubOp>(op))
      dequantStubs.push_back(&op);
  }
  bool byNames = !quantBegin.empty() || !quantEnd.empty();
  if (byNames && (!stubs.empty() || !dequantStubs.empty())) {
    getOperation().emitError("quant-begin/quant-end cannot be combined with "
                             "quant_stub/dequant_stub ops in the model");
    return failure();
  }

  // Forward reachability from `roots`, never entering a dequant_stub and not
  // going past the producers of `stops`.
  auto flood = [&](ArrayRef<Operation *> seeds, ArrayRef<Value> roots,
                   const DenseSet<Operation *> &stops) {
    SmallVector<Operation *> work(seeds.begin(), seeds.end());
    for (Value v : roots)
      for (Operation *user : v.getUsers())
        work.push_back(user);
    while (!work.empty()) {
      Operation *op = work.pop_back_val();
      if (isa<DequantStubOp>(op) || isTerminator(op) || !quantized.insert(op))
        continue;
      if (stops.contains(op))
        continue;
      for (Value r : op->getResults())
        for (Operation *user : r.getUsers())
          work.push_back(user);
    }
  };

  if (!stubs.empty() || !dequantStubs.empty()) {
    flood(stubs, {}, {});
  } else if (byNames) {
    Block &b = body;
    auto begins = lookupTensors(b, quantBegin, "quant-begin");
    auto ends = lookupTensors(b, quantEnd, "quant-end");
    if (failed(begins) || failed(ends))
      return failure();
    if (begins->empty()) {
      getOperation().emitError("quant-end needs quant-begin");
      return failure();
    }
    DenseSet<Operation *> stops;
    for (Value v : *ends)
      if (Operation *def = v.getDefiningOp())
        stops.insert(def);
    flood({}, *begins, stops);
  } else {
    for (Operation &op : body)
      if (!isTerminator(&op) && !isa<ConstantOp>(op))
        quantized.insert(&op);
  }

  // Constants are placed later (they follow their users).
  quantized.remove_if([](Operation *op) { return isa<ConstantOp>(op); });

  for (Operation *dq : dequantStubs) {
    Operation *def = dq->getOperand(0).getDefiningOp();
    if (!def || !quantized.contains(def)) {
      dq->emitError("dequant_stub is not reachable from any quant_stub: "
                    "its input is float already");
      return failure();
    }
  }
  for (Operation *op : quantized)
    if (getQuantRole(op) == QuantRole::Forbidden) {
      op->emitError() << "'" << op->getName()
                      << "' cannot be in a quantized region: "
                      << getForbiddenReason(op);
      return failure();
    }
  return quantized;
}

LogicalResult PartitionQuantRegionsPass::wrap(Block &body,
                                              ArrayRef<Operation *> ops,
                                              unsigned index) {
  DenseSet<Operation *> members(ops.begin(), ops.end());
  Operation *first = ops.front(), *last = ops.back();

  // Ops between first and last that depend on the region must move after
  // it; if one of them also feeds the region, the part re-enters itself.
  DenseSet<Operation *> tainted;
  SmallVector<Operation *> toMove;
  for (Operation *op = first; op != last; op = op->getNextNode()) {
    if (members.contains(op))
      continue;
    bool depends = llvm::any_of(op->getOperands(), [&](Value v) {
      Operation *def = v.getDefiningOp();
      return def && (members.contains(def) || tainted.contains(def));
    });
    if (!depends)
      continue;
    for (Operation *user : op->getUsers())
      if (members.contains(user)) {
        op->emitError()
            << "float op '" << op->getName()
            << "' is both fed by and feeding quantized region quant_" << index
            << "; split the quantized part with stubs";
        return failure();
      }
    tainted.insert(op);
    toMove.push_back(op);
  }

  // Results used outside become the region's results.
  SmallVector<Value> yielded;
  for (Operation *op : ops)
    for (Value r : op->getResults())
      if (llvm::any_of(r.getUsers(),
                       [&](Operation *u) { return !members.contains(u); }))
        yielded.push_back(r);

  OpBuilder builder(last->getContext());
  builder.setInsertionPointAfter(last);
  auto region =
      RegionOp::create(builder,
                       builder.getFusedLoc(llvm::map_to_vector(
                           ops, [](Operation *o) { return o->getLoc(); })),
                       TypeRange(ValueRange(yielded)),
                       builder.getStringAttr("quant_" + std::to_string(index)));
  Block *block = new Block();
  region.getBody().push_back(block);
  builder.setInsertionPointToEnd(block);
  auto yield = YieldOp::create(builder, region.getLoc(), yielded);
  for (Operation *op : ops)
    op->moveBefore(yield);
  for (auto [v, r] : llvm::zip(yielded, region.getResults()))
    v.replaceUsesWithIf(
        r, [&](OpOperand &use) { return !region->isAncestor(use.getOwner()); });
  Operation *after = region;
  for (Operation *op : toMove) {
    op->moveAfter(after);
    after = op;
  }
  return success();
}

void PartitionQuantRegionsPass::runOnOperation() {
  func::FuncOp func = getOperation();
  if (func.isExternal())
    return;
  Block &body = func.getBody().front();
  if (!func.getOps<RegionOp>().empty())
    return; // already partitioned

  auto quantized = selectQuantized(body);
  if (failed(quantized))
    return signalPassFailure();

  // Connected components of the quantized ops under def-use edges.
  llvm::EquivalenceClasses<Operation *> parts;
  for (Operation *op : *quantized) {
    parts.insert(op);
    for (Value v : op->getOperands())
      if (Operation *def = v.getDefiningOp(); def && quantized->contains(def))
        parts.unionSets(op, def);
  }
  // Constants join the part of their users when all users are in one part.
  DenseMap<Operation *, Operation *> constantPart;
  for (Operation &op : body) {
    if (!isa<ConstantOp>(op) || op.use_empty())
      continue;
    Operation *leader = nullptr;
    bool single = true;
    for (Operation *user : op.getUsers()) {
      if (!quantized->contains(user)) {
        single = false;
        break;
      }
      Operation *l = parts.getLeaderValue(user);
      if (leader && leader != l)
        single = false;
      leader = l;
    }
    if (single && leader)
      constantPart[&op] = leader;
  }

  // Each part's ops in program order; parts numbered by first op.
  llvm::MapVector<Operation *, SmallVector<Operation *>> members;
  for (Operation &op : body) {
    Operation *leader = nullptr;
    if (quantized->contains(&op))
      leader = parts.getLeaderValue(&op);
    else if (auto it = constantPart.find(&op); it != constantPart.end())
      leader = it->second;
    if (leader)
      members[leader].push_back(&op);
  }
  // A part whose first op is a constant is numbered by its first real op.
  SmallVector<SmallVector<Operation *>> ordered;
  for (auto &entry : members)
    ordered.push_back(entry.second);
  llvm::stable_sort(ordered, [](auto &a, auto &b) {
    auto firstReal = [](ArrayRef<Operation *> ops) {
      for (Operation *op : ops)
        if (!isa<ConstantOp>(op))
          return op;
      return ops.front();
    };
    return firstReal(a)->isBeforeInBlock(firstReal(b));
  });
  unsigned index = 0;
  for (auto &ops : ordered)
    if (failed(wrap(body, ops, index++)))
      return signalPassFailure();
}

} // namespace

//===- InsertFix.cpp - put nndct.fix on every quantized tensor
//-------------===//
//
// nndct-insert-fix: the quant-group rule of vai_q_pytorch. A fix stands for
// "this tensor is int8 on the device"; where fixes go decides what the NPU
// sees, so the rule lives in one place and reads the one quant table.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
#include "ir/QuantRole.h"
#include "passes/OptionChecks.h"
#include "passes/Passes.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_INSERTFIXPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

struct InsertFixPass : public nndct::impl::InsertFixPassBase<InsertFixPass> {
  using Base::Base;
  std::string optionProblem() const { return options::checkBitWidth(bitWidth); }
  LogicalResult initializeOptions(
      StringRef options,
      function_ref<LogicalResult(const Twine &)> errorHandler) override {
    return options::initializeChecked<Base>(*this, options, errorHandler);
  }
  void runOnOperation() override;
  void runOnRegion(RegionOp region);

  FixOp makeFix(OpBuilder &builder, Value v, FixKind kind) {
    RoundMode round = kind == FixKind::weight || kind == FixKind::bias
                          ? RoundMode::std_round
                          : RoundMode::half_up;
    return FixOp::create(builder, v.getLoc(), v.getType(), v,
                         FixKindAttr::get(builder.getContext(), kind),
                         RoundModeAttr::get(builder.getContext(), round),
                         builder.getI64IntegerAttr(bitWidth), IntegerAttr(),
                         builder.getBoolAttr(true), CalibStatsAttr());
  }
};

/// True when `r` needs no fix of its own: its only user is a follower that
/// continues the group, or all its users are concats (which fix for it).
bool continuesGroup(Value r, RegionOp region) {
  if (r.use_empty())
    return true;
  if (r.hasOneUse()) {
    OpOperand &use = *r.getUses().begin();
    Operation *user = use.getOwner();
    if (getQuantRole(user) == QuantRole::Follower &&
        use.getOperandNumber() == 0 && user->getParentOp() == region)
      return true;
  }
  return llvm::all_of(r.getUsers(), [&](Operation *u) {
    return getQuantRole(u) == QuantRole::Concat && u->getParentOp() == region;
  });
}

void InsertFixPass::runOnRegion(RegionOp region) {
  Block &body = region.getBody().front();
  if (!body.getOps<FixOp>().empty())
    return; // already fixed
  OpBuilder builder(region.getContext());

  SmallVector<Operation *> ops =
      llvm::map_to_vector(body, [](Operation &o) { return &o; });
  DenseMap<Value, FixOp> paramFixes, inputFixes;

  for (Operation *op : ops) {
    QuantRole role = getQuantRole(op);
    if (!isQuantized(role))
      continue;

    // Operands: parameters and region inputs.
    for (OpOperand &operand : op->getOpOperands()) {
      Value v = operand.get();
      Operation *def = v.getDefiningOp();
      if (role == QuantRole::Input)
        break; // a quant_stub takes float by definition
      if (def && isa<ConstantOp>(def)) {
        FixKind kind = isBiasOperand(op, operand.getOperandNumber())
                           ? FixKind::bias
                           : FixKind::weight;
        FixOp &fix = paramFixes[v];
        if (!fix) {
          if (region->isAncestor(def))
            builder.setInsertionPointAfter(def);
          else
            builder.setInsertionPointToStart(&body);
          fix = makeFix(builder, v, kind);
        }
        operand.set(fix);
        continue;
      }
      bool fromOutside = !def || !region->isAncestor(def);
      bool fromFloat = def && !fromOutside && !isQuantized(getQuantRole(def)) &&
                       !isa<FixOp>(def);
      if (!fromOutside && !fromFloat)
        continue;
      FixOp &fix = inputFixes[v];
      if (!fix) {
        if (fromOutside)
          builder.setInsertionPointToStart(&body);
        else
          builder.setInsertionPointAfter(def);
        fix = makeFix(builder, v, FixKind::input);
      }
      operand.set(fix);
    }

    // Results: one fix per group end.
    for (Value r : op->getResults()) {
      if (role != QuantRole::Input && continuesGroup(r, region))
        continue;
      builder.setInsertionPointAfter(op);
      FixOp fix = makeFix(builder, r,
                          role == QuantRole::Input ? FixKind::input
                                                   : FixKind::activation);
      r.replaceAllUsesExcept(fix, fix);
    }
  }
}

void InsertFixPass::runOnOperation() {
  if (failed(
          options::reportAtRun(optionProblem(), getArgument(), getOperation())))
    return signalPassFailure();
  getOperation().walk([&](RegionOp region) { runOnRegion(region); });
}

} // namespace

//===- LegalizeFixPoints.cpp - fix points the target can execute ----------===//
//
// nndct-legalize-fix-points: builds the function's fix-point problem from
// the target's shift rules (passes/fixpoints/ProblemFromIR.h), solves it
// exactly or with vai's greedy repair, and writes the fix points and each
// NPU op's #nndct.shifts back. An infeasible problem is an error naming a
// minimal set of conflicting rules by op; rules greedy leaves broken are a
// warning here and errors in nndct-verify-target.
//
//===----------------------------------------------------------------------===//

#include "ir/TargetModel.h"
#include "passes/OptionChecks.h"
#include "passes/Passes.h"
#include "passes/fixpoints/ProblemFromIR.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_LEGALIZEFIXPOINTSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;
namespace fp = mlir::nndct::fixpoints;

namespace {

struct LegalizeFixPointsPass
    : public nndct::impl::LegalizeFixPointsPassBase<LegalizeFixPointsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    const TargetModel *target = getTargetModel(func);
    if (!target)
      return;
    if (maxMove < 0) {
      func.emitError() << "nndct-legalize-fix-points: max-move=" << maxMove
                       << " must be >= 0";
      return signalPassFailure();
    }
    ProblemOptions options;
    options.maxMove = maxMove;
    FixPointProblem p = buildFixPointProblem(func, *target, options);
    const fp::Problem &problem = p.problem;
    std::vector<int64_t> current = problem.currentValues();
    numRules = problem.rules.size();
    size_t broken = problem.violated(current).size();
    numBroken = broken;

    std::vector<int64_t> values;
    if (strategy == FixPointStrategy::Greedy) {
      values = fp::repairGreedy(problem);
      std::vector<size_t> left = problem.violated(values);
      // Left for nndct-verify-target to reject (one error per rule), so a
      // comparison can still look at what greedy made.
      if (!left.empty())
        p.ruleOps[left.front()]->emitWarning()
            << "nndct-legalize-fix-points (greedy): "
            << (left.size() == 1
                    ? "1 shift rule is"
                    : std::to_string(left.size()) + " shift rules are")
            << " still broken after vai's one-pass repair (strategy=exact "
               "solves the rules jointly):"
            << problem.describe(left, values);
    } else {
      auto result = fp::solveExact(problem);
      if (auto *conflict = std::get_if<fp::Conflict>(&result)) {
        size_t n = conflict->rules.size();
        p.ruleOps[conflict->rules.front()]->emitError()
            << "no fix points satisfy the shift rules of '" << target->name
            << "' within max-move=" << int64_t(maxMove) << ": "
            << (n == 1 ? "this rule cannot hold"
                       : "these " + std::to_string(n) +
                             " rules conflict (each one is needed for the "
                             "conflict)")
            << "; the values are the calibrated fix points:"
            << problem.describe(conflict->rules, current);
        return signalPassFailure();
      }
      values = std::get<fp::Solution>(result).values;
    }
    int64_t cost = problem.totalCost(values);
    int64_t changed = applyFixPoints(p, values);
    numCost = uint64_t(cost);
    numChanged = uint64_t(changed);
    if (report)
      func.emitRemark() << "nndct-legalize-fix-points: " << problem.rules.size()
                        << " shift rules, " << broken << " broken, " << changed
                        << " fix points moved, cost " << cost;
  }
};

} // namespace

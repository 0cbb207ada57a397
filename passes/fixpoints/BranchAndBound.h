//===- BranchAndBound.h - exact search over a small window ------*- C++ -*-===//
//
// The exact solver's windows are small (the classes of a few broken rules
// and their neighbours): Z3's optimizer spends ~15 ms on its MaxSAT set-up
// even for two variables, while a depth-first branch and bound settles such
// a window in microseconds. It is exact by exhaustion: it prunes only
// partial assignments whose cost plus the cheapest completion cannot beat
// the best found, or that no completion can make satisfy a rule (interval
// bounds over the unassigned domains). Past a node budget it gives up and
// the caller asks Z3.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_FIXPOINTS_BRANCHANDBOUND_H
#define NNDCT_PASSES_FIXPOINTS_BRANCHANDBOUND_H

#include "passes/fixpoints/FixPointProblem.h"

namespace mlir::nndct::fixpoints {

/// A window as a self-contained problem: integer slots with domains and
/// cost tables (`cost[s][v - lo[s]]`), and rules whose terms name slots.
struct SearchSpace {
  std::vector<int64_t> lo, hi;
  std::vector<std::vector<int64_t>> cost;
  std::vector<Rule> rules;
};

enum class SearchOutcome { Optimal, Infeasible, OverBudget };

/// The least-cost assignment of `space` satisfying its rules, into `best`
/// (the first one found in a fixed order among equal costs). Visits at most
/// `nodeBudget` partial assignments.
SearchOutcome branchAndBound(const SearchSpace &space, size_t nodeBudget,
                             std::vector<int64_t> &best);

} // namespace mlir::nndct::fixpoints

#endif // NNDCT_PASSES_FIXPOINTS_BRANCHANDBOUND_H

//===- BranchAndBound.cpp - exact search over a small window --------------===//

#include "passes/fixpoints/BranchAndBound.h"

#include <algorithm>
#include <climits>
#include <numeric>

using namespace mlir::nndct::fixpoints;

namespace {

struct Search {
  const SearchSpace &space;
  size_t budget, nodes = 0;
  /// Per slot: values from cheapest to dearest (ties: smaller first).
  std::vector<std::vector<int64_t>> order;
  /// cheapestFrom[s]: the least cost of slots s.. (a lower bound).
  std::vector<int64_t> cheapestFrom;
  std::vector<std::vector<size_t>> rulesOfSlot;
  std::vector<int64_t> value;
  std::vector<bool> assigned;
  std::vector<int64_t> &best;
  int64_t bestCost = INT64_MAX;

  Search(const SearchSpace &space, size_t budget, std::vector<int64_t> &best)
      : space(space), budget(budget), best(best) {
    size_t n = space.lo.size();
    order.resize(n);
    cheapestFrom.assign(n + 1, 0);
    for (size_t s = n; s-- > 0;) {
      std::vector<int64_t> &vs = order[s];
      for (int64_t v = space.lo[s]; v <= space.hi[s]; ++v)
        vs.push_back(v);
      std::stable_sort(vs.begin(), vs.end(), [&](int64_t a, int64_t b) {
        return costOf(s, a) < costOf(s, b);
      });
      cheapestFrom[s] =
          cheapestFrom[s + 1] + (vs.empty() ? 0 : costOf(s, vs.front()));
    }
    rulesOfSlot.resize(n);
    for (size_t r = 0; r < space.rules.size(); ++r)
      for (const Clause &c : space.rules[r].anyOf)
        for (const Term &t : c.terms) {
          std::vector<size_t> &rs = rulesOfSlot[size_t(t.var)];
          if (rs.empty() || rs.back() != r)
            rs.push_back(r);
        }
    value.assign(n, 0);
    assigned.assign(n, false);
  }

  int64_t costOf(size_t s, int64_t v) const {
    return space.cost[s][size_t(v - space.lo[s])];
  }

  /// Whether some completion of the current partial assignment can still
  /// satisfy `rule`: a clause's sum over assigned values plus the range of
  /// the unassigned terms meets the clause's range.
  bool possible(const Rule &rule) const {
    for (const Clause &c : rule.anyOf) {
      int64_t lo = 0, hi = 0;
      for (const Term &t : c.terms) {
        size_t s = size_t(t.var);
        if (assigned[s]) {
          lo += t.coef * value[s];
          hi += t.coef * value[s];
        } else {
          int64_t a = t.coef * space.lo[s], b = t.coef * space.hi[s];
          lo += std::min(a, b);
          hi += std::max(a, b);
        }
      }
      if (lo <= c.hi && hi >= c.lo)
        return true;
    }
    return false;
  }

  /// False when over budget.
  bool visit(size_t s, int64_t cost) {
    if (++nodes > budget)
      return false;
    if (s == order.size()) {
      bestCost = cost;
      best = value;
      return true;
    }
    for (int64_t v : order[s]) {
      int64_t c = cost + costOf(s, v);
      // Values are sorted by cost: no later one can do better either.
      if (c + cheapestFrom[s + 1] >= bestCost)
        break;
      value[s] = v;
      assigned[s] = true;
      bool ok = std::all_of(rulesOfSlot[s].begin(), rulesOfSlot[s].end(),
                            [&](size_t r) { return possible(space.rules[r]); });
      if (ok && !visit(s + 1, c))
        return false;
      assigned[s] = false;
    }
    return true;
  }
};

} // namespace

SearchOutcome mlir::nndct::fixpoints::branchAndBound(
    const SearchSpace &space, size_t nodeBudget, std::vector<int64_t> &best) {
  Search search(space, nodeBudget, best);
  if (!search.visit(0, 0))
    return SearchOutcome::OverBudget;
  return search.bestCost == INT64_MAX ? SearchOutcome::Infeasible
                                      : SearchOutcome::Optimal;
}

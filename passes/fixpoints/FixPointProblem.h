//===- FixPointProblem.h - fix points as an integer program -----*- C++ -*-===//
//
// The target's shift rules over a graph's fix points, as plain data: one
// integer variable per fix (its domain and the cost of each value), rules
// that are disjunctions of linear range constraints over the variables
// ("shift_cut = w + i - o in [0, 16]"; "min(i) - o <= 25" is "some
// i_k - o <= 25"). No MLIR: nndct-legalize-fix-points builds a problem from
// the IR (ProblemFromIR.h) and writes the solution back; the gtests build
// small ones by hand and compare the solvers with brute force.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_FIXPOINTS_FIXPOINTPROBLEM_H
#define NNDCT_PASSES_FIXPOINTS_FIXPOINTPROBLEM_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace mlir::nndct::fixpoints {

/// One fix point to choose.
struct Variable {
  /// The fix's node name (for messages).
  std::string name;
  /// The domain [lo, hi]; `cost[v - lo]` is the cost of value v.
  int64_t lo = 0, hi = 0;
  /// The calibrated value (in the domain).
  int64_t current = 0;
  /// Costs are >= 0 and 0 at `current` (a regret against the calibrated
  /// choice): solveExact keeps a group whose rules already hold. When
  /// `computeCost` is set, `cost` is filled on first use: the curves are
  /// expensive and only the variables of broken groups need them.
  mutable std::vector<int64_t> cost;
  std::function<std::vector<int64_t>()> computeCost;

  int64_t costOf(int64_t v) const {
    if (v == current)
      return 0;
    if (cost.empty() && computeCost)
      cost = computeCost();
    return cost[size_t(v - lo)];
  }
};

/// coefficient * variable.
struct Term {
  int var;
  int64_t coef;
};

/// lo <= sum of terms <= hi.
struct Clause {
  std::vector<Term> terms;
  int64_t lo, hi;
  int64_t value(const std::vector<int64_t> &x) const;
  bool holds(const std::vector<int64_t> &x) const {
    int64_t v = value(x);
    return v >= lo && v <= hi;
  }
};

/// A rule of the target at one op: satisfied when any clause holds.
struct Rule {
  /// The op's node name and kind, and the rule in words
  /// ("shift_cut = w + i - o in [0, 16]").
  std::string op, kind, text;
  std::vector<Clause> anyOf;
  /// The variable vai's greedy repair moves when the rule is broken.
  int repairVar = -1;
  bool holds(const std::vector<int64_t> &x) const;
};

struct Problem {
  std::vector<Variable> vars;
  std::vector<Rule> rules;

  /// Every variable at its calibrated value.
  std::vector<int64_t> currentValues() const;
  int64_t totalCost(const std::vector<int64_t> &x) const;
  /// Indices of the rules `x` breaks.
  std::vector<size_t> violated(const std::vector<int64_t> &x) const;
  /// A readable line per rule ("conv 'c1': shift_cut = w + i - o in [0, 16]
  /// (now 18)") for rules indexed by `which`, evaluated at `x`.
  std::string describe(const std::vector<size_t> &which,
                       const std::vector<int64_t> &x) const;
};

/// An optimal assignment.
struct Solution {
  std::vector<int64_t> values;
  int64_t cost = 0;
};

/// No assignment satisfies the rules: a minimal set of them that already
/// conflict (dropping any one makes the rest satisfiable with the domains).
struct Conflict {
  std::vector<size_t> rules;
};

struct ExactOptions {
  /// Partial assignments a window's branch and bound may visit before
  /// Z3 takes over (0: always Z3).
  size_t searchNodes = 100000;
};

/// The assignment of least total cost that satisfies every rule (exact:
/// equalities of two variables merge them, then windows around the broken
/// rules are solved by branch and bound or Z3's optimizer; see
/// ExactSolver.cpp).
std::variant<Solution, Conflict> solveExact(const Problem &problem,
                                            const ExactOptions &options = {});

/// vai_q_pytorch's repair: one pass over the rules in order; a broken rule
/// moves its repair variable to the nearest value that satisfies it, never
/// revisiting earlier rules. May leave rules broken.
std::vector<int64_t> repairGreedy(const Problem &problem);

} // namespace mlir::nndct::fixpoints

#endif // NNDCT_PASSES_FIXPOINTS_FIXPOINTPROBLEM_H

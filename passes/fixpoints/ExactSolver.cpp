//===- ExactSolver.cpp - least-cost legal fix points with Z3 --------------===//
//
// 1. Rules `x_a - x_b in [0, 0]` (concat inputs, aligned pools) merge their
//    variables: one class, the intersection of the domains, the sum of the
//    costs.
// 2. Rules connect classes into independent groups. A group whose rules
//    all hold at the calibrated values keeps them: costs are >= 0 and 0
//    at the calibrated value (Variable::cost), so that is optimal.
// 3. In every other group, a window of classes grows from the broken
//    rules: its optimum under the rules inside it bounds the group's from
//    below, and is the group's optimum once it breaks no rule at the
//    window's edge (the classes outside keep their calibrated values).
//    Broken rules are usually a few ops apart, so windows stay small and
//    the work grows with what is broken, not with the network.
// 4. Each window is solved by branch and bound (BranchAndBound.h), or,
//    when that exceeds its node budget, as one Z3 optimization: an integer
//    per class in its domain, each rule a disjunction of linear ranges,
//    the classes' costs as weighted soft constraints (MaxSAT), over
//    domains pruned to the values that cost no more than a first legal
//    assignment (no optimal one can use a dearer value). Windows are
//    solved in a fixed order and both searches are deterministic, so the
//    answer is the same on every run.
// 5. When a group has no solution, a minimal conflicting set of its rules:
//    Z3's unsatisfiable core over one assumption per rule, then shrunk by
//    deletion until every rule in it is needed.
//
//===----------------------------------------------------------------------===//

#include "passes/fixpoints/BranchAndBound.h"
#include "passes/fixpoints/FixPointProblem.h"

#include <z3++.h>

#include <algorithm>
#include <numeric>
#include <optional>

using namespace mlir::nndct::fixpoints;

namespace {

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(size_t n) : parent(n) {
    std::iota(parent.begin(), parent.end(), 0);
  }
  int find(int a) {
    while (parent[size_t(a)] != a)
      a = parent[size_t(a)] = parent[size_t(parent[size_t(a)])];
    return a;
  }
  void join(int a, int b) {
    a = find(a);
    b = find(b);
    if (a != b)
      parent[size_t(std::max(a, b))] = std::min(a, b);
  }
};

/// x_a - x_b in [0, 0]: the two variables, else {-1, -1}.
std::pair<int, int> equalityOf(const Rule &rule) {
  if (rule.anyOf.size() != 1)
    return {-1, -1};
  const Clause &c = rule.anyOf[0];
  if (c.lo != 0 || c.hi != 0 || c.terms.size() != 2 ||
      c.terms[0].coef != -c.terms[1].coef || std::abs(c.terms[0].coef) != 1)
    return {-1, -1};
  return {c.terms[0].var, c.terms[1].var};
}

/// A class of merged variables.
struct Class {
  std::vector<int> members;
  int64_t lo, hi;
  int64_t costOf(const Problem &p, int64_t v) const {
    int64_t sum = 0;
    for (int m : members)
      sum += p.vars[size_t(m)].costOf(v);
    return sum;
  }
};

z3::expr ruleExpr(z3::context &ctx, const Rule &rule,
                  const std::vector<z3::expr> &var) {
  z3::expr_vector any(ctx);
  for (const Clause &c : rule.anyOf) {
    z3::expr sum = ctx.int_val(0);
    for (const Term &t : c.terms)
      sum = sum + ctx.int_val(t.coef) * var[size_t(t.var)];
    any.push_back(sum >= ctx.int_val(c.lo) && sum <= ctx.int_val(c.hi));
  }
  return z3::mk_or(any);
}

/// A minimal set of `rules` (indices into problem.rules) that conflict
/// over the variables' domains.
std::vector<size_t> minimalConflict(const Problem &problem,
                                    const std::vector<size_t> &rules) {
  z3::context ctx;
  std::vector<z3::expr> var;
  z3::solver solver(ctx);
  for (size_t i = 0; i < problem.vars.size(); ++i) {
    var.push_back(ctx.int_const(("x" + std::to_string(i)).c_str()));
    solver.add(var.back() >= ctx.int_val(problem.vars[i].lo) &&
               var.back() <= ctx.int_val(problem.vars[i].hi));
  }
  std::vector<z3::expr> guard;
  for (size_t r : rules) {
    guard.push_back(ctx.bool_const(("r" + std::to_string(r)).c_str()));
    solver.add(z3::implies(guard.back(), ruleExpr(ctx, problem.rules[r], var)));
  }
  auto unsat = [&](const std::vector<size_t> &subset) {
    z3::expr_vector assumptions(ctx);
    for (size_t k : subset)
      assumptions.push_back(guard[k]);
    return solver.check(assumptions) == z3::unsat;
  };
  // Positions into `rules`, starting from Z3's core.
  std::vector<size_t> core;
  {
    std::vector<size_t> all(rules.size());
    std::iota(all.begin(), all.end(), 0);
    if (!unsat(all))
      return {};
    z3::expr_vector z3core = solver.unsat_core();
    for (unsigned i = 0; i < z3core.size(); ++i)
      for (size_t k = 0; k < guard.size(); ++k)
        if (z3::eq(z3core[int(i)], guard[k]))
          core.push_back(k);
    std::sort(core.begin(), core.end());
  }
  // Deletion: drop each rule whose removal keeps the rest unsatisfiable.
  for (size_t i = 0; i < core.size();) {
    std::vector<size_t> without = core;
    without.erase(without.begin() + long(i));
    if (unsat(without))
      core = std::move(without);
    else
      ++i;
  }
  std::vector<size_t> out;
  for (size_t k : core)
    out.push_back(rules[k]);
  return out;
}

/// The least-cost assignment of `space` with Z3; none when its rules
/// conflict.
std::optional<std::vector<int64_t>> optimizeWithZ3(const SearchSpace &space) {
  z3::context ctx;
  std::vector<z3::expr> var;
  for (size_t s = 0; s < space.lo.size(); ++s)
    var.push_back(ctx.int_const(("s" + std::to_string(s)).c_str()));
  z3::expr_vector hard(ctx);
  for (size_t s = 0; s < var.size(); ++s)
    hard.push_back(var[s] >= ctx.int_val(space.lo[s]) &&
                   var[s] <= ctx.int_val(space.hi[s]));
  for (const Rule &rule : space.rules)
    hard.push_back(ruleExpr(ctx, rule, var));
  auto valuesOf = [&](const z3::model &m) {
    std::vector<int64_t> v;
    for (const z3::expr &e : var)
      v.push_back(m.eval(e, true).get_numeral_int64());
    return v;
  };
  auto costOf = [&](size_t s, int64_t v) {
    return space.cost[s][size_t(v - space.lo[s])];
  };
  // Any legal assignment bounds the optimum: a value costing more than it
  // cannot be in an optimal one (costs are >= 0), so domains shrink to
  // the values worth trying before the optimization (exact pruning).
  z3::solver feasible(ctx);
  feasible.add(hard);
  if (feasible.check() != z3::sat)
    return std::nullopt;
  std::vector<int64_t> first = valuesOf(feasible.get_model());
  int64_t bound = 0;
  for (size_t s = 0; s < var.size(); ++s)
    bound += costOf(s, first[s]);
  z3::optimize opt(ctx);
  opt.add(hard);
  // The objective as weighted soft constraints "x != v" (weight: the cost
  // of v): exactly one value holds, so the penalty is the chosen value's
  // cost; Z3's MaxSAT search beats optimizing a sum of if-then-else
  // tables.
  for (size_t s = 0; s < var.size(); ++s) {
    z3::expr_vector allowed(ctx);
    for (int64_t v = space.lo[s]; v <= space.hi[s]; ++v) {
      int64_t cost = costOf(s, v);
      if (cost > bound)
        continue;
      allowed.push_back(var[s] == ctx.int_val(v));
      if (cost > 0)
        opt.add_soft(var[s] != ctx.int_val(v), std::to_string(cost).c_str());
    }
    opt.add(z3::mk_or(allowed));
  }
  if (opt.check() != z3::sat)
    return std::nullopt;
  return valuesOf(opt.get_model());
}

/// The classes `window` as a search space (slot k is window[k]) under
/// `rules`, which mention no other class.
SearchSpace windowSpace(const Problem &problem,
                        const std::vector<Class> &classes,
                        const std::vector<int> &classOf,
                        const std::vector<size_t> &window,
                        const std::vector<size_t> &rules) {
  SearchSpace space;
  std::vector<int> slot(classes.size(), -1);
  for (size_t k = 0; k < window.size(); ++k) {
    const Class &cls = classes[window[k]];
    slot[window[k]] = int(k);
    space.lo.push_back(cls.lo);
    space.hi.push_back(cls.hi);
    std::vector<int64_t> cost;
    for (int64_t v = cls.lo; v <= cls.hi; ++v)
      cost.push_back(cls.costOf(problem, v));
    space.cost.push_back(std::move(cost));
  }
  for (size_t r : rules) {
    Rule rule = problem.rules[r];
    for (Clause &c : rule.anyOf)
      for (Term &t : c.terms)
        t.var = slot[size_t(classOf[size_t(t.var)])];
    space.rules.push_back(std::move(rule));
  }
  return space;
}

} // namespace

std::variant<Solution, Conflict>
mlir::nndct::fixpoints::solveExact(const Problem &problem,
                                   const ExactOptions &options) {
  size_t n = problem.vars.size();
  // 1. Merge equalities whose domains intersect.
  UnionFind merged(n);
  std::vector<bool> mergedRule(problem.rules.size(), false);
  {
    std::vector<int64_t> lo(n), hi(n);
    for (size_t i = 0; i < n; ++i) {
      lo[i] = problem.vars[i].lo;
      hi[i] = problem.vars[i].hi;
    }
    for (size_t r = 0; r < problem.rules.size(); ++r) {
      auto [a, b] = equalityOf(problem.rules[r]);
      if (a < 0)
        continue;
      int ra = merged.find(a), rb = merged.find(b);
      if (ra == rb) {
        mergedRule[r] = true;
        continue;
      }
      int64_t l = std::max(lo[size_t(ra)], lo[size_t(rb)]),
              h = std::min(hi[size_t(ra)], hi[size_t(rb)]);
      if (l > h)
        continue; // left to the solver (it will report the conflict)
      merged.join(ra, rb);
      int root = merged.find(ra);
      lo[size_t(root)] = l;
      hi[size_t(root)] = h;
      mergedRule[r] = true;
    }
  }
  std::vector<int> classOf(n, -1);
  std::vector<Class> classes;
  for (size_t i = 0; i < n; ++i) {
    int root = merged.find(int(i));
    if (classOf[size_t(root)] < 0) {
      classOf[size_t(root)] = int(classes.size());
      classes.push_back({{}, INT64_MIN, INT64_MAX});
    }
    Class &c = classes[size_t(classOf[size_t(root)])];
    classOf[i] = classOf[size_t(root)];
    c.members.push_back(int(i));
    c.lo = std::max(c.lo, problem.vars[i].lo);
    c.hi = std::min(c.hi, problem.vars[i].hi);
  }

  // 2. Groups of classes connected by rules.
  UnionFind group(classes.size());
  for (const Rule &rule : problem.rules)
    for (const Clause &c : rule.anyOf)
      for (const Term &t : c.terms)
        group.join(classOf[size_t(rule.anyOf[0].terms[0].var)],
                   classOf[size_t(t.var)]);
  std::vector<std::vector<size_t>> rulesOfGroup(classes.size());
  for (size_t r = 0; r < problem.rules.size(); ++r)
    if (!problem.rules[r].anyOf.empty() &&
        !problem.rules[r].anyOf[0].terms.empty())
      rulesOfGroup[size_t(group.find(classOf[size_t(
                       problem.rules[r].anyOf[0].terms[0].var)]))]
          .push_back(r);

  std::vector<int64_t> x = problem.currentValues();
  std::vector<std::vector<size_t>> classesOfGroup(classes.size());
  for (size_t c = 0; c < classes.size(); ++c)
    classesOfGroup[size_t(group.find(int(c)))].push_back(c);
  std::vector<std::vector<size_t>> rulesOfClass(classes.size());
  for (size_t r = 0; r < problem.rules.size(); ++r)
    if (!mergedRule[r])
      for (const Clause &c : problem.rules[r].anyOf)
        for (const Term &t : c.terms)
          rulesOfClass[size_t(classOf[size_t(t.var)])].push_back(r);
  for (auto &rs : rulesOfClass) {
    std::sort(rs.begin(), rs.end());
    rs.erase(std::unique(rs.begin(), rs.end()), rs.end());
  }
  for (size_t g = 0; g < classes.size(); ++g) {
    const std::vector<size_t> &rules = rulesOfGroup[g];
    std::vector<size_t> broken;
    for (size_t r : rules)
      if (!problem.rules[r].holds(x))
        broken.push_back(r);
    if (broken.empty())
      continue;
    // 3. Windows: solve over the classes of the broken rules with only
    // the rules inside the window (a relaxation: every legal assignment
    // of the group satisfies them, and the classes outside add cost >= 0,
    // so its optimum bounds the group's from below). When the window's
    // optimum, with every class outside at its calibrated value, breaks
    // no rule, it is legal and meets the bound: optimal. Otherwise the
    // window takes in the classes of the rules it broke and is solved
    // again; at worst it grows to the whole group.
    std::vector<bool> inWindow(classes.size(), false);
    auto take = [&](size_t r) {
      for (const Clause &c : problem.rules[r].anyOf)
        for (const Term &t : c.terms)
          inWindow[size_t(classOf[size_t(t.var)])] = true;
    };
    for (size_t r : broken)
      take(r);
    while (true) {
      std::vector<size_t> window, inside;
      for (size_t c : classesOfGroup[g])
        if (inWindow[c])
          window.push_back(c);
      for (size_t r : rules) {
        if (mergedRule[r])
          continue;
        bool all = true;
        for (const Clause &c : problem.rules[r].anyOf)
          for (const Term &t : c.terms)
            all = all && inWindow[size_t(classOf[size_t(t.var)])];
        if (all)
          inside.push_back(r);
      }
      SearchSpace space =
          windowSpace(problem, classes, classOf, window, inside);
      std::optional<std::vector<int64_t>> best;
      std::vector<int64_t> found;
      switch (branchAndBound(space, options.searchNodes, found)) {
      case SearchOutcome::Optimal:
        best = std::move(found);
        break;
      case SearchOutcome::Infeasible:
        break;
      case SearchOutcome::OverBudget:
        best = optimizeWithZ3(space);
        break;
      }
      if (!best)
        return Conflict{minimalConflict(problem, rules)};
      std::vector<int64_t> y = x;
      for (size_t k = 0; k < window.size(); ++k)
        for (int m : classes[window[k]].members)
          y[size_t(m)] = (*best)[k];
      bool grew = false;
      for (size_t c : window)
        for (size_t r : rulesOfClass[c])
          if (!problem.rules[r].holds(y)) {
            take(r);
            grew = true;
          }
      if (!grew) {
        x = std::move(y);
        break;
      }
    }
  }
  return Solution{x, problem.totalCost(x)};
}

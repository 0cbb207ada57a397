//===- FixPointProblem.cpp - evaluating assignments and greedy repair -----===//

#include "passes/fixpoints/FixPointProblem.h"

#include <cstdlib>
#include <sstream>

using namespace mlir::nndct::fixpoints;

int64_t Clause::value(const std::vector<int64_t> &x) const {
  int64_t v = 0;
  for (const Term &t : terms)
    v += t.coef * x[size_t(t.var)];
  return v;
}

bool Rule::holds(const std::vector<int64_t> &x) const {
  for (const Clause &c : anyOf)
    if (c.holds(x))
      return true;
  return false;
}

std::vector<int64_t> Problem::currentValues() const {
  std::vector<int64_t> x;
  for (const Variable &v : vars)
    x.push_back(v.current);
  return x;
}

int64_t Problem::totalCost(const std::vector<int64_t> &x) const {
  int64_t sum = 0;
  for (size_t i = 0; i < vars.size(); ++i)
    sum += vars[i].costOf(x[i]);
  return sum;
}

std::vector<size_t> Problem::violated(const std::vector<int64_t> &x) const {
  std::vector<size_t> out;
  for (size_t r = 0; r < rules.size(); ++r)
    if (!rules[r].holds(x))
      out.push_back(r);
  return out;
}

std::string Problem::describe(const std::vector<size_t> &which,
                              const std::vector<int64_t> &x) const {
  std::ostringstream os;
  for (size_t r : which) {
    const Rule &rule = rules[r];
    os << "\n  " << rule.kind << " '" << rule.op << "': " << rule.text;
    // The clauses' current values, with the fixes they are made of.
    os << " (";
    for (size_t c = 0; c < rule.anyOf.size(); ++c) {
      os << (c ? "; " : "") << "now " << rule.anyOf[c].value(x) << " from";
      for (const Term &t : rule.anyOf[c].terms)
        os << " " << vars[size_t(t.var)].name << "=" << x[size_t(t.var)];
    }
    os << ")";
  }
  return os.str();
}

std::vector<int64_t>
mlir::nndct::fixpoints::repairGreedy(const Problem &problem) {
  std::vector<int64_t> x = problem.currentValues();
  for (const Rule &rule : problem.rules) {
    if (rule.holds(x) || rule.repairVar < 0)
      continue;
    const Variable &v = problem.vars[size_t(rule.repairVar)];
    int64_t keep = x[size_t(rule.repairVar)];
    // The nearest value that satisfies the rule (the finer one on ties).
    int64_t best = keep;
    bool found = false;
    for (int64_t d = 1; d <= v.hi - v.lo && !found; ++d)
      for (int64_t cand : {keep + d, keep - d}) {
        if (cand < v.lo || cand > v.hi)
          continue;
        x[size_t(rule.repairVar)] = cand;
        if (rule.holds(x)) {
          best = cand;
          found = true;
          break;
        }
      }
    x[size_t(rule.repairVar)] = best;
  }
  return x;
}

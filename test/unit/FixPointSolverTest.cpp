//===- FixPointSolverTest.cpp - the exact solver against brute force ------===//
//
// Random small problems (up to 6 variables with up to 6 values, rules of
// one or two clauses over one to three variables, some equalities): the
// exact solver's cost is brute force's optimum and its assignment is
// legal, with windows solved by branch and bound and by Z3; when brute
// force finds nothing, the reported conflict is unsatisfiable and minimal.
// Random chains like a network's (mostly legal, a few rules broken) make
// the windows grow. Plus vai's greedy repair on a chain.
//
//===----------------------------------------------------------------------===//

#include "passes/fixpoints/FixPointProblem.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir::nndct::fixpoints;

namespace {

Problem randomProblem(std::mt19937 &rng) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  Problem p;
  int64_t n = pick(2, 6);
  for (int64_t i = 0; i < n; ++i) {
    Variable v;
    v.name = "f" + std::to_string(i);
    v.lo = pick(-2, 2);
    v.hi = v.lo + pick(2, 5);
    v.current = pick(v.lo, v.hi);
    for (int64_t x = v.lo; x <= v.hi; ++x)
      v.cost.push_back(x == v.current ? 0 : pick(1, 40));
    p.vars.push_back(v);
  }
  int64_t rules = pick(1, 6);
  for (int64_t r = 0; r < rules; ++r) {
    Rule rule;
    rule.op = "op" + std::to_string(r);
    rule.kind = "test";
    rule.text = "random";
    if (pick(0, 4) == 0) { // an equality
      int a = int(pick(0, n - 1)), b = int(pick(0, n - 1));
      if (a == b)
        b = (a + 1) % int(n);
      rule.anyOf.push_back({{{a, 1}, {b, -1}}, 0, 0});
    } else {
      for (int64_t c = pick(1, 2); c > 0; --c) {
        Clause clause;
        for (int64_t t = pick(1, 3); t > 0; --t)
          clause.terms.push_back({int(pick(0, n - 1)), pick(0, 1) ? 1 : -1});
        clause.lo = pick(-6, 3);
        clause.hi = clause.lo + pick(0, 6);
        rule.anyOf.push_back(clause);
      }
    }
    rule.repairVar = rule.anyOf[0].terms[0].var;
    p.rules.push_back(rule);
  }
  return p;
}

/// The least cost over all assignments satisfying `rules`, or -1.
int64_t bruteForce(const Problem &p, const std::vector<size_t> &rules) {
  std::vector<int64_t> x;
  for (const Variable &v : p.vars)
    x.push_back(v.lo);
  int64_t best = -1;
  while (true) {
    bool ok = true;
    for (size_t r : rules)
      ok = ok && p.rules[r].holds(x);
    if (ok) {
      int64_t c = p.totalCost(x);
      if (best < 0 || c < best)
        best = c;
    }
    size_t i = 0;
    for (; i < x.size() && x[i] == p.vars[i].hi; ++i)
      x[i] = p.vars[i].lo;
    if (i == x.size())
      return best;
    ++x[i];
  }
}

std::vector<size_t> allRules(const Problem &p) {
  std::vector<size_t> all(p.rules.size());
  for (size_t i = 0; i < all.size(); ++i)
    all[i] = i;
  return all;
}

/// A chain f0 .. f{n-1} like a network's activations: rules on neighbours
/// (and some over three) built around the calibrated values, a few shifted
/// so that they break; costs grow with the distance from the calibrated
/// value at a random rate per variable.
Problem randomChain(std::mt19937 &rng) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  Problem p;
  int64_t n = pick(5, 8);
  for (int64_t i = 0; i < n; ++i) {
    Variable v;
    v.name = "f" + std::to_string(i);
    v.lo = 0;
    v.hi = 4;
    v.current = pick(0, 4);
    int64_t rate = pick(1, 9);
    for (int64_t x = v.lo; x <= v.hi; ++x)
      v.cost.push_back(rate * std::abs(x - v.current) +
                       pick(0, 2) * (x != v.current));
    p.vars.push_back(v);
  }
  std::vector<int64_t> x = p.currentValues();
  for (int64_t i = 0; i + 1 < n; ++i) {
    Clause c;
    c.terms = {{int(i), 1}, {int(i + 1), -1}};
    if (i + 2 < n && pick(0, 2) == 0)
      c.terms.push_back({int(i + 2), 1});
    int64_t now = c.value(x);
    c.lo = now - pick(0, 2);
    c.hi = now + pick(0, 2);
    if (pick(0, 3) == 0) { // broken: its range one or two away
      int64_t by = pick(1, 2) * (pick(0, 1) ? 1 : -1);
      c.lo = c.hi = now + by;
    }
    Rule rule{"op" + std::to_string(i), "test", "chain", {c}, int(i)};
    p.rules.push_back(rule);
  }
  return p;
}

/// False when `p` has no solution.
bool expectOptimal(const Problem &p, const ExactOptions &options) {
  int64_t optimum = bruteForce(p, allRules(p));
  if (optimum < 0)
    return false;
  auto result = solveExact(p, options);
  EXPECT_TRUE(std::holds_alternative<Solution>(result));
  if (!std::holds_alternative<Solution>(result))
    return true;
  const Solution &s = std::get<Solution>(result);
  EXPECT_TRUE(p.violated(s.values).empty());
  EXPECT_EQ(s.cost, optimum);
  return true;
}

} // namespace

class ExactSolverTest : public ::testing::TestWithParam<size_t> {};

INSTANTIATE_TEST_SUITE_P(Search, ExactSolverTest, ::testing::Values(100000, 0),
                         [](const auto &info) {
                           return info.param ? "BranchAndBound" : "Z3";
                         });

TEST_P(ExactSolverTest, ChainsMatchBruteForce) {
  std::mt19937 rng(7);
  int repaired = 0;
  for (int trial = 0; trial < 200; ++trial) {
    Problem p = randomChain(rng);
    SCOPED_TRACE("trial " + std::to_string(trial));
    bool broken = !p.violated(p.currentValues()).empty();
    repaired += expectOptimal(p, {GetParam()}) && broken;
  }
  EXPECT_GT(repaired, 100);
}

TEST_P(ExactSolverTest, MatchesBruteForce) {
  std::mt19937 rng(2026);
  int solved = 0, conflicts = 0;
  for (int trial = 0; trial < 400; ++trial) {
    Problem p = randomProblem(rng);
    SCOPED_TRACE("trial " + std::to_string(trial));
    int64_t optimum = bruteForce(p, allRules(p));
    auto result = solveExact(p, {GetParam()});
    if (optimum >= 0) {
      ASSERT_TRUE(std::holds_alternative<Solution>(result));
      const Solution &s = std::get<Solution>(result);
      EXPECT_TRUE(p.violated(s.values).empty());
      EXPECT_EQ(s.cost, optimum);
      EXPECT_EQ(p.totalCost(s.values), s.cost);
      ++solved;
      continue;
    }
    ASSERT_TRUE(std::holds_alternative<Conflict>(result));
    std::vector<size_t> core = std::get<Conflict>(result).rules;
    ASSERT_FALSE(core.empty());
    EXPECT_EQ(bruteForce(p, core), -1) << "the core is satisfiable";
    for (size_t i = 0; i < core.size(); ++i) {
      std::vector<size_t> fewer = core;
      fewer.erase(fewer.begin() + long(i));
      EXPECT_GE(bruteForce(p, fewer), 0) << "the core is not minimal";
    }
    ++conflicts;
  }
  // Both outcomes are exercised.
  EXPECT_GT(solved, 100);
  EXPECT_GT(conflicts, 20);
}

TEST(FixPointSolver, KeepsLegalCalibratedValues) {
  Problem p;
  p.vars = {{"i", 0, 8, 5, {5, 4, 3, 2, 1, 0, 1, 2, 3}},
            {"o", 0, 8, 3, {3, 2, 1, 0, 1, 2, 3, 4, 5}}};
  p.rules.push_back(
      {"conv", "conv2d", "i - o in [0, 4]", {{{{0, 1}, {1, -1}}, 0, 4}}, 1});
  auto result = solveExact(p);
  ASSERT_TRUE(std::holds_alternative<Solution>(result));
  EXPECT_EQ(std::get<Solution>(result).values, (std::vector<int64_t>{5, 3}));
  EXPECT_EQ(std::get<Solution>(result).cost, 0);
}

// Greedy moves each broken rule's repair variable to the nearest legal
// value in rule order and never revisits a rule: repairing the second rule
// here breaks the first again. Exact finds the legal optimum.
TEST(FixPointSolver, GreedyIsOnePass) {
  Problem p;
  std::vector<int64_t> flat(11, 1);
  p.vars = {
      {"a", 0, 10, 2, flat}, {"b", 0, 10, 9, flat}, {"c", 0, 10, 2, flat}};
  for (auto &v : p.vars)
    v.cost[size_t(v.current)] = 0;
  // b - a <= 3 and a - c <= 1, both repaired by moving a.
  p.rules.push_back(
      {"x", "test", "b - a <= 3", {{{{1, 1}, {0, -1}}, -10, 3}}, 0});
  std::vector<int64_t> g = repairGreedy(p);
  EXPECT_EQ(g, (std::vector<int64_t>{6, 9, 2}));
  EXPECT_TRUE(p.violated(g).empty());
  p.rules.push_back(
      {"y", "test", "a - c <= 1", {{{{0, 1}, {2, -1}}, -10, 1}}, 0});
  g = repairGreedy(p);
  EXPECT_EQ(g, (std::vector<int64_t>{3, 9, 2}));
  EXPECT_EQ(p.violated(g), (std::vector<size_t>{0}));
  auto exact = solveExact(p);
  ASSERT_TRUE(std::holds_alternative<Solution>(exact));
  EXPECT_TRUE(p.violated(std::get<Solution>(exact).values).empty());
  EXPECT_EQ(std::get<Solution>(exact).cost, 1); // one move: b = 5
}

//===- DeviceSubgraphs.cpp - acyclic grouping of placed ops ---------------===//
//
// Greedy contraction in program order with the transitive dependencies of
// each subgraph kept as bit sets: joining subgraph S is refused when
// another subgraph the node reads already depends on S (the node would
// close a cycle through it). When S gains dependencies, every subgraph that
// depends on S gains them too, so the sets stay transitive.
//
//===----------------------------------------------------------------------===//

#include "passes/DeviceSubgraphs.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir::nndct;

llvm::SmallVector<int64_t> mlir::nndct::formAcyclicSubgraphs(
    llvm::ArrayRef<int64_t> keys,
    llvm::ArrayRef<llvm::SmallVector<int64_t>> producers,
    bool joinUnconnected) {
  size_t n = keys.size();
  llvm::SmallVector<int64_t> subgraph(n, -1);
  llvm::SmallVector<int64_t> subgraphKey;
  // deps[s]: the subgraphs s transitively reads (never s itself).
  std::vector<llvm::BitVector> deps;
  for (size_t i = 0; i < n; ++i) {
    llvm::SmallVector<int64_t> inputs;
    for (int64_t p : producers[i])
      if (!llvm::is_contained(inputs, subgraph[p]))
        inputs.push_back(subgraph[p]);
    // Joining s is safe when no other subgraph the node reads depends on s.
    auto safe = [&](int64_t s) {
      return subgraphKey[s] == keys[i] && llvm::all_of(inputs, [&](int64_t t) {
               return t == s || !deps[t].test(s);
             });
    };
    // A producer's subgraph first; then the latest safe one with the key
    // (parallel branches share a subgraph instead of fragmenting).
    int64_t chosen = -1;
    for (int64_t s : inputs)
      if (safe(s)) {
        chosen = s;
        break;
      }
    for (int64_t s = int64_t(subgraphKey.size()) - 1;
         joinUnconnected && chosen < 0 && s >= 0; --s)
      if (safe(s))
        chosen = s;
    if (chosen < 0) {
      chosen = int64_t(subgraphKey.size());
      subgraphKey.push_back(keys[i]);
      deps.emplace_back(n);
    }
    subgraph[i] = chosen;
    llvm::BitVector added(n);
    for (int64_t t : inputs)
      if (t != chosen) {
        added.set(t);
        added |= deps[t];
      }
    if (added.none())
      continue;
    for (size_t v = 0; v < deps.size(); ++v)
      if (int64_t(v) == chosen || deps[v].test(chosen))
        deps[v] |= added;
  }
  return subgraph;
}

bool mlir::nndct::subgraphsAreAcyclic(
    llvm::ArrayRef<int64_t> subgraph,
    llvm::ArrayRef<llvm::SmallVector<int64_t>> producers, int64_t &cycle) {
  int64_t count = 0;
  for (int64_t s : subgraph)
    count = std::max(count, s + 1);
  // Edges between subgraphs, then a depth-first search for a back edge.
  std::vector<llvm::SmallVector<int64_t>> succ(count);
  for (size_t i = 0; i < subgraph.size(); ++i)
    for (int64_t p : producers[i])
      if (subgraph[p] != subgraph[i] &&
          !llvm::is_contained(succ[subgraph[p]], subgraph[i]))
        succ[subgraph[p]].push_back(subgraph[i]);
  enum State : char { Unseen, Open, Done };
  std::vector<State> state(count, Unseen);
  for (int64_t root = 0; root < count; ++root) {
    if (state[root] != Unseen)
      continue;
    // Iterative DFS: (node, next successor index).
    llvm::SmallVector<std::pair<int64_t, size_t>> stack{{root, 0}};
    state[root] = Open;
    while (!stack.empty()) {
      auto &[node, next] = stack.back();
      if (next == succ[node].size()) {
        state[node] = Done;
        stack.pop_back();
        continue;
      }
      int64_t to = succ[node][next++];
      if (state[to] == Open) {
        cycle = to;
        return false;
      }
      if (state[to] == Unseen) {
        state[to] = Open;
        stack.push_back({to, 0});
      }
    }
  }
  return true;
}

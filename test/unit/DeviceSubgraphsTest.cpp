//===- DeviceSubgraphsTest.cpp - acyclic grouping of placed ops -----------===//

#include "passes/DeviceSubgraphs.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir::nndct;
using llvm::SmallVector;

namespace {
using Producers = SmallVector<SmallVector<int64_t>>;

bool acyclic(llvm::ArrayRef<int64_t> subgraph, const Producers &producers) {
  int64_t cycle = -1;
  return subgraphsAreAcyclic(subgraph, producers, cycle);
}
} // namespace

// The squeeze-excite shape: 0 (npu) -> 1 (cpu) -> 2 (npu), 0 -> 2. Node 2
// may not join node 0's subgraph.
TEST(DeviceSubgraphs, SplitsWhereJoiningWouldCloseACycle) {
  Producers producers = {{}, {0}, {0, 1}};
  SmallVector<int64_t> s = formAcyclicSubgraphs({0, 1, 0}, producers, true);
  EXPECT_EQ(s, (SmallVector<int64_t>{0, 1, 2}));
  EXPECT_TRUE(acyclic(s, producers));
  // Putting 0 and 2 together is the cycle XIR rejects.
  int64_t cycle = -1;
  EXPECT_FALSE(subgraphsAreAcyclic({0, 1, 0}, producers, cycle));
  EXPECT_GE(cycle, 0);
}

TEST(DeviceSubgraphs, JoinsParallelBranchesOnlyWhenAsked) {
  // Two independent nodes with the same key.
  Producers producers = {{}, {}};
  EXPECT_EQ(formAcyclicSubgraphs({0, 0}, producers, false),
            (SmallVector<int64_t>{0, 1}));
  EXPECT_EQ(formAcyclicSubgraphs({0, 0}, producers, true),
            (SmallVector<int64_t>{0, 0}));
}

// Random DAGs with random keys: every result is acyclic, keeps keys apart,
// and numbers subgraphs in order of first node.
TEST(DeviceSubgraphs, RandomGraphsStayAcyclic) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    int64_t n = 2 + int64_t(rng() % 40);
    Producers producers(n);
    SmallVector<int64_t> keys;
    for (int64_t i = 0; i < n; ++i) {
      keys.push_back(int64_t(rng() % 3));
      for (int64_t j = 0; j < i; ++j)
        if (rng() % 4 == 0)
          producers[i].push_back(j);
    }
    for (bool join : {false, true}) {
      SmallVector<int64_t> s = formAcyclicSubgraphs(keys, producers, join);
      ASSERT_TRUE(acyclic(s, producers)) << "trial " << trial;
      int64_t next = 0;
      for (int64_t i = 0; i < n; ++i) {
        ASSERT_LE(s[i], next);
        if (s[i] == next)
          ++next;
        for (int64_t j = 0; j < i; ++j)
          if (s[j] == s[i])
            ASSERT_EQ(keys[j], keys[i]);
      }
    }
  }
}

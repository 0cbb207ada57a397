//===- GraphLayoutTest.cpp - the layered layout of nndct inspect ----------===//

#include "backends/inspect/GraphLayout.h"

#include <gtest/gtest.h>

using namespace mlir::nndct;

namespace {

bool overlap(const LayeredLayout &l, const LayoutSizes &s, size_t a, size_t b) {
  return l.x[a] < l.x[b] + s.nodeWidth && l.x[b] < l.x[a] + s.nodeWidth &&
         l.y[a] < l.y[b] + s.nodeHeight && l.y[b] < l.y[a] + s.nodeHeight;
}

TEST(GraphLayoutTest, LayersAreLongestPathDepths) {
  // 0 -> 1 -> 2 -> 4, 0 -> 3 -> 4, 0 -> 4.
  std::vector<std::vector<int64_t>> producers = {{}, {0}, {1}, {0}, {2, 3, 0}};
  LayeredLayout l = layoutLayers(producers);
  EXPECT_EQ(l.layer, (std::vector<int64_t>{0, 1, 2, 1, 3}));
  LayoutSizes s;
  for (size_t i = 0; i < producers.size(); ++i) {
    for (int64_t p : producers[i])
      EXPECT_LT(l.y[p], l.y[i]) << "edge " << p << "->" << i << " points up";
    for (size_t j = i + 1; j < producers.size(); ++j)
      EXPECT_FALSE(overlap(l, s, i, j)) << i << " and " << j << " overlap";
    EXPECT_GE(l.x[i], 0);
    EXPECT_LE(l.x[i] + s.nodeWidth, l.width);
    EXPECT_LE(l.y[i] + s.nodeHeight, l.height);
  }
}

TEST(GraphLayoutTest, BarycenterOrdersALayerByItsProducers) {
  // Two chains side by side whose second layers arrive crossed in program
  // order: 0, 1 sources; 2 reads 1 and 3 reads 0.
  std::vector<std::vector<int64_t>> producers = {{}, {}, {1}, {0}};
  LayeredLayout l = layoutLayers(producers);
  EXPECT_LT(l.x[0], l.x[1]);
  EXPECT_LT(l.x[3], l.x[2]) << "the crossing is undone";
  EXPECT_EQ(l.x[3], l.x[0]);
  EXPECT_EQ(l.x[2], l.x[1]);
}

TEST(GraphLayoutTest, EmptyGraphAndDeterminism) {
  LayeredLayout empty = layoutLayers({});
  EXPECT_TRUE(empty.layer.empty());
  std::vector<std::vector<int64_t>> producers = {{}, {0}, {0}, {0}, {1, 2, 3}};
  LayeredLayout a = layoutLayers(producers), b = layoutLayers(producers);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.y, b.y);
  // A single node centred under a layer of three.
  EXPECT_EQ(a.x[4], a.x[2]);
}

} // namespace

//===- ShapeInferenceTest.cpp - shape rules shared by ops and importers ---===//

#include "ir/ShapeInference.h"

#include <gtest/gtest.h>

using namespace mlir::nndct;

TEST(ShapeInference, BroadcastRightAligned) {
  auto s = broadcastShapes({1, 8, 4, 4}, {8, 1, 1});
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(llvm::ArrayRef<int64_t>(*s), llvm::ArrayRef<int64_t>({1, 8, 4, 4}));
  EXPECT_FALSE(broadcastShapes({2, 3}, {4, 3}).has_value());
  auto scalar = broadcastShapes({}, {3});
  ASSERT_TRUE(scalar.has_value());
  EXPECT_EQ(scalar->size(), 1u);
}

TEST(ShapeInference, UnidirectionalBroadcast) {
  EXPECT_TRUE(broadcastsTo({8, 1, 1}, {1, 8, 4, 4}));
  EXPECT_FALSE(broadcastsTo({1, 8, 4, 4}, {8, 1, 1}));
  EXPECT_FALSE(broadcastsTo({3}, {1, 8}));
}

TEST(ShapeInference, WindowSizes) {
  // 3x3 stride 2 pad 1 on 32 -> 16 (ResNet stem).
  EXPECT_EQ(windowOutputSize(32, 3, 2, 1, 1, 1), 16);
  // Dilation 2 widens the kernel to 5.
  EXPECT_EQ(windowOutputSize(16, 3, 1, 2, 2, 2), 16);
  // Kernel larger than the padded input does not fit.
  EXPECT_LE(windowOutputSize(2, 5, 1, 0, 0, 1), 0);
}

TEST(ShapeInference, CeilModeDropsWindowInTrailingPadding) {
  // torch.nn.MaxPool2d(3, 2, ceil_mode=True) on 16 -> 8 (not 9).
  EXPECT_EQ(windowOutputSize(16, 3, 2, 0, 0, 1, /*ceilMode=*/true), 8);
  // 112 -> 56 with kernel 3 stride 2 ceil (GoogLeNet).
  EXPECT_EQ(windowOutputSize(112, 3, 2, 0, 0, 1, true), 56);
  // Input 6, kernel 2, stride 2, pad 1: floor gives 4, ceil would give 5 but
  // the last window would start in the trailing padding, so 4.
  EXPECT_EQ(windowOutputSize(6, 2, 2, 1, 1, 1, true), 4);
}

TEST(ShapeInference, TransposedConv) {
  EXPECT_EQ(transposedOutputSize(4, 2, 2, 0, 0, 1, 0), 8);
  EXPECT_EQ(transposedOutputSize(4, 3, 2, 1, 1, 1, 1), 8);
}

//===- TargetModelTest.cpp - the registered target descriptions -----------===//

#include "ir/TargetModel.h"

#include <gtest/gtest.h>

using namespace mlir::nndct;

TEST(TargetModel, LooksUpAIE2) {
  const TargetModel *t = TargetModel::lookup("AMD_AIE2_Nx4_Overlay_cfg0");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->bitWidth, 8);
  // Quark's NPU rules: shift_cut in [0, 16], shift_read in [0, 7].
  EXPECT_TRUE(t->shifts.shiftCut.contains(16));
  EXPECT_FALSE(t->shifts.shiftCut.contains(-1));
  EXPECT_FALSE(t->shifts.shiftRead.contains(8));
  EXPECT_TRUE(t->shifts.shiftWriteAdd.contains(-7));
  EXPECT_FALSE(t->conv.kernel.contains(9));
  EXPECT_TRUE(t->depthwiseConv.kernel.contains(9));
}

TEST(TargetModel, UnknownTargetIsNull) {
  EXPECT_EQ(TargetModel::lookup("AMD_AIE2_Nx4_Overlay"), nullptr);
  EXPECT_FALSE(TargetModel::all().empty());
}

TEST(TargetModel, LooksUpTheDPU) {
  const TargetModel *t = TargetModel::lookup("DPUCZDX8G_ISA1_B4096");
  ASSERT_NE(t, nullptr);
  // vai_q_pytorch's DPU rules differ from the NPU's where it matters.
  EXPECT_TRUE(t->shifts.shiftRead.contains(15));
  EXPECT_FALSE(t->shifts.shiftWriteAdd.contains(16));
  EXPECT_TRUE(t->conv.kernel.contains(16));
  EXPECT_TRUE(t->transposedConv.exists());
  EXPECT_EQ(t->numerics.fixedLeakyNumerator, 26);
  const TargetModel *npu = TargetModel::lookup("AMD_AIE2_Nx4_Overlay_cfg0");
  EXPECT_FALSE(npu->transposedConv.exists());
  EXPECT_EQ(npu->numerics.fixedLeakyNumerator, 0);
}

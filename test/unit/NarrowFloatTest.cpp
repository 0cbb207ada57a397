//===- NarrowFloatTest.cpp - float16 / bfloat16 rounding ------------------===//
//
// ir/numerics/NarrowFloat.h against numpy (astype(float16), and
// round-to-nearest-even on the float32 bits for bfloat16, as the ONNX
// reference's float32_to_bfloat16 does): ties, the largest half, overflow to
// infinity, subnormals. Plus exhaustive properties: every half and bfloat16
// value round-trips, and the midpoint of two neighbours rounds to the even
// one.
//
//===----------------------------------------------------------------------===//

#include "ir/numerics/NarrowFloat.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace mlir::nndct;

namespace {

struct Case {
  float value;
  uint16_t half, bf16;
};

// numpy 1.x: np.float32(v).astype(np.float16).view(np.uint16) and the RNE
// bfloat16 bits.
const Case kNumpy[] = {
    {0.0f, 0x0000, 0x0000},
    {-0.0f, 0x8000, 0x8000},
    {1.0f, 0x3c00, 0x3f80},
    {1.00048828125f, 0x3c00, 0x3f80}, // half tie -> even
    {1.00146484375f, 0x3c02, 0x3f80}, // half tie -> up to even
    {65504.0f, 0x7bff, 0x4780},       // largest half
    {65519.98828125f, 0x7bff, 0x4780},
    {65520.0f, 0x7c00, 0x4780}, // rounds to infinity
    {70000.0f, 0x7c00, 0x4789},
    {2.999999892949745e-08f, 0x0001, 0x3301},  // subnormal half
    {2.9802322387695312e-08f, 0x0000, 0x3300}, // 2^-25: tie -> 0
    {2.980232594040899e-08f, 0x0001, 0x3300},  // just above the tie
    {5.960464477539063e-08f, 0x0001, 0x3380},  // 2^-24
    {-8.940696716308594e-08f, 0x8002, 0xb3c0}, // 1.5 * 2^-24: tie -> even
    {6.0999998822808266e-05f, 0x03ff, 0x3880}, // largest subnormal region
    {-2.5f, 0xc100, 0xc020},
    {0.10000000149011612f, 0x2e66, 0x3dcd},
    {std::numeric_limits<float>::infinity(), 0x7c00, 0x7f80},
    {-std::numeric_limits<float>::infinity(), 0xfc00, 0xff80},
    {0.3333333432674408f, 0x3555, 0x3eab},
};

TEST(NarrowFloat, MatchesNumpy) {
  for (const Case &c : kNumpy) {
    EXPECT_EQ(floatToHalfBits(c.value), c.half) << c.value;
    EXPECT_EQ(floatToBFloat16Bits(c.value), c.bf16) << c.value;
  }
}

TEST(NarrowFloat, NaNStaysNaN) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(roundToHalf(nan)));
  EXPECT_TRUE(std::isnan(roundToBFloat16(nan)));
  EXPECT_TRUE(std::isnan(roundToHalf(-nan)));
}

TEST(NarrowFloat, EveryHalfRoundTripsAndTiesGoToEven) {
  for (uint32_t h = 0; h < 0x7c00; ++h) { // finite positive halves
    float v = halfBitsToFloat(uint16_t(h));
    EXPECT_EQ(floatToHalfBits(v), h);
    EXPECT_EQ(floatToHalfBits(-v), h | 0x8000);
    if (h + 1 < 0x7c00) {
      float next = halfBitsToFloat(uint16_t(h + 1));
      float mid = float((double(v) + double(next)) / 2); // exact in float
      EXPECT_EQ(floatToHalfBits(mid), (h & 1) ? h + 1 : h) << h;
    }
  }
}

TEST(NarrowFloat, EveryBFloat16RoundTripsAndTiesGoToEven) {
  for (uint32_t b = 0; b < 0x7f80; ++b) {
    float v = bfloat16BitsToFloat(uint16_t(b));
    EXPECT_EQ(floatToBFloat16Bits(v), b);
    float mid = floatFromBits((b << 16) | 0x8000);
    EXPECT_EQ(floatToBFloat16Bits(mid), (b & 1) ? b + 1 : b) << b;
  }
}

} // namespace

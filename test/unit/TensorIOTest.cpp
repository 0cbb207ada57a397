//===- TensorIOTest.cpp - .npy and TensorProto encoding -------------------===//

#include "backends/interpreter/TensorIO.h"

#include <cstring>
#include <gtest/gtest.h>

using namespace mlir::nndct;

TEST(TensorIO, NpyRoundTrip) {
  Tensor t;
  t.shape = {2, 3};
  t.data = {1, 2, 3, -4, 5.5f, 6};
  std::string bytes = encodeNpy(t);
  EXPECT_EQ((bytes.size() - 24) % 64,
            0u); // header padded to 64, 6 floats follow
  auto back = parseNpy(bytes, "mem");
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->shape, t.shape);
  EXPECT_EQ(back->data, t.data);
  EXPECT_EQ(back->kind, ElementKind::F32);
}

TEST(TensorIO, NpyIntegerAndScalar) {
  Tensor t;
  t.shape = {};
  t.data = {-7};
  t.kind = ElementKind::I8;
  auto back = parseNpy(encodeNpy(t), "mem");
  ASSERT_TRUE(bool(back));
  EXPECT_TRUE(back->shape.empty());
  EXPECT_EQ(back->data[0], -7.0f);
  EXPECT_EQ(back->kind, ElementKind::I8);
  t.shape = {3};
  t.data = {1, 2, 3};
  t.kind = ElementKind::I64;
  std::string bytes = encodeNpy(t);
  EXPECT_NE(bytes.find("(3,)"), std::string::npos);
  back = parseNpy(bytes, "mem");
  ASSERT_TRUE(bool(back));
  EXPECT_EQ(back->data, t.data);
}

TEST(TensorIO, NpyErrors) {
  std::string fortran = encodeNpy(Tensor{{2, 2}, {1, 2, 3, 4}});
  size_t pos = fortran.find("False");
  fortran.replace(pos, 5, "True ");
  auto r = parseNpy(fortran, "f.npy");
  ASSERT_FALSE(bool(r));
  EXPECT_NE(llvm::toString(r.takeError()).find("f.npy: fortran-order"),
            std::string::npos);

  std::string complex = encodeNpy(Tensor{{1}, {1}});
  complex.replace(complex.find("<f4"), 3, "<c8");
  r = parseNpy(complex, "c.npy");
  ASSERT_FALSE(bool(r));
  EXPECT_NE(llvm::toString(r.takeError()).find("unsupported dtype '<c8'"),
            std::string::npos);

  r = parseNpy("garbage", "g.npy");
  ASSERT_FALSE(bool(r));
  llvm::consumeError(r.takeError());

  r = readTensorFile("/nonexistent/x.npy");
  ASSERT_FALSE(bool(r));
  EXPECT_NE(llvm::toString(r.takeError()).find("/nonexistent/x.npy"),
            std::string::npos);
}

TEST(TensorIO, ReaderRegistry) {
  EXPECT_FALSE(hasTensorReader(".fake"));
  registerTensorReader(".fake", [](llvm::StringRef) -> llvm::Expected<Tensor> {
    return Tensor{{1}, {42}};
  });
  auto t = readTensorFile("anything.fake");
  ASSERT_TRUE(bool(t));
  EXPECT_EQ(t->data[0], 42.0f);
  auto bad = readTensorFile("x.unknown");
  ASSERT_FALSE(bool(bad));
  EXPECT_NE(
      llvm::toString(bad.takeError()).find("unsupported tensor file extension"),
      std::string::npos);
}

TEST(TensorIO, TensorProtoEncoding) {
  Tensor t{{2, 1}, {1.0f, -2.0f}};
  std::string pb = encodeTensorProto(t, "y");
  // dims 2, dims 1, data_type FLOAT, name "y", raw_data 8 bytes.
  std::string expected("\x08\x02\x08\x01\x10\x01\x42\x01y\x4a\x08", 11);
  ASSERT_GE(pb.size(), expected.size() + 8);
  EXPECT_EQ(pb.substr(0, expected.size()), expected);
  float f;
  std::memcpy(&f, pb.data() + expected.size() + 4, 4);
  EXPECT_EQ(f, -2.0f);
}

// F16 is written as IEEE half (and read back), BF16 as float32 values in
// .npy and as bfloat16 bits in a TensorProto, F64 as double.
TEST(TensorIO, NarrowAndWideFloats) {
  Tensor t;
  t.shape = {2};
  t.data = {1.5f, -0.099975586f}; // both exact halves
  t.kind = ElementKind::F16;
  std::string bytes = encodeNpy(t);
  EXPECT_NE(bytes.find("'<f2'"), std::string::npos);
  auto back = parseNpy(bytes, "mem");
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->kind, ElementKind::F16);
  EXPECT_EQ(back->data, t.data);
  t.kind = ElementKind::F64;
  bytes = encodeNpy(t);
  EXPECT_NE(bytes.find("'<f8'"), std::string::npos);
  back = parseNpy(bytes, "mem");
  ASSERT_TRUE(bool(back));
  EXPECT_EQ(back->data, t.data);
  t.kind = ElementKind::BF16;
  t.data = {1.5f, -2.0f};
  bytes = encodeNpy(t);
  EXPECT_NE(bytes.find("'<f4'"), std::string::npos);
  std::string proto = encodeTensorProto(t, "");
  // data_type 16 (BFLOAT16), raw_data = 4 bytes: 0x3fc0, 0xc000.
  EXPECT_NE(proto.find(std::string("\x10\x10", 2)), std::string::npos);
  EXPECT_NE(proto.find(std::string("\x4a\x04\xc0\x3f\x00\xc0", 6)),
            std::string::npos);
}

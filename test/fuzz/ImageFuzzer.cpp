//===- ImageFuzzer.cpp - fuzz the image loader ----------------------------===//
//
// Decodes each input (PNG, JPEG, BMP, ... as stb_image detects) and runs it
// through two preprocessing setups: as is in grayscale, and resize to 32 on
// the shorter side + 28x28 center crop in color. Images with more than 2^22
// pixels are skipped, and the resize for aspect ratios past 64:1: stb_image
// decodes whatever size a header claims and Resize(32) keeps the aspect
// ratio, so those would only measure memory.
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzSupport.h"

#include "backends/interpreter/ImageIO.h"

#include <stb/stb_image.h>

#include <algorithm>

using namespace mlir;
using namespace mlir::nndct;

static void check(llvm::Expected<Tensor> t, int64_t channels) {
  if (!t) {
    llvm::consumeError(t.takeError());
    return;
  }
  if (t->shape.size() != 3 || t->shape[0] != channels ||
      int64_t(t->data.size()) != t->numElements()) {
    std::fprintf(stderr, "decoded tensor has an inconsistent shape\n");
    std::abort();
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int w = 0, h = 0, n = 0;
  if (size > size_t(INT32_MAX) ||
      !stbi_info_from_memory(data, int(size), &w, &h, &n) || w <= 0 || h <= 0 ||
      int64_t(w) * h > (int64_t(1) << 22))
    return 0;
  llvm::StringRef bytes = fuzz::bytes(data, size);
  check(decodeImage(bytes, "<fuzz>", 1, ImagePreprocess(), 0, 0), 1);
  if (std::max(w, h) > 64 * int64_t(std::min(w, h)))
    return 0;
  ImagePreprocess pre;
  pre.resize = {32};
  pre.centerCrop = {28, 28};
  pre.mean = {0.485f, 0.456f, 0.406f};
  pre.std = {0.229f, 0.224f, 0.225f};
  check(decodeImage(bytes, "<fuzz>", 3, pre, 28, 28), 3);
  return 0;
}

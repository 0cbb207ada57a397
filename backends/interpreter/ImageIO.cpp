//===- ImageIO.cpp - decode and preprocess images into tensors ------------===//
//
// stb_image decodes to 8-bit interleaved pixels; everything after that
// (bilinear resize, center crop, scaling, normalization, channel order and
// layout) is done here in float, in torchvision's order.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/ImageIO.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <stb/stb_image.h>

#include <algorithm>
#include <climits>
#include <cmath>

using namespace mlir;
using namespace mlir::nndct;

namespace {

llvm::Error fail(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// An interleaved float image.
struct Image {
  int64_t h = 0, w = 0, c = 0;
  std::vector<float> px; // h * w * c
};

/// Bilinear resize with half-pixel centers (align_corners = False).
Image resizeBilinear(const Image &in, int64_t oh, int64_t ow) {
  Image out{oh, ow, in.c, std::vector<float>(size_t(oh * ow * in.c))};
  double sy = double(in.h) / oh, sx = double(in.w) / ow;
  for (int64_t y = 0; y < oh; ++y) {
    double fy = std::max(0.0, (y + 0.5) * sy - 0.5);
    int64_t y0 = std::min<int64_t>(int64_t(fy), in.h - 1);
    int64_t y1 = std::min<int64_t>(y0 + 1, in.h - 1);
    double wy = fy - y0;
    for (int64_t x = 0; x < ow; ++x) {
      double fx = std::max(0.0, (x + 0.5) * sx - 0.5);
      int64_t x0 = std::min<int64_t>(int64_t(fx), in.w - 1);
      int64_t x1 = std::min<int64_t>(x0 + 1, in.w - 1);
      double wx = fx - x0;
      for (int64_t k = 0; k < in.c; ++k) {
        auto at = [&](int64_t yy, int64_t xx) {
          return in.px[(yy * in.w + xx) * in.c + k];
        };
        double top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx;
        double bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx;
        out.px[(y * ow + x) * in.c + k] = float(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return out;
}

std::string sizeString(int64_t h, int64_t w) {
  return std::to_string(h) + "x" + std::to_string(w);
}

} // namespace

std::string mlir::nndct::parseImageSize(llvm::StringRef text,
                                        std::vector<int64_t> &out) {
  out.clear();
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, text.contains(',') ? ',' : 'x');
  for (llvm::StringRef p : parts) {
    int64_t v;
    if (p.trim().getAsInteger(10, v) || v <= 0)
      return "expected S or HxW with positive integers, got '" + text.str() +
             "'";
    out.push_back(v);
  }
  if (out.empty() || out.size() > 2)
    return "expected S or HxW, got '" + text.str() + "'";
  return "";
}

std::string mlir::nndct::parseFloatList(llvm::StringRef text,
                                        std::vector<float> &out) {
  out.clear();
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',');
  for (llvm::StringRef p : parts) {
    double v;
    if (p.trim().getAsDouble(v))
      return "expected comma-separated numbers, got '" + text.str() + "'";
    out.push_back(float(v));
  }
  return "";
}

bool mlir::nndct::isImageFile(llvm::StringRef path) {
  std::string ext = llvm::sys::path::extension(path).lower();
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp";
}

llvm::Expected<Tensor> mlir::nndct::loadImage(llvm::StringRef path,
                                              int channels,
                                              const ImagePreprocess &pre,
                                              int64_t expectH,
                                              int64_t expectW) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fail(path + ": cannot read: " + buffer.getError().message());
  return decodeImage((*buffer)->getBuffer(), path, channels, pre, expectH,
                     expectW);
}

llvm::Expected<Tensor>
mlir::nndct::decodeImage(llvm::StringRef bytes, llvm::StringRef path,
                         int channels, const ImagePreprocess &pre,
                         int64_t expectH, int64_t expectW) {
  if (channels != 1 && channels != 3)
    return fail(path + ": the model takes " + llvm::Twine(channels) +
                " channels; images give 1 (grayscale) or 3 (color)");
  if (bytes.size() > size_t(INT_MAX))
    return fail(path + ": cannot decode image: file too large");
  int w = 0, h = 0, n = 0;
  unsigned char *pixels = stbi_load_from_memory(
      reinterpret_cast<const unsigned char *>(bytes.data()), int(bytes.size()),
      &w, &h, &n, channels);
  if (!pixels)
    return fail(path + ": cannot decode image: " + stbi_failure_reason());
  if (w <= 0 || h <= 0) { // stb_image accepts some 0x0 headers
    stbi_image_free(pixels);
    return fail(path + ": image has no pixels");
  }
  Image img{h, w, channels,
            std::vector<float>(pixels, pixels + size_t(h) * w * channels)};
  stbi_image_free(pixels);

  if (pre.resize.size() == 1) {
    int64_t s = pre.resize[0];
    int64_t oh = h <= w ? s : int64_t(double(s) * h / w);
    int64_t ow = h <= w ? int64_t(double(s) * w / h) : s;
    img = resizeBilinear(img, oh, ow);
  } else if (pre.resize.size() == 2) {
    img = resizeBilinear(img, pre.resize[0], pre.resize[1]);
  }
  if (!pre.centerCrop.empty()) {
    int64_t ch = pre.centerCrop[0],
            cw = pre.centerCrop.size() > 1 ? pre.centerCrop[1] : ch;
    if (ch > img.h || cw > img.w)
      return fail(path + ": --center-crop " + sizeString(ch, cw) +
                  " is larger than the image (" + sizeString(img.h, img.w) +
                  " after resize)");
    // torchvision rounds the offsets: int(round((H - h) / 2)).
    int64_t top = int64_t(std::lround((img.h - ch) / 2.0));
    int64_t left = int64_t(std::lround((img.w - cw) / 2.0));
    Image cropped{ch, cw, img.c, std::vector<float>(size_t(ch * cw * img.c))};
    for (int64_t y = 0; y < ch; ++y)
      std::copy_n(&img.px[((top + y) * img.w + left) * img.c], cw * img.c,
                  &cropped.px[y * cw * img.c]);
    img = std::move(cropped);
  }
  if ((expectH > 0 && img.h != expectH) || (expectW > 0 && img.w != expectW))
    return fail(path + ": image is " + sizeString(img.h, img.w) +
                " after preprocessing but the model takes " +
                sizeString(expectH, expectW) + " (use --resize/--center-crop)");

  auto channelValue = [](const std::vector<float> &v, int64_t k) {
    return v.size() == 1 ? v[0] : v[size_t(k)];
  };
  if ((pre.mean.size() != 1 && int64_t(pre.mean.size()) != img.c) ||
      (pre.std.size() != 1 && int64_t(pre.std.size()) != img.c))
    return fail("--mean/--std: expected 1 or " + llvm::Twine(img.c) +
                " values");
  Tensor t;
  t.shape = pre.channelsLast ? std::vector<int64_t>{img.h, img.w, img.c}
                             : std::vector<int64_t>{img.c, img.h, img.w};
  t.data.resize(size_t(img.h * img.w * img.c));
  for (int64_t y = 0; y < img.h; ++y)
    for (int64_t x = 0; x < img.w; ++x)
      for (int64_t k = 0; k < img.c; ++k) {
        // Channel k of the output reads source channel k (RGB) or 2-k (BGR).
        int64_t src = pre.bgr && img.c == 3 ? 2 - k : k;
        float v = img.px[(y * img.w + x) * img.c + src] / pre.scale;
        v = (v - channelValue(pre.mean, k)) / channelValue(pre.std, k);
        size_t at = pre.channelsLast ? size_t((y * img.w + x) * img.c + k)
                                     : size_t((k * img.h + y) * img.w + x);
        t.data[at] = v;
      }
  return t;
}

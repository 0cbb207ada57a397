//===- ImageIO.h - decode and preprocess images into tensors ----*- C++ -*-===//
//
// Reads PNG/JPEG/BMP images (Debian's stb_image) and applies torchvision's
// usual evaluation transforms in their usual order: Resize, CenterCrop,
// ToTensor (divide by `scale`), Normalize (mean, std). The result is one
// sample in NCHW or NHWC order without the batch dimension.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_IMAGEIO_H
#define NNDCT_BACKENDS_INTERPRETER_IMAGEIO_H

#include "backends/interpreter/Tensor.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir::nndct {

/// torchvision-style preprocessing of one image.
struct ImagePreprocess {
  /// Resize: {} keeps the size; {S} scales the shorter side to S keeping
  /// the aspect ratio (torchvision Resize(int)); {H, W} resizes exactly.
  /// Bilinear, half-pixel centers, no antialiasing.
  std::vector<int64_t> resize;
  /// CenterCrop {H, W} (after resize); {} crops nothing.
  std::vector<int64_t> centerCrop;
  /// Per-channel mean and std after dividing by `scale` (one value applies
  /// to every channel).
  std::vector<float> mean = {0.0f}, std = {1.0f};
  /// Pixel values are divided by this first (255: ToTensor's [0, 1]).
  float scale = 255.0f;
  /// Channel order for 3-channel models: RGB (torchvision) or BGR (OpenCV).
  bool bgr = false;
  /// Sample layout: CHW (false) or HWC (true).
  bool channelsLast = false;
};

/// Parses "S" or "HxW" (also "H,W") for --resize / --center-crop; returns
/// an error message or "".
std::string parseImageSize(llvm::StringRef text, std::vector<int64_t> &out);

/// Parses a comma-separated float list ("0.485,0.456,0.406").
std::string parseFloatList(llvm::StringRef text, std::vector<float> &out);

/// Whether `path` has an image extension this library decodes.
bool isImageFile(llvm::StringRef path);

/// Decodes `path` with `channels` (1: grayscale, 3: color) and returns the
/// preprocessed sample of shape {C, H, W} (or {H, W, C}). `expectH`/`expectW`
/// (> 0) are the model's input size: a different final size is an error
/// naming the file, both sizes and the options that would fix it.
llvm::Expected<Tensor> loadImage(llvm::StringRef path, int channels,
                                 const ImagePreprocess &pre, int64_t expectH,
                                 int64_t expectW);

/// Same for the encoded image `bytes`; errors name it `path`.
llvm::Expected<Tensor> decodeImage(llvm::StringRef bytes, llvm::StringRef path,
                                   int channels, const ImagePreprocess &pre,
                                   int64_t expectH, int64_t expectW);

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_IMAGEIO_H

//===- DataSet.h - samples for calibration and evaluation -------*- C++ -*-===//
//
// One input's samples from what users have at hand: a `.npy` or ONNX `.pb`
// tensor holding N samples (N x sample shape, or one sample), a folder of
// such files (sorted by name; each holds one or more samples), or a folder
// of PNG/JPEG/BMP images preprocessed as in torchvision (ImageIO.h). Every
// error names the file and the shapes involved. `.pb` needs a reader
// registered with TensorIO (the ONNX frontend provides one).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_DATASET_H
#define NNDCT_BACKENDS_INTERPRETER_DATASET_H

#include "backends/interpreter/ImageIO.h"
#include "backends/interpreter/Tensor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::nndct {

class DataSet {
public:
  /// Opens `path` for samples of `sampleShape` (the input's shape without
  /// its batch dimension). Images are decoded lazily; tensor files are read
  /// at once. For images the sample shape must be CxHxW (HxWxC with
  /// `image.channelsLast`).
  static llvm::Expected<std::unique_ptr<DataSet>>
  open(llvm::StringRef path, llvm::ArrayRef<int64_t> sampleShape,
       const ImagePreprocess &image = {});

  /// Number of samples.
  int64_t size() const { return int64_t(sources.size()); }
  /// What the data is ("1000 samples from test_images.npy", ...).
  const std::string &describe() const { return description; }
  /// The path the data set was opened from.
  const std::string &getPath() const { return path; }
  /// The shape of one sample.
  llvm::ArrayRef<int64_t> getSampleShape() const { return sampleShape; }

  /// Samples [first, first + count) stacked on a new leading dimension.
  llvm::Expected<Tensor> read(int64_t first, int64_t count);

private:
  /// A sample: element `index` of tensor file `tensor`, or image `image`.
  struct Source {
    int tensor = -1;
    int64_t index = 0;
    std::string image;
  };
  llvm::Expected<Tensor> readOne(int64_t i);

  std::vector<int64_t> sampleShape;
  ImagePreprocess image;
  std::vector<Tensor> tensors;
  std::vector<Source> sources;
  std::string path, description;
};

/// Reads class labels: a `.npy` of integers (any dtype; shape N or Nx1) or
/// a text file with one integer per line.
llvm::Expected<std::vector<int64_t>> readLabels(llvm::StringRef path);

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_DATASET_H

//===- DataSet.cpp - samples for calibration and evaluation ---------------===//
//
// Resolves a data path into a list of samples (tensor slices or image
// files), checks shapes up front so a bad file fails before any long run,
// and streams samples out one at a time.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/DataSet.h"

#include "backends/interpreter/TensorIO.h"
#include "ir/InputShapes.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::nndct;

namespace {

llvm::Error fail(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

bool isTensorFile(llvm::StringRef path) {
  std::string ext = llvm::sys::path::extension(path).lower();
  return ext == ".npy" || ext == ".pb";
}

} // namespace

llvm::Expected<std::unique_ptr<DataSet>>
DataSet::open(llvm::StringRef path, llvm::ArrayRef<int64_t> sampleShape,
              const ImagePreprocess &image) {
  auto set = std::unique_ptr<DataSet>(new DataSet());
  set->sampleShape.assign(sampleShape.begin(), sampleShape.end());
  set->image = image;
  set->path = path.str();
  int64_t sampleElements = 1;
  for (int64_t d : sampleShape)
    sampleElements *= d;

  std::vector<std::string> files;
  bool isDir = llvm::sys::fs::is_directory(path);
  if (isDir) {
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(path, ec), end; it != end && !ec;
         it.increment(ec)) {
      llvm::StringRef name = llvm::sys::path::filename(it->path());
      if (name.starts_with("."))
        continue;
      if (isTensorFile(name) || isImageFile(name))
        files.push_back(it->path());
    }
    if (ec)
      return fail(path + ": cannot list directory: " + ec.message());
    llvm::sort(files);
    if (files.empty())
      return fail(path +
                  ": no .npy, .pb or image (.png/.jpg/.jpeg/.bmp) files");
  } else if (!llvm::sys::fs::exists(path)) {
    return fail(path + ": no such file or directory");
  } else {
    files.push_back(path.str());
  }

  bool images = isImageFile(files.front());
  for (const std::string &f : files)
    if (isImageFile(f) != images)
      return fail(path + ": mixes images and tensor files (" +
                  llvm::sys::path::filename(files.front()) + ", " +
                  llvm::sys::path::filename(f) + ")");

  if (images) {
    if (sampleShape.size() != 3)
      return fail(path +
                  ": images need a model input of rank 4 (NCHW or NHWC); "
                  "this input's sample shape is " +
                  shapeString(sampleShape));
    for (const std::string &f : files)
      set->sources.push_back({-1, 0, f});
    set->description =
        std::to_string(files.size()) + " images from " + path.str();
    // Decode the first image now: a wrong size fails before any long run.
    if (llvm::Expected<Tensor> first = set->readOne(0); !first)
      return first.takeError();
    return std::move(set);
  }

  for (const std::string &f : files) {
    if (!isTensorFile(f))
      return fail(f + ": not a .npy or .pb tensor file");
    llvm::Expected<Tensor> t = readTensorFile(f);
    if (!t)
      return t.takeError();
    llvm::ArrayRef<int64_t> shape = t->shape;
    int64_t count;
    if (shape == sampleShape)
      count = 1;
    else if (!shape.empty() && shape.drop_front() == sampleShape)
      count = shape.front();
    else
      return fail(f + ": shape " + shapeString(shape) +
                  " does not match the input: "
                  "expected N x " +
                  shapeString(sampleShape) + " (or one " +
                  shapeString(sampleShape) + " sample)");
    if (int64_t(t->data.size()) != count * sampleElements)
      return fail(f + ": holds " + llvm::Twine(t->data.size()) +
                  " elements, its shape says " +
                  llvm::Twine(count * sampleElements));
    int index = int(set->tensors.size());
    set->tensors.push_back(std::move(*t));
    for (int64_t i = 0; i < count; ++i)
      set->sources.push_back({index, i, ""});
  }
  if (set->sources.empty())
    return fail(path + ": holds no samples");
  set->description =
      std::to_string(set->sources.size()) + " samples from " + path.str();
  return std::move(set);
}

llvm::Expected<Tensor> DataSet::readOne(int64_t i) {
  const Source &s = sources[size_t(i)];
  if (!s.image.empty()) {
    int64_t c = image.channelsLast ? sampleShape[2] : sampleShape[0];
    int64_t h = image.channelsLast ? sampleShape[0] : sampleShape[1];
    int64_t w = image.channelsLast ? sampleShape[1] : sampleShape[2];
    return loadImage(s.image, int(c), image, h, w);
  }
  const Tensor &t = tensors[size_t(s.tensor)];
  int64_t n = 1;
  for (int64_t d : sampleShape)
    n *= d;
  Tensor out;
  out.shape = sampleShape;
  out.data.assign(t.data.begin() + s.index * n,
                  t.data.begin() + (s.index + 1) * n);
  return out;
}

llvm::Expected<Tensor> DataSet::read(int64_t first, int64_t count) {
  if (first < 0 || count < 0 || first + count > size())
    return fail("samples [" + llvm::Twine(first) + ", " +
                llvm::Twine(first + count) + ") out of range: the data has " +
                llvm::Twine(size()));
  Tensor out;
  out.shape.push_back(count);
  out.shape.insert(out.shape.end(), sampleShape.begin(), sampleShape.end());
  out.data.reserve(size_t(out.numElements()));
  for (int64_t i = first; i < first + count; ++i) {
    llvm::Expected<Tensor> t = readOne(i);
    if (!t)
      return t.takeError();
    out.data.insert(out.data.end(), t->data.begin(), t->data.end());
  }
  return out;
}

llvm::Expected<std::vector<int64_t>>
mlir::nndct::readLabels(llvm::StringRef path) {
  std::vector<int64_t> labels;
  if (llvm::sys::path::extension(path) == ".npy" ||
      llvm::sys::path::extension(path) == ".pb") {
    llvm::Expected<Tensor> t = readTensorFile(path);
    if (!t)
      return t.takeError();
    if (t->shape.size() > 2 || (t->shape.size() == 2 && t->shape[1] != 1))
      return fail(path + ": labels must have shape N or Nx1, not " +
                  shapeString(t->shape));
    for (float v : t->data) {
      if (v != std::floor(v))
        return fail(path + ": labels must be integers (found " +
                    std::to_string(v) + ")");
      labels.push_back(int64_t(v));
    }
    return labels;
  }
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return fail(path + ": cannot read labels: " + buffer.getError().message());
  llvm::SmallVector<llvm::StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    llvm::StringRef line = lines[i].trim();
    if (line.empty())
      continue;
    int64_t v;
    if (line.getAsInteger(10, v))
      return fail(path + ":" + llvm::Twine(i + 1) +
                  ": expected an integer label, got '" + line + "'");
    labels.push_back(v);
  }
  return labels;
}

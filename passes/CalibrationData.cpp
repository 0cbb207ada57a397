//===- CalibrationData.cpp - calibration samples for the passes -----------===//
//
// The `.npy` source (the header parsed by TensorIO's one .npy parser, then
// seeking reads: only the samples of the current run are ever in memory)
// and the run streamer.
//
//===----------------------------------------------------------------------===//

#include "passes/CalibrationData.h"

#include "backends/interpreter/TensorIO.h"
#include "ir/EntryFunction.h"
#include "ir/InputShapes.h"
#include "ir/Naming.h"
#include "passes/OptionChecks.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"

#include <cmath>
#include <cstring>
#include <fstream>

using namespace mlir;
using namespace mlir::nndct;

ProgressSink::~ProgressSink() = default;

CalibrationSource::~CalibrationSource() = default;

namespace {
/// Reads the header of an .npy stream with the format's one parser
/// (TensorIO.h), without reading the data.
llvm::Expected<NpyLayout> readLayout(std::ifstream &in, StringRef path) {
  std::string bytes(12, '\0');
  in.read(bytes.data(), 12);
  bytes.resize(size_t(in.gcount()));
  llvm::Expected<size_t> offset = npyDataOffset(bytes, path);
  if (!offset)
    return offset.takeError();
  // The header length comes from the file: never allocate past its size.
  uint64_t size = 0;
  if (llvm::sys::fs::file_size(path, size) || *offset > size)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": truncated .npy header");
  size_t have = bytes.size();
  bytes.resize(*offset);
  in.read(bytes.data() + have, std::streamsize(*offset - have));
  return parseNpyLayout(bytes, path);
}

/// One `.npy` file per function argument.
class NpyFiles : public CalibrationSource {
public:
  explicit NpyFiles(ArrayRef<std::string> paths)
      : paths(paths.begin(), paths.end()) {}

  LogicalResult check(func::FuncOp func) override;
  int64_t numSamples() const override { return samples; }
  std::string describe(unsigned index) const override {
    return "'" + paths[index] + "'";
  }
  FailureOr<std::vector<Tensor>> read(func::FuncOp func, int64_t first,
                                      int64_t count) override;

private:
  struct File {
    std::string path;
    std::ifstream stream;
    std::streamoff dataOffset = 0;
    bool isDouble = false;
    int64_t sampleElements = 0;
    std::vector<int64_t> sampleShape;
  };
  std::vector<std::string> paths;
  std::vector<std::unique_ptr<File>> files;
  int64_t samples = 0;
};

LogicalResult NpyFiles::check(func::FuncOp func) {
  files.clear();
  samples = 0;
  if (paths.size() != func.getNumArguments()) {
    func.emitError() << "calibration data: @" << func.getSymName() << " takes "
                     << func.getNumArguments() << " inputs but " << paths.size()
                     << " data files were given";
    return failure();
  }
  int64_t count = -1;
  for (auto [i, path] : llvm::enumerate(paths)) {
    auto file = std::make_unique<File>();
    file->path = path;
    file->stream.open(path, std::ios::binary);
    if (!file->stream) {
      func.emitError() << "calibration data: cannot open '" << path << "'";
      return failure();
    }
    llvm::Expected<NpyLayout> layout = readLayout(file->stream, path);
    if (!layout) {
      func.emitError() << "calibration data: "
                       << llvm::toString(layout.takeError());
      return failure();
    }
    if (layout->dtype != "f4" && layout->dtype != "f8") {
      func.emitError() << "calibration data: '" << path
                       << "' must hold float32 or float64 data";
      return failure();
    }
    file->isDouble = layout->dtype == "f8";
    file->dataOffset = std::streamoff(layout->dataOffset);
    const std::vector<int64_t> &shape = layout->shape;
    auto argType = cast<RankedTensorType>(func.getArgument(i).getType());
    ArrayRef<int64_t> arg = argType.getShape();
    bool match =
        !arg.empty() && shape.size() == arg.size() &&
        llvm::equal(ArrayRef<int64_t>(shape).drop_front(), arg.drop_front()) &&
        shape[0] % arg[0] == 0;
    if (!match) {
      func.emitError() << "calibration data: '" << path << "' has shape "
                       << shapeString(shape) << " but input #" << i << " of @"
                       << func.getSymName() << " is " << shapeString(arg)
                       << "; expected N x " << shapeString(arg.drop_front())
                       << " with N a multiple of "
                       << (arg.empty() ? 1 : arg[0]);
      return failure();
    }
    if (count >= 0 && shape[0] != count) {
      func.emitError() << "calibration data: '" << path << "' has " << shape[0]
                       << " samples but the first file has " << count;
      return failure();
    }
    count = shape[0];
    file->sampleShape.assign(arg.begin() + 1, arg.end());
    file->sampleElements = argType.getNumElements() / arg[0];
    files.push_back(std::move(file));
  }
  samples = count < 0 ? 0 : count;
  return success();
}

FailureOr<std::vector<Tensor>> NpyFiles::read(func::FuncOp func, int64_t first,
                                              int64_t count) {
  std::vector<Tensor> inputs;
  for (auto &file : files) {
    Tensor t;
    t.shape.push_back(count);
    t.shape.insert(t.shape.end(), file->sampleShape.begin(),
                   file->sampleShape.end());
    int64_t n = file->sampleElements * count;
    t.data.resize(n);
    size_t elemSize = file->isDouble ? 8 : 4;
    file->stream.clear();
    file->stream.seekg(file->dataOffset +
                       std::streamoff(first * file->sampleElements * elemSize));
    if (file->isDouble) {
      std::vector<double> tmp(n);
      file->stream.read(reinterpret_cast<char *>(tmp.data()), n * 8);
      for (int64_t i = 0; i < n; ++i)
        t.data[i] = float(tmp[i]);
    } else {
      file->stream.read(reinterpret_cast<char *>(t.data.data()), n * 4);
    }
    if (!file->stream) {
      func.emitError() << "calibration data: '" << file->path
                       << "' is truncated";
      return failure();
    }
    inputs.push_back(std::move(t));
  }
  return inputs;
}

class TensorSamples : public CalibrationSource {
public:
  TensorSamples(std::vector<Tensor> tensors, std::vector<std::string> names)
      : tensors(std::move(tensors)), names(std::move(names)) {}

  LogicalResult check(func::FuncOp func) override {
    if (tensors.size() != func.getNumArguments())
      return func.emitError()
             << "calibration data: @" << func.getSymName() << " takes "
             << func.getNumArguments() << " inputs but " << tensors.size()
             << " tensors were given";
    for (auto [i, t] : llvm::enumerate(tensors)) {
      ArrayRef<int64_t> arg =
          cast<RankedTensorType>(func.getArgument(i).getType()).getShape();
      ArrayRef<int64_t> shape = t.shape;
      if (arg.empty() || shape.size() != arg.size() ||
          shape.drop_front() != arg.drop_front() || shape[0] % arg[0] != 0)
        return func.emitError()
               << "calibration data: " << describe(i) << " has shape "
               << shapeString(shape) << " but input #" << i << " of @"
               << func.getSymName() << " is " << shapeString(arg)
               << "; expected N x " << shapeString(arg.drop_front())
               << " with N a multiple of " << (arg.empty() ? 1 : arg[0]);
      if (shape[0] != tensors[0].shape[0])
        return func.emitError()
               << "calibration data: " << describe(i) << " has " << shape[0]
               << " samples but " << describe(0) << " has "
               << tensors[0].shape[0];
    }
    return success();
  }

  int64_t numSamples() const override {
    return tensors.empty() ? 0 : tensors[0].shape[0];
  }

  std::string describe(unsigned index) const override {
    return index < names.size() ? names[index]
                                : "tensor #" + std::to_string(index);
  }

  FailureOr<std::vector<Tensor>> read(func::FuncOp, int64_t first,
                                      int64_t count) override {
    std::vector<Tensor> inputs;
    for (const Tensor &t : tensors) {
      int64_t sample = t.shape[0] ? t.numElements() / t.shape[0] : 0;
      Tensor slice;
      slice.shape = t.shape;
      slice.shape[0] = count;
      slice.data.assign(t.data.begin() + first * sample,
                        t.data.begin() + (first + count) * sample);
      inputs.push_back(std::move(slice));
    }
    return inputs;
  }

private:
  std::vector<Tensor> tensors;
  std::vector<std::string> names;
};
} // namespace

std::shared_ptr<CalibrationSource>
mlir::nndct::tensorCalibrationSource(std::vector<Tensor> tensors,
                                     std::vector<std::string> names) {
  return std::make_shared<TensorSamples>(std::move(tensors), std::move(names));
}

FailureOr<DataPassInputs>
mlir::nndct::openDataPass(ModuleOp module, StringRef pass,
                          const std::string &problem,
                          std::shared_ptr<CalibrationSource> given,
                          ArrayRef<std::string> files, StringRef entry) {
  if (failed(options::reportAtRun(problem, pass, module)))
    return failure();
  DataPassInputs in;
  in.samples = std::move(given);
  if (!in.samples) {
    if (files.empty())
      return module.emitError() << pass << ": needs data=<file.npy>[,...]";
    in.samples = npyCalibrationSource(files);
  }
  FailureOr<func::FuncOp> func = lookupEntryFunction(module, entry, pass);
  if (failed(func))
    return failure();
  in.func = *func;
  return in;
}

std::shared_ptr<CalibrationSource>
mlir::nndct::npyCalibrationSource(ArrayRef<std::string> paths) {
  return std::make_shared<NpyFiles>(paths);
}

FailureOr<std::unique_ptr<CalibrationData>>
CalibrationData::open(func::FuncOp func,
                      std::shared_ptr<CalibrationSource> source) {
  auto data = std::make_unique<CalibrationData>();
  data->func = func;
  int64_t batch = 1;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto type = dyn_cast<RankedTensorType>(func.getArgument(i).getType());
    if (!type || !type.hasStaticShape()) {
      func.emitError() << "calibration data: input '" << argumentName(func, i)
                       << "' of @" << func.getSymName() << " has the type "
                       << func.getArgument(i).getType()
                       << "; samples need a statically shaped tensor";
      return failure();
    }
    ArrayRef<int64_t> arg = type.getShape();
    if (llvm::is_contained(arg, 0)) {
      func.emitError() << "calibration data: input '" << argumentName(func, i)
                       << "' of @" << func.getSymName()
                       << " has the empty shape " << shapeString(arg)
                       << "; it cannot take samples";
      return failure();
    }
    data->argShapes.emplace_back(arg.begin(), arg.end());
    if (!arg.empty())
      batch = arg[0];
  }
  if (failed(source->check(func)))
    return failure();
  data->source = std::move(source);
  data->samples = data->source->numSamples();
  data->batch = batch;
  return data;
}

FailureOr<std::vector<Tensor>> CalibrationData::readRun(int64_t index) {
  FailureOr<std::vector<Tensor>> inputs =
      source->read(func, index * batch, batch);
  if (failed(inputs))
    return failure();
  if (inputs->size() != argShapes.size()) {
    func.emitError() << "calibration data: read " << inputs->size()
                     << " inputs for the " << argShapes.size()
                     << " arguments of @" << func.getSymName();
    return failure();
  }
  for (auto [i, t] : llvm::enumerate(*inputs)) {
    t.shape = argShapes[i];
    int64_t sampleElements = t.numElements() / batch;
    if (int64_t(t.data.size()) != t.numElements()) {
      func.emitError() << "calibration data: " << source->describe(i)
                       << " gave " << t.data.size() << " values for samples ["
                       << index * batch << ", " << (index + 1) * batch
                       << "), expected " << t.numElements();
      return failure();
    }
    // NaN/Inf would silently poison every statistic downstream.
    auto bad = llvm::find_if(t.data, [](float v) { return !std::isfinite(v); });
    if (bad != t.data.end()) {
      int64_t element = bad - t.data.begin();
      func.emitError() << "calibration data: " << source->describe(i)
                       << " sample " << index * batch + element / sampleElements
                       << " holds " << (std::isnan(*bad) ? "NaN" : "Inf")
                       << " (element " << element % sampleElements
                       << " of the sample); remove or repair that sample";
      return failure();
    }
  }
  return inputs;
}

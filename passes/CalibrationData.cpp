//===- CalibrationData.cpp - streaming calibration samples ----------------===//
//
// A small `.npy` header parser plus seeking reads: only the samples of the
// current run are ever in memory.
//
//===----------------------------------------------------------------------===//

#include "passes/CalibrationData.h"

#include "ir/InputShapes.h"
#include "ir/Naming.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::nndct;

namespace {
/// Parses the header of an .npy stream; returns an error message on failure.
std::string parseHeader(std::ifstream &in, bool &isDouble, std::vector<int64_t> &shape,
                        std::streamoff &dataOffset) {
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    return "is not an .npy file";
  uint32_t len = 0;
  if (magic[6] == 1) {
    unsigned char b[2];
    if (!in.read(reinterpret_cast<char *>(b), 2))
      return "has a truncated header";
    len = b[0] | (b[1] << 8);
    dataOffset = 10 + len;
  } else {
    unsigned char b[4];
    if (!in.read(reinterpret_cast<char *>(b), 4))
      return "has a truncated header";
    len = b[0] | (b[1] << 8) | (b[2] << 16) | (uint32_t(b[3]) << 24);
    dataOffset = 12 + len;
  }
  std::string header(len, '\0');
  if (!in.read(header.data(), len))
    return "has a truncated header";
  StringRef h(header);
  if (h.contains("'fortran_order': True"))
    return "is in Fortran order (save it C-contiguous)";
  if (h.contains("'descr': '<f4'"))
    isDouble = false;
  else if (h.contains("'descr': '<f8'"))
    isDouble = true;
  else
    return "must hold float32 or float64 data";
  size_t open = h.find("'shape': ("), close = h.find(')', open);
  if (open == StringRef::npos || close == StringRef::npos)
    return "has no shape in its header";
  StringRef dims = h.slice(open + 10, close);
  SmallVector<StringRef> parts;
  dims.split(parts, ',', -1, false);
  for (StringRef p : parts) {
    int64_t d;
    if (p.trim().getAsInteger(10, d))
      return "has a malformed shape";
    shape.push_back(d);
  }
  return "";
}
} // namespace

FailureOr<std::unique_ptr<CalibrationData>>
CalibrationData::open(func::FuncOp func, ArrayRef<std::string> paths) {
  auto data = std::make_unique<CalibrationData>();
  data->func = func;
  if (paths.size() != func.getNumArguments()) {
    func.emitError() << "calibration data: @" << func.getSymName() << " takes "
                     << func.getNumArguments() << " inputs but " << paths.size()
                     << " data files were given";
    return failure();
  }
  int64_t samples = -1, batch = 1;
  for (auto [i, path] : llvm::enumerate(paths)) {
    auto file = std::make_unique<File>();
    file->path = path;
    file->stream.open(path, std::ios::binary);
    if (!file->stream) {
      func.emitError() << "calibration data: cannot open '" << path << "'";
      return failure();
    }
    std::vector<int64_t> shape;
    std::string err = parseHeader(file->stream, file->isDouble, shape, file->dataOffset);
    if (!err.empty()) {
      func.emitError() << "calibration data: '" << path << "' " << err;
      return failure();
    }
    auto argType = cast<RankedTensorType>(func.getArgument(i).getType());
    ArrayRef<int64_t> arg = argType.getShape();
    if (llvm::is_contained(arg, 0)) {
      func.emitError() << "calibration data: input '" << argumentName(func, i)
                       << "' of @" << func.getSymName() << " has the empty shape "
                       << shapeString(arg) << "; it cannot take samples";
      return failure();
    }
    bool match = !arg.empty() && shape.size() == arg.size() &&
                 llvm::equal(ArrayRef<int64_t>(shape).drop_front(), arg.drop_front()) &&
                 shape[0] % arg[0] == 0;
    if (!match) {
      func.emitError() << "calibration data: '" << path << "' has shape "
                       << shapeString(shape) << " but input #" << i
                       << " of @" << func.getSymName() << " is " << shapeString(arg)
                       << "; expected N x " << shapeString(arg.drop_front())
                       << " with N a multiple of " << (arg.empty() ? 1 : arg[0]);
      return failure();
    }
    if (samples >= 0 && shape[0] != samples) {
      func.emitError() << "calibration data: '" << path << "' has " << shape[0]
                       << " samples but the first file has " << samples;
      return failure();
    }
    samples = shape[0];
    batch = arg[0];
    file->argShape.assign(arg.begin(), arg.end());
    file->sampleElements = argType.getNumElements() / arg[0];
    data->files.push_back(std::move(file));
  }
  data->samples = samples < 0 ? 0 : samples;
  data->batch = batch;
  return data;
}

FailureOr<std::vector<Tensor>> CalibrationData::readRun(int64_t index) {
  std::vector<Tensor> inputs;
  for (auto &file : files) {
    Tensor t;
    t.shape = file->argShape;
    int64_t n = file->sampleElements * batch;
    t.data.resize(n);
    size_t elemSize = file->isDouble ? 8 : 4;
    file->stream.clear();
    file->stream.seekg(file->dataOffset + std::streamoff(index * n * elemSize));
    if (file->isDouble) {
      std::vector<double> tmp(n);
      file->stream.read(reinterpret_cast<char *>(tmp.data()), n * 8);
      for (int64_t i = 0; i < n; ++i)
        t.data[i] = float(tmp[i]);
    } else {
      file->stream.read(reinterpret_cast<char *>(t.data.data()), n * 4);
    }
    if (!file->stream) {
      func.emitError() << "calibration data: '" << file->path << "' is truncated";
      return failure();
    }
    // NaN/Inf would silently poison every statistic downstream.
    auto bad = llvm::find_if(t.data, [](float v) { return !std::isfinite(v); });
    if (bad != t.data.end()) {
      int64_t element = bad - t.data.begin();
      func.emitError() << "calibration data: '" << file->path << "' sample "
                       << index * batch + element / file->sampleElements << " holds "
                       << (std::isnan(*bad) ? "NaN" : "Inf") << " (element "
                       << element % file->sampleElements
                       << " of the sample); remove or repair that sample";
      return failure();
    }
    inputs.push_back(std::move(t));
  }
  return inputs;
}

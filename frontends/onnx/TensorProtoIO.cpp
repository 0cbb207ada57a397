//===- TensorProtoIO.cpp - decode TensorProto payloads --------------------===//
//
// TensorProto stores values in one of several typed repeated fields, in
// little-endian `raw_data`, or in an external file (`data_location =
// EXTERNAL`, keys location/offset/length). Everything is decoded into f32
// (floating types) or int64 (integer and bool types).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/TensorProtoIO.h"
#include "frontends/onnx/ProtoConversion.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <cstring>
#include <exception>

using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

namespace {

float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else { // subnormal: renormalize
      exp = 127 - 15 + 1;
      while (!(mant & 0x400)) {
        mant <<= 1;
        --exp;
      }
      mant &= 0x3ff;
      bits = sign | (exp << 23) | (mant << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000 | (mant << 13);
  } else {
    bits = sign | ((exp - 15 + 127) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

float bf16ToFloat(uint16_t h) {
  uint32_t bits = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

/// DOUBLE data is computed in float32 (docs/element-types.md); a finite
/// value beyond float32's range would silently become infinity, so it is
/// counted (HostTensor::doubleOverflow) and reported.
float narrowDouble(double v, HostTensor &out) {
  float f = float(v);
  if (std::isinf(f) && std::isfinite(v))
    ++out.doubleOverflow;
  return f;
}

/// Bytes per element of the supported types, 0 when unsupported.
size_t elemSize(int32_t t) {
  switch (t) {
  case kFloat:
  case kInt32:
  case kUInt32:
    return 4;
  case kDouble:
  case kInt64:
  case kUInt64:
    return 8;
  case kFloat16:
  case kBFloat16:
  case kInt16:
  case kUInt16:
    return 2;
  case kInt8:
  case kUInt8:
  case kBool:
    return 1;
  default:
    return 0;
  }
}

/// Decodes little-endian raw bytes of `count` elements of type `t`.
void decodeRaw(const char *p, int64_t count, int32_t t, HostTensor &out) {
  size_t w = elemSize(t);
  for (int64_t i = 0; i < count; ++i, p += w) {
    switch (t) {
    case kFloat: {
      float v;
      std::memcpy(&v, p, 4);
      out.floats.push_back(v);
      break;
    }
    case kDouble: {
      double v;
      std::memcpy(&v, p, 8);
      out.floats.push_back(narrowDouble(v, out));
      break;
    }
    case kFloat16: {
      uint16_t v;
      std::memcpy(&v, p, 2);
      out.floats.push_back(halfToFloat(v));
      break;
    }
    case kBFloat16: {
      uint16_t v;
      std::memcpy(&v, p, 2);
      out.floats.push_back(bf16ToFloat(v));
      break;
    }
    case kInt8: {
      int8_t v;
      std::memcpy(&v, p, 1);
      out.ints.push_back(v);
      break;
    }
    case kUInt8:
    case kBool: {
      uint8_t v;
      std::memcpy(&v, p, 1);
      out.ints.push_back(v);
      break;
    }
    case kInt16: {
      int16_t v;
      std::memcpy(&v, p, 2);
      out.ints.push_back(v);
      break;
    }
    case kUInt16: {
      uint16_t v;
      std::memcpy(&v, p, 2);
      out.ints.push_back(v);
      break;
    }
    case kInt32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      out.ints.push_back(v);
      break;
    }
    case kUInt32: {
      uint32_t v;
      std::memcpy(&v, p, 4);
      out.ints.push_back(v);
      break;
    }
    case kInt64:
    case kUInt64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      out.ints.push_back(v);
      break;
    }
    default:
      break;
    }
  }
}

/// The canonical absolute form of `path` (symlinks resolved), or "".
std::string realPath(const llvm::Twine &path) {
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(path, real))
    return "";
  return std::string(real);
}

const char *const doubleRangeError =
    "has DOUBLE values beyond float32's range (nndct computes DOUBLE "
    "tensors in float32)";

} // namespace

std::string onnx_import::resolveExternalLocation(const onnx::TensorProto &proto,
                                                 llvm::StringRef baseDir,
                                                 std::string &error) {
  std::string location;
  for (const auto &kv : proto.external_data())
    if (kv.key() == "location")
      location = kv.value();
  if (location.empty()) {
    error = "has external data without a location";
    return "";
  }
  llvm::StringRef loc(location);
  bool escapes =
      llvm::sys::path::is_absolute(loc) ||
      llvm::any_of(llvm::make_range(llvm::sys::path::begin(loc),
                                    llvm::sys::path::end(loc)),
                   [](llvm::StringRef part) { return part == ".."; });
  if (escapes) {
    error = "has external data location '" + location +
            "' outside the model's directory (it must be a relative path "
            "without '..')";
    return "";
  }
  llvm::SmallString<256> path(baseDir.empty() ? "." : baseDir);
  llvm::sys::path::append(path, loc);
  std::string real = realPath(path),
              base = realPath(baseDir.empty() ? "." : baseDir);
  if (real.empty()) {
    error = "refers to external data file '" + std::string(path) +
            "' which cannot be read";
    return "";
  }
  // A symlink inside the directory may still point outside it.
  if (base.empty() || !llvm::StringRef(real).starts_with(base + "/")) {
    error = "has external data location '" + location +
            "' that resolves outside the model's directory (" + real + ")";
    return "";
  }
  return real;
}

namespace {

/// Reads the bytes of an EXTERNAL tensor into `raw` (only from inside the
/// model's directory: resolveExternalLocation).
std::string readExternalData(const onnx::TensorProto &proto,
                             llvm::StringRef baseDir, std::string &raw) {
  int64_t offset = 0, length = -1;
  for (const auto &kv : proto.external_data()) {
    int64_t *number = kv.key() == "offset"   ? &offset
                      : kv.key() == "length" ? &length
                                             : nullptr;
    if (number && llvm::StringRef(kv.value()).getAsInteger(10, *number))
      return "has a malformed external data " + kv.key() + " '" +
             llvm::StringRef(kv.value()).take_front(32).str() + "'";
  }
  std::string error;
  std::string real = resolveExternalLocation(proto, baseDir, error);
  if (real.empty())
    return error;
  auto buffer = llvm::MemoryBuffer::getFile(real, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return "refers to external data file '" + real +
           "' which cannot be read: " + buffer.getError().message();
  llvm::StringRef all = (*buffer)->getBuffer();
  if (offset < 0 || uint64_t(offset) > all.size())
    return "has an external data offset beyond the end of '" + real + "'";
  uint64_t available = all.size() - uint64_t(offset);
  uint64_t len = length < 0 ? available : uint64_t(length);
  if (len > available)
    return "has external data beyond the end of '" + real + "'";
  raw = all.substr(offset, len).str();
  return "";
}

} // namespace

std::string onnx_import::tensorFromProto(const onnx::TensorProto &proto,
                                         llvm::StringRef baseDir,
                                         HostTensor &out) {
  out = HostTensor();
  out.elemType = proto.data_type();
  out.name = proto.name();
  int64_t count = 1;
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return "has a negative dimension";
    // Element counts past 2^40 are nonsense from a hostile or corrupt file;
    // checking before multiplying keeps `count` from overflowing.
    if (d > 0 && count > (int64_t(1) << 40) / d)
      return "has more than 2^40 elements";
    out.shape.push_back(d);
    count *= d;
  }
  int32_t t = out.elemType;
  if (elemSize(t) == 0)
    return "has unsupported element type " + elemTypeName(t);

  std::string raw;
  bool haveRaw = false;
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string err = readExternalData(proto, baseDir, raw);
    if (!err.empty())
      return err;
    haveRaw = true;
  } else if (proto.has_raw_data()) {
    raw = proto.raw_data();
    haveRaw = true;
  }

  if (haveRaw) {
    if (raw.size() != size_t(count) * elemSize(t))
      return "has " + std::to_string(raw.size()) + " bytes of data, expected " +
             std::to_string(size_t(count) * elemSize(t));
    if (isFloatElem(t))
      out.floats.reserve(count);
    else
      out.ints.reserve(count);
    decodeRaw(raw.data(), count, t, out);
    return out.doubleOverflow ? doubleRangeError : "";
  }

  int64_t got = 0;
  switch (t) {
  case kFloat:
    got = proto.float_data_size();
    for (float v : proto.float_data())
      out.floats.push_back(v);
    break;
  case kDouble:
    got = proto.double_data_size();
    for (double v : proto.double_data())
      out.floats.push_back(narrowDouble(v, out));
    break;
  case kFloat16:
  case kBFloat16:
    got = proto.int32_data_size();
    for (int32_t v : proto.int32_data())
      out.floats.push_back(t == kFloat16 ? halfToFloat(uint16_t(v))
                                         : bf16ToFloat(uint16_t(v)));
    break;
  case kInt8:
  case kUInt8:
  case kInt16:
  case kUInt16:
  case kInt32:
  case kBool:
    got = proto.int32_data_size();
    for (int32_t v : proto.int32_data())
      out.ints.push_back(v);
    break;
  case kInt64:
    got = proto.int64_data_size();
    for (int64_t v : proto.int64_data())
      out.ints.push_back(v);
    break;
  case kUInt32:
  case kUInt64:
    got = proto.uint64_data_size();
    for (uint64_t v : proto.uint64_data())
      out.ints.push_back(int64_t(v));
    break;
  default:
    break;
  }
  if (got != count)
    return "has " + std::to_string(got) + " values, expected " +
           std::to_string(count);
  return out.doubleOverflow ? doubleRangeError : "";
}

int64_t TensorData::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string mlir::nndct::readTensorProtoBuffer(llvm::StringRef bytes,
                                               llvm::StringRef baseDir,
                                               llvm::StringRef what,
                                               TensorData &out) {
  try {
    onnx::TensorProto proto;
    if (bytes.size() > size_t(INT32_MAX) ||
        !proto.ParseFromArray(bytes.data(), int(bytes.size())))
      return "'" + what.str() + "' is not a valid ONNX TensorProto";
    HostTensor host;
    std::string err = tensorFromProto(proto, baseDir, host);
    if (!err.empty())
      return "tensor in '" + what.str() + "' " + err;
    out = TensorData();
    out.name = host.name;
    out.shape = host.shape;
    out.elementType = host.elemType;
    out.data = host.toFloats();
    if (!host.isFloat())
      out.intData = host.ints;
    return "";
  } catch (const std::exception &e) {
    return "cannot read '" + what.str() + "': " + e.what();
  } catch (...) {
    return "cannot read '" + what.str() + "'";
  }
}

std::string mlir::nndct::readTensorProtoFile(llvm::StringRef path,
                                             TensorData &out) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return "cannot open '" + path.str() + "': " + buffer.getError().message();
  return readTensorProtoBuffer((*buffer)->getBuffer(),
                               llvm::sys::path::parent_path(path), path, out);
}

//===- TensorIO.cpp - reading and writing tensor files --------------------===//
//
// See TensorIO.h. The .npy header is a Python dict literal; only the three
// keys numpy writes are understood.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/TensorIO.h"
#include "ir/numerics/NarrowFloat.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>

using namespace mlir::nndct;
using llvm::StringRef;

namespace {

llvm::Error fail(StringRef file, const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 (file + ": " + msg).str());
}

struct Registry {
  std::mutex mutex;
  llvm::StringMap<TensorReader> readers;
};

Registry &registry() {
  static Registry r;
  return r;
}

/// The value after `'key':` in a numpy header dict, up to the next
/// top-level comma or closing brace.
std::optional<StringRef> headerValue(StringRef header, StringRef key) {
  std::string pattern = ("'" + key + "'").str();
  size_t pos = header.find(pattern);
  if (pos == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(pos + pattern.size()).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  rest = rest.ltrim();
  if (rest.starts_with("(")) {
    size_t close = rest.find(')');
    return close == StringRef::npos
               ? std::nullopt
               : std::optional<StringRef>(rest.take_front(close + 1));
  }
  size_t end = rest.find_first_of(",}");
  return rest.take_front(end).trim();
}

template <typename T>
void convert(const char *raw, int64_t n, std::vector<float> &out) {
  out.resize(n);
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, raw + i * sizeof(T), sizeof(T));
    out[i] = float(v);
  }
}

} // namespace

void mlir::nndct::registerTensorReader(StringRef extension,
                                       TensorReader reader) {
  std::lock_guard<std::mutex> lock(registry().mutex);
  registry().readers[extension.lower()] = std::move(reader);
}

bool mlir::nndct::hasTensorReader(StringRef extension) {
  if (extension.equals_insensitive(".npy"))
    return true;
  std::lock_guard<std::mutex> lock(registry().mutex);
  return registry().readers.count(extension.lower());
}

llvm::Expected<Tensor> mlir::nndct::readTensorFile(StringRef path) {
  std::string ext = llvm::sys::path::extension(path).lower();
  if (ext == ".npy")
    return readNpy(path);
  TensorReader reader;
  {
    std::lock_guard<std::mutex> lock(registry().mutex);
    auto it = registry().readers.find(ext);
    if (it != registry().readers.end())
      reader = it->second;
  }
  if (!reader)
    return fail(path, "unsupported tensor file extension '" + ext +
                          "' (supported: .npy" +
                          (hasTensorReader(".pb") ? ", .pb" : "") + ")");
  return reader(path);
}

llvm::Expected<Tensor> mlir::nndct::readNpy(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fail(path, "cannot read file: " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

llvm::Expected<size_t> mlir::nndct::npyDataOffset(StringRef preamble,
                                                  StringRef name) {
  if (!preamble.starts_with("\x93NUMPY") || preamble.size() < 10)
    return fail(name, "not a .npy file (bad magic)");
  unsigned major = uint8_t(preamble[6]);
  if (major == 1)
    return 10 + (uint8_t(preamble[8]) | (size_t(uint8_t(preamble[9])) << 8));
  if (major != 2 && major != 3)
    return fail(name, "unsupported .npy version " + llvm::Twine(major));
  if (preamble.size() < 12)
    return fail(name, "truncated .npy header");
  size_t headerLen = 0;
  for (int i = 0; i < 4; ++i)
    headerLen |= size_t(uint8_t(preamble[8 + i])) << (8 * i);
  return 12 + headerLen;
}

llvm::Expected<NpyLayout> mlir::nndct::parseNpyLayout(StringRef bytes,
                                                      StringRef name) {
  llvm::Expected<size_t> offset = npyDataOffset(bytes, name);
  if (!offset)
    return offset.takeError();
  if (bytes.size() < *offset)
    return fail(name, "truncated .npy header");
  StringRef header =
      bytes.take_front(*offset).drop_front(uint8_t(bytes[6]) == 1 ? 10 : 12);
  auto descr = headerValue(header, "descr");
  auto fortran = headerValue(header, "fortran_order");
  auto shapeText = headerValue(header, "shape");
  if (!descr || !fortran || !shapeText)
    return fail(name, "malformed .npy header");
  if (*fortran != "False")
    return fail(name, "fortran-order arrays are not supported (save with "
                      "numpy.ascontiguousarray)");
  NpyLayout layout;
  layout.dataOffset = *offset;
  StringRef dims = shapeText->trim("() ");
  while (!dims.empty()) {
    auto [d, rest] = dims.split(',');
    d = d.trim();
    if (!d.empty()) {
      int64_t v;
      if (d.getAsInteger(10, v) || v < 0)
        return fail(name, "bad shape in .npy header");
      layout.shape.push_back(v);
    }
    dims = rest;
  }
  StringRef type = descr->trim("'\" ");
  if (type.size() >= 2 && type[0] == '>' && type.drop_front(1) != "i1" &&
      type.drop_front(1) != "u1" && type.drop_front(1) != "b1")
    return fail(name, "big-endian dtype '" + type + "' is not supported");
  layout.dtype = type.drop_front(type.size() > 2 ? 1 : 0).str();
  if (layout.dtype == "f4" || layout.dtype == "i4" || layout.dtype == "u4")
    layout.elementSize = 4;
  else if (layout.dtype == "f8" || layout.dtype == "i8" || layout.dtype == "u8")
    layout.elementSize = 8;
  else if (layout.dtype == "i2" || layout.dtype == "u2" || layout.dtype == "f2")
    layout.elementSize = 2;
  else if (layout.dtype == "i1" || layout.dtype == "u1" || layout.dtype == "b1")
    layout.elementSize = 1;
  else
    return fail(name,
                "unsupported dtype '" + type +
                    "' (supported: float16, float32, float64, bool and 8- to "
                    "64-bit integers)");
  return layout;
}

llvm::Expected<Tensor> mlir::nndct::parseNpy(StringRef bytes, StringRef name) {
  llvm::Expected<NpyLayout> layout = parseNpyLayout(bytes, name);
  if (!layout)
    return layout.takeError();
  Tensor t;
  t.shape = layout->shape;
  StringRef code = layout->dtype;
  size_t width = layout->elementSize;
  // The header may claim any shape: bound it before multiplying, so
  // numElements() cannot overflow. The nonzero dims must multiply to an
  // int64 (an empty tensor may still have huge other dims), and a non-empty
  // tensor needs at least a byte per element.
  uint64_t count = 1;
  bool empty = false;
  for (int64_t d : t.shape) {
    if (d < 0)
      return fail(name, "shape has a negative dimension");
    if (d == 0) {
      empty = true;
      continue;
    }
    if (count > uint64_t(INT64_MAX) / uint64_t(d))
      return fail(name, "shape has more elements than fit in 64 bits");
    count *= uint64_t(d);
  }
  if (!empty && count > bytes.size())
    return fail(name, "shape needs more data than the file holds");
  int64_t n = t.numElements();
  StringRef data = bytes.drop_front(layout->dataOffset);
  if (data.size() < size_t(n) * width)
    return fail(name, "file holds " + llvm::Twine(data.size()) +
                          " data bytes, shape needs " +
                          llvm::Twine(size_t(n) * width));
  const char *raw = data.data();
  if (code == "f4") {
    convert<float>(raw, n, t.data);
  } else if (code == "f8") {
    convert<double>(raw, n, t.data);
  } else if (code == "f2") {
    t.data.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      uint16_t h;
      std::memcpy(&h, raw + 2 * i, 2);
      t.data[i] = halfBitsToFloat(h);
    }
    t.kind = ElementKind::F16;
  } else if (code == "i4") {
    convert<int32_t>(raw, n, t.data);
    t.kind = ElementKind::I32;
  } else if (code == "i8") {
    convert<int64_t>(raw, n, t.data);
    t.kind = ElementKind::I64;
  } else if (code == "i1") {
    convert<int8_t>(raw, n, t.data);
    t.kind = ElementKind::I8;
  } else if (code == "b1") {
    convert<uint8_t>(raw, n, t.data);
    for (float &f : t.data)
      f = f != 0;
    t.kind = ElementKind::Bool;
  } else if (code == "i2") {
    convert<int16_t>(raw, n, t.data);
    t.kind = ElementKind::I16;
  } else if (code == "u2") {
    convert<uint16_t>(raw, n, t.data);
    t.kind = ElementKind::U16;
  } else if (code == "u4") {
    convert<uint32_t>(raw, n, t.data);
    t.kind = ElementKind::U32;
  } else if (code == "u8") {
    convert<uint64_t>(raw, n, t.data);
    t.kind = ElementKind::U64;
  } else {
    convert<uint8_t>(raw, n, t.data);
    t.kind = ElementKind::U8;
  }
  return t;
}

/// `f` as a T, saturated: integer tensors hold floats, and a value out of
/// T's range (int32 max rounds up to 2^31 as a float) or NaN must not reach
/// the conversion, which is undefined for them.
template <typename T> static T saturate(float f) {
  if (std::isnan(f))
    return 0;
  if (f < double(std::numeric_limits<T>::min()))
    return std::numeric_limits<T>::min();
  if (f >= double(std::numeric_limits<T>::max()) + 1.0)
    return std::numeric_limits<T>::max();
  return T(f);
}

template <typename T>
static void appendAs(std::string &out, const std::vector<float> &data) {
  for (float f : data) {
    T v = saturate<T>(f);
    out.append(reinterpret_cast<const char *>(&v), sizeof(T));
  }
}

/// The narrow float encodings (the values are already rounded: Tensor.h).
template <typename T, typename F>
static void appendEncoded(std::string &out, const std::vector<float> &data,
                          F encode) {
  for (float f : data) {
    T v = encode(f);
    out.append(reinterpret_cast<const char *>(&v), sizeof(T));
  }
}

static void appendData(std::string &out, const Tensor &t) {
  switch (t.kind) {
  case ElementKind::F32:
    out.append(reinterpret_cast<const char *>(t.data.data()),
               t.data.size() * 4);
    return;
  case ElementKind::F16:
    return appendEncoded<uint16_t>(out, t.data, floatToHalfBits);
  case ElementKind::BF16:
    return appendEncoded<uint16_t>(out, t.data, floatToBFloat16Bits);
  case ElementKind::F64:
    return appendEncoded<double>(out, t.data,
                                 [](float f) { return double(f); });
  case ElementKind::I8:
    return appendAs<int8_t>(out, t.data);
  case ElementKind::U8:
    return appendAs<uint8_t>(out, t.data);
  case ElementKind::I32:
    return appendAs<int32_t>(out, t.data);
  case ElementKind::I64:
    return appendAs<int64_t>(out, t.data);
  case ElementKind::Bool:
    for (float f : t.data)
      out += char(f != 0);
    return;
  case ElementKind::I16:
    return appendAs<int16_t>(out, t.data);
  case ElementKind::U16:
    return appendAs<uint16_t>(out, t.data);
  case ElementKind::U32:
    return appendAs<uint32_t>(out, t.data);
  case ElementKind::U64:
    return appendAs<uint64_t>(out, t.data);
  }
}

std::string mlir::nndct::encodeNpy(const Tensor &t) {
  const char *descr = "<f4";
  switch (t.kind) {
  case ElementKind::F32:
    descr = "<f4";
    break;
  case ElementKind::F16:
    descr = "<f2";
    break;
  case ElementKind::BF16:
    // numpy has no bfloat16: the (exactly representable) values as float32.
    descr = "<f4";
    break;
  case ElementKind::F64:
    descr = "<f8";
    break;
  case ElementKind::I8:
    descr = "|i1";
    break;
  case ElementKind::U8:
    descr = "|u1";
    break;
  case ElementKind::I32:
    descr = "<i4";
    break;
  case ElementKind::I64:
    descr = "<i8";
    break;
  case ElementKind::Bool:
    descr = "|b1";
    break;
  case ElementKind::I16:
    descr = "<i2";
    break;
  case ElementKind::U16:
    descr = "<u2";
    break;
  case ElementKind::U32:
    descr = "<u4";
    break;
  case ElementKind::U64:
    descr = "<u8";
    break;
  }
  std::string shape = "(";
  for (int64_t d : t.shape)
    shape += std::to_string(d) + ", ";
  if (t.shape.size() > 1)
    shape.resize(shape.size() - 2);
  else if (t.shape.size() == 1)
    shape.resize(shape.size() - 1); // "(3,)"
  shape += ")";
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += char(header.size() & 0xff);
  out += char(header.size() >> 8);
  out += header;
  if (t.kind == ElementKind::BF16)
    out.append(reinterpret_cast<const char *>(t.data.data()),
               t.data.size() * 4);
  else
    appendData(out, t);
  return out;
}

static void putVarint(std::string &out, uint64_t v) {
  while (v >= 0x80) {
    out += char((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += char(v);
}

std::string mlir::nndct::encodeTensorProto(const Tensor &t, StringRef name) {
  // onnx.TensorProto.DataType
  int dataType = 1;
  switch (t.kind) {
  case ElementKind::F32:
    dataType = 1;
    break;
  case ElementKind::F16:
    dataType = 10;
    break;
  case ElementKind::BF16:
    dataType = 16;
    break;
  case ElementKind::F64:
    dataType = 11;
    break;
  case ElementKind::U8:
    dataType = 2;
    break;
  case ElementKind::I8:
    dataType = 3;
    break;
  case ElementKind::I32:
    dataType = 6;
    break;
  case ElementKind::I64:
    dataType = 7;
    break;
  case ElementKind::Bool:
    dataType = 9;
    break;
  case ElementKind::I16:
    dataType = 5;
    break;
  case ElementKind::U16:
    dataType = 4;
    break;
  case ElementKind::U32:
    dataType = 12;
    break;
  case ElementKind::U64:
    dataType = 13;
    break;
  }
  std::string out;
  for (int64_t d : t.shape) {
    out += char(0x08); // dims = 1, varint
    putVarint(out, uint64_t(d));
  }
  out += char(0x10); // data_type = 2, varint
  putVarint(out, dataType);
  if (!name.empty()) {
    out += char(0x42); // name = 8, length-delimited
    putVarint(out, name.size());
    out += name.str();
  }
  std::string raw;
  appendData(raw, t);
  out += char(0x4a); // raw_data = 9, length-delimited
  putVarint(out, raw.size());
  out += raw;
  return out;
}

llvm::Error mlir::nndct::writeFile(StringRef path, StringRef bytes) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fail(path, "cannot write: " + ec.message());
  os << bytes;
  os.close();
  if (os.has_error())
    return fail(path, "write failed: " + os.error().message());
  return llvm::Error::success();
}

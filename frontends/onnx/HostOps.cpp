//===- HostOps.cpp - arithmetic on host constants -------------------------===//
//
// Constant folding at import time: shape arithmetic (Shape -> Gather ->
// Concat -> Reshape chains) and weight layout changes (Gemm's transposed B)
// are computed here on plain vectors, never emitted as ops.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"
#include "ir/numerics/NarrowFloat.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

bool onnx_import::isFloatElem(int32_t t) {
  return t == kFloat || t == kDouble || t == kFloat16 || t == kBFloat16;
}

std::string onnx_import::elemTypeName(int32_t t) {
  static const char *names[] = {
      "UNDEFINED", "FLOAT",  "UINT8",     "INT8",       "UINT16",  "INT16",
      "INT32",     "INT64",  "STRING",    "BOOL",       "FLOAT16", "DOUBLE",
      "UINT32",    "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};
  if (t >= 0 && t < int32_t(sizeof(names) / sizeof(names[0])))
    return names[t];
  return "type " + std::to_string(t);
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::vector<int64_t> HostTensor::toInts() const {
  if (!isFloat())
    return ints;
  std::vector<int64_t> out;
  out.reserve(floats.size());
  for (float f : floats)
    out.push_back(int64_t(f));
  return out;
}

std::vector<float> HostTensor::toFloats() const {
  if (isFloat())
    return floats;
  std::vector<float> out;
  out.reserve(ints.size());
  for (int64_t v : ints)
    out.push_back(float(v));
  return out;
}

HostTensor HostTensor::makeInts(std::vector<int64_t> shape,
                                std::vector<int64_t> v, int32_t elemType) {
  HostTensor t;
  t.shape = std::move(shape);
  t.elemType = elemType;
  t.ints = std::move(v);
  return t;
}

HostTensor HostTensor::makeFloats(std::vector<int64_t> shape,
                                  std::vector<float> v) {
  HostTensor t;
  t.shape = std::move(shape);
  t.elemType = kFloat;
  t.floats = std::move(v);
  return t;
}

std::optional<int64_t> onnx_import::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

namespace {
std::vector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/// Stores `v` into element `i` of `t`, converting to its storage.
void store(HostTensor &t, double v) {
  if (t.elemType == kFloat16)
    t.floats.push_back(roundToHalf(float(v)));
  else if (t.elemType == kBFloat16)
    t.floats.push_back(roundToBFloat16(float(v)));
  else if (t.isFloat())
    t.floats.push_back(float(v));
  else if (t.elemType == kBool)
    t.ints.push_back(v != 0);
  else
    t.ints.push_back(int64_t(v));
}
} // namespace

std::optional<HostTensor>
onnx_import::hostBinary(const HostTensor &a, const HostTensor &b,
                        int32_t resultElem,
                        const std::function<double(double, double)> &fn) {
  size_t rank = std::max(a.shape.size(), b.shape.size());
  std::vector<int64_t> sa(rank, 1), sb(rank, 1), out(rank);
  std::copy(a.shape.begin(), a.shape.end(),
            sa.begin() + (rank - a.shape.size()));
  std::copy(b.shape.begin(), b.shape.end(),
            sb.begin() + (rank - b.shape.size()));
  for (size_t i = 0; i < rank; ++i) {
    if (sa[i] != sb[i] && sa[i] != 1 && sb[i] != 1)
      return std::nullopt;
    out[i] = sa[i] == 1 ? sb[i] : sa[i];
  }
  HostTensor r;
  r.shape = out;
  r.elemType = resultElem;
  std::vector<int64_t> ta = stridesOf(sa), tb = stridesOf(sb),
                       to = stridesOf(out);
  int64_t n = r.numElements();
  for (int64_t i = 0; i < n; ++i) {
    int64_t ia = 0, ib = 0, rem = i;
    for (size_t d = 0; d < rank; ++d) {
      int64_t idx = rem / to[d];
      rem %= to[d];
      if (sa[d] != 1)
        ia += idx * ta[d];
      if (sb[d] != 1)
        ib += idx * tb[d];
    }
    store(r, fn(a.at(ia), b.at(ib)));
  }
  return r;
}

HostTensor onnx_import::hostTranspose(const HostTensor &t,
                                      ArrayRef<int64_t> perm) {
  HostTensor r;
  r.elemType = t.elemType;
  r.name = t.name;
  for (int64_t p : perm)
    r.shape.push_back(t.shape[p]);
  std::vector<int64_t> in = stridesOf(t.shape), out = stridesOf(r.shape);
  int64_t n = t.numElements();
  r.floats.resize(t.isFloat() ? n : 0);
  r.ints.resize(t.isFloat() ? 0 : n);
  for (int64_t i = 0; i < n; ++i) {
    int64_t src = 0, rem = i;
    for (size_t d = 0; d < perm.size(); ++d) {
      int64_t idx = rem / out[d];
      rem %= out[d];
      src += idx * in[perm[d]];
    }
    if (t.isFloat())
      r.floats[i] = t.floats[src];
    else
      r.ints[i] = t.ints[src];
  }
  return r;
}

HostTensor onnx_import::hostSlice(const HostTensor &t, ArrayRef<int64_t> starts,
                                  ArrayRef<int64_t> steps,
                                  ArrayRef<int64_t> counts) {
  HostTensor r;
  r.elemType = t.elemType;
  r.shape.assign(counts.begin(), counts.end());
  std::vector<int64_t> in = stridesOf(t.shape), out = stridesOf(r.shape);
  int64_t n = r.numElements();
  for (int64_t i = 0; i < n; ++i) {
    int64_t src = 0, rem = i;
    for (size_t d = 0; d < counts.size(); ++d) {
      int64_t idx = rem / out[d];
      rem %= out[d];
      src += (starts[d] + idx * steps[d]) * in[d];
    }
    if (t.isFloat())
      r.floats.push_back(t.floats[src]);
    else
      r.ints.push_back(t.ints[src]);
  }
  return r;
}

HostTensor onnx_import::hostBroadcast(const HostTensor &t,
                                      ArrayRef<int64_t> shape) {
  HostTensor zero;
  zero.shape.assign(shape.begin(), shape.end());
  zero.elemType = t.elemType;
  // Broadcasting against a tensor of the target shape: keep the lhs value.
  HostTensor ones = zero;
  int64_t n = ones.numElements();
  if (ones.isFloat())
    ones.floats.assign(n, 0);
  else
    ones.ints.assign(n, 0);
  auto r = hostBinary(t, ones, t.elemType, [](double a, double) { return a; });
  return r ? *r : t;
}

HostTensor onnx_import::hostCast(const HostTensor &t, int32_t elemType) {
  HostTensor r;
  r.shape = t.shape;
  r.elemType = elemType;
  r.name = t.name;
  int64_t n = t.numElements();
  for (int64_t i = 0; i < n; ++i) {
    double v = t.at(i);
    if (!isFloatElem(elemType) && t.isFloat())
      v = std::isfinite(v) ? std::trunc(v) : 0;
    store(r, v);
  }
  return r;
}

//===- NpyFuzzer.cpp - fuzz the .npy reader -------------------------------===//
//
// Parses each input as a .npy file. A tensor that parses must hold exactly
// as many values as its shape says, and encoding it and parsing it again
// must give the same shape, kind and bits.
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzSupport.h"

#include "backends/interpreter/TensorIO.h"

#include <cstring>

using namespace mlir;
using namespace mlir::nndct;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<Tensor> t = parseNpy(fuzz::bytes(data, size), "<fuzz>");
  if (!t) {
    llvm::consumeError(t.takeError());
    return 0;
  }
  if (int64_t(t->data.size()) != t->numElements()) {
    std::fprintf(stderr, "%zu values for %lld elements\n", t->data.size(),
                 (long long)t->numElements());
    std::abort();
  }
  std::string encoded = encodeNpy(*t);
  llvm::Expected<Tensor> again = parseNpy(encoded, "<re-encoded>");
  if (!again) {
    std::fprintf(stderr, "re-encoded tensor does not parse: %s\n",
                 llvm::toString(again.takeError()).c_str());
    std::abort();
  }
  if (again->shape != t->shape || again->kind != t->kind ||
      again->data.size() != t->data.size() ||
      (!t->data.empty() && std::memcmp(again->data.data(), t->data.data(),
                                       t->data.size() * sizeof(float)) != 0)) {
    std::fprintf(stderr, "encodeNpy/parseNpy round trip changed the tensor\n");
    std::abort();
  }
  return 0;
}

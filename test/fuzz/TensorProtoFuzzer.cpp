//===- TensorProtoFuzzer.cpp - fuzz the ONNX TensorProto (.pb) reader -----===//
//
// Parses each input as a serialized onnx.TensorProto, as `--input x.pb` and
// the ONNX test data are read. A tensor that parses must hold exactly as
// many values as its shape says (the interpreter indexes by the shape).
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzSupport.h"

#include "frontends/onnx/TensorProtoIO.h"

using namespace mlir;
using namespace mlir::nndct;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  TensorData tensor;
  std::string err = readTensorProtoBuffer(fuzz::bytes(data, size),
                                          fuzz::kNoDataDir, "<fuzz>", tensor);
  if (!err.empty())
    return 0;
  if (int64_t(tensor.data.size()) != tensor.numElements() ||
      (!tensor.intData.empty() &&
       int64_t(tensor.intData.size()) != tensor.numElements())) {
    std::fprintf(stderr, "%zu values (%zu exact) for %lld elements\n",
                 tensor.data.size(), tensor.intData.size(),
                 (long long)tensor.numElements());
    std::abort();
  }
  return 0;
}

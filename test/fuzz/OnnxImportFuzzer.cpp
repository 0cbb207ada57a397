//===- OnnxImportFuzzer.cpp - fuzz the ONNX importer ----------------------===//
//
// bytes -> onnx.ModelProto -> nndct module -> verifier. Every rejection must
// be an MLIR diagnostic: protobuf and libonnx exceptions stay inside the
// frontend, and an imported module always verifies.
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzSupport.h"

#include "frontends/onnx/ONNXImporter.h"

#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mlir::nndct;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::QuietContext context;
  OwningOpRef<ModuleOp> module = importONNXBuffer(
      fuzz::bytes(data, size), fuzz::kNoDataDir, context.get());
  if (module && failed(verify(*module)))
    context.fail("the ONNX importer returned a module that does not verify");
  return 0;
}

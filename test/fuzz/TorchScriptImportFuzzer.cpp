//===- TorchScriptImportFuzzer.cpp - fuzz the TorchScript importer --------===//
//
// bytes -> torch::jit::load -> nndct module -> verifier. libtorch's
// exceptions (c10::Error on a bad archive) must become diagnostics at the
// frontend boundary. Inputs are given one 1x1x28x28 input shape, which the
// seed models take, so the fuzzer reaches the graph import.
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzSupport.h"

#include "frontends/torchscript/TorchScriptImporter.h"

#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mlir::nndct;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::QuietContext context;
  TorchImportOptions options;
  options.inputShapes[""] = {1, 1, 28, 28};
  OwningOpRef<ModuleOp> module =
      importTorchScriptBuffer(fuzz::bytes(data, size), context.get(), options);
  if (module && failed(verify(*module)))
    context.fail("the TorchScript importer returned a module that does not "
                 "verify");
  return 0;
}

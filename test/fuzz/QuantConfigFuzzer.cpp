//===- QuantConfigFuzzer.cpp - fuzz the quant_config_file reader ----------===//
//
// Parses each input as vai's quant_config_file for an 8-bit target. Every
// input must come back as a QuantConfig or an error, never a crash.
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzSupport.h"

#include "tools/nndct/QuantConfig.h"

using namespace mlir;
using namespace mlir::nndct;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<QuantConfig> config =
      parseQuantConfig(fuzz::bytes(data, size), "<fuzz>", /*targetBits=*/8);
  if (!config) {
    llvm::consumeError(config.takeError());
    return 0;
  }
  // The optional fields must be in the ranges the reader promises.
  if (config->percentile &&
      !(*config->percentile >= 0.0 && *config->percentile <= 100.0)) {
    std::fprintf(stderr, "percentile %f out of range\n", *config->percentile);
    std::abort();
  }
  return 0;
}

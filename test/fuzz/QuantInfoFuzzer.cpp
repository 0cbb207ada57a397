//===- QuantInfoFuzzer.cpp - fuzz the quant_info.json reader --------------===//
//
// Applies each input as quant_info.json to a copy of a small quantized model
// (test/backends/quantinfo/Inputs/small.mlir, parsed once). A file that
// applies must leave a module that verifies, and writing the result back
// out and applying that to a fresh copy must succeed too.
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzSupport.h"

#include "backends/quantinfo/QuantInfo.h"
#include "ir/NNDCTDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// The model every input is applied to, with its own long-lived context.
struct Model {
  fuzz::QuietContext context;
  OwningOpRef<ModuleOp> module;

  static DialectRegistry registry() {
    DialectRegistry r;
    r.insert<NNDCTDialect, func::FuncDialect>();
    return r;
  }
  Model() : context(registry()) {
    module =
        parseSourceFile<ModuleOp>(NNDCT_FUZZ_QUANTINFO_MODEL, context.get());
    if (!module)
      context.fail("cannot parse " NNDCT_FUZZ_QUANTINFO_MODEL);
  }
};

Model &model() {
  static Model m;
  return m;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Model &m = model();
  OwningOpRef<ModuleOp> copy = m.module->clone();
  if (failed(applyQuantInfo(*copy, fuzz::bytes(data, size), "<fuzz>")))
    return 0;
  if (failed(verify(*copy)))
    m.context.fail("applyQuantInfo left a module that does not verify");
  std::string written;
  llvm::raw_string_ostream os(written);
  if (failed(writeQuantInfo(*copy, os)))
    m.context.fail("writeQuantInfo failed on a module that took a file");
  OwningOpRef<ModuleOp> again = m.module->clone();
  if (failed(applyQuantInfo(*again, written, "<rewritten>")))
    m.context.fail("the rewritten quant_info.json does not apply");
  return 0;
}

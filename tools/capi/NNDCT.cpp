//===- NNDCT.cpp - the nndct C API ----------------------------------------===//
//
// Thin wrappers: each call unwraps its MLIR-C handles and calls the C++
// entry nndct's own tools use (tools/Registration.h, runPTQPipeline,
// writeQuantInfo, collectQuantEntries).
//
//===----------------------------------------------------------------------===//

#include "tools/capi/NNDCT.h"

#include "backends/quantinfo/QuantInfo.h"
#include "backends/quantinfo/QuantNames.h"
#include "ir/NNDCTOps.h"
#include "ir/Naming.h"
#include "passes/Pipelines.h"
#include "tools/Registration.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/CAPI/Utils.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::nndct;

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(NNDCT, nndct, mlir::nndct::NNDCTDialect)

MlirContext nndctContextCreate(void) {
  DialectRegistry registry;
  registerDialects(registry);
  auto *context = new MLIRContext(registry);
  context->loadAllAvailableDialects();
  return wrap(context);
}

void nndctContextDestroy(MlirContext context) { delete unwrap(context); }

void nndctRegisterPasses(void) {
  // Registration is global and must happen once.
  static bool registered = [] {
    registerPasses();
    return true;
  }();
  (void)registered;
}

MlirModule nndctModuleParse(MlirContext context, MlirStringRef text) {
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(unwrap(text), unwrap(context));
  if (!module || failed(verify(*module)))
    return MlirModule{nullptr};
  return MlirModule{module.release().getOperation()};
}

void nndctModuleDestroy(MlirModule module) {
  if (module.ptr)
    unwrap(module)->erase();
}

void nndctModulePrint(MlirModule module, MlirStringCallback callback,
                      void *userData) {
  mlir::detail::CallbackOstream stream(callback, userData);
  OpPrintingFlags flags;
  flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  unwrap(module)->print(stream, flags);
  stream.flush();
}

MlirLogicalResult nndctRunPassPipeline(MlirModule module,
                                       MlirStringRef pipeline) {
  ModuleOp m = unwrap(module);
  std::string problem;
  llvm::raw_string_ostream os(problem);
  // The text names its anchor ("builtin.module(...)").
  FailureOr<OpPassManager> parsed = parsePassPipeline(unwrap(pipeline), os);
  if (failed(parsed)) {
    m.emitError("cannot parse the pass pipeline '")
        << unwrap(pipeline) << "': " << StringRef(problem).trim();
    return mlirLogicalResultFailure();
  }
  PassManager pm(m.getContext(), parsed->getOpAnchorName());
  static_cast<OpPassManager &>(pm) = std::move(*parsed);
  return wrap(pm.run(m));
}

MlirLogicalResult nndctQuantize(MlirModule module, MlirStringRef options) {
  ModuleOp m = unwrap(module);
  FailureOr<PTQOptions> parsed = parsePTQOptions(
      unwrap(options), [&](const Twine &msg) { return m.emitError(msg); });
  if (failed(parsed))
    return mlirLogicalResultFailure();
  return wrap(runPTQPipeline(m, *parsed));
}

intptr_t nndctModuleForEachFix(MlirModule module,
                               void (*callback)(const NndctFix *, void *),
                               void *userData) {
  ModuleOp m = unwrap(module);
  MLIRContext *context = m.getContext();
  // The names quant_info.json and the quant report use.
  llvm::DenseMap<Operation *, std::string> names;
  if (func::FuncOp func = getEntryFunction(m))
    for (QuantEntry &e : collectQuantEntries(func))
      for (size_t s = 0; s < e.slots.size(); ++s)
        if (e.slots[s])
          names[e.slots[s]] = e.slotName(s);
  intptr_t count = 0;
  m.walk([&](FixOp fix) {
    ++count;
    if (!callback)
      return;
    NndctFix c;
    c.kind = wrap(
        StringAttr::get(context, stringifyFixKind(fix.getKind())).getValue());
    c.name = wrap(StringAttr::get(context, names.lookup(fix)).getValue());
    c.bits = fix.getBitWidth();
    c.hasFixPoint = fix.getFixPoint().has_value();
    c.fixPoint = fix.getFixPoint().value_or(0);
    callback(&c, userData);
  });
  return count;
}

MlirLogicalResult nndctWriteQuantInfo(MlirModule module,
                                      MlirStringCallback callback,
                                      void *userData) {
  mlir::detail::CallbackOstream stream(callback, userData);
  LogicalResult written = writeQuantInfo(unwrap(module), stream);
  stream.flush();
  return wrap(written);
}

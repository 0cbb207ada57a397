//===- EntryFunction.h - which function a model is --------------*- C++ -*-===//
//
// A module may hold several functions (helpers, declarations, a model
// imported next to another). Everything that quantizes, runs or exports
// "the model" picks its function with this one rule, so the passes, the
// tools and the exporters never disagree about it:
//
//   1. an explicit name (a pass's `entry=`, `nndct run --function`): that
//      function, which must have a body;
//   2. otherwise the only function with a body;
//   3. otherwise @main (with a body).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_ENTRYFUNCTION_H
#define NNDCT_IR_ENTRYFUNCTION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace mlir::nndct {

/// The entry function of `module` by the rule above (`name` empty: no
/// explicit name), or null. On null, `*whyNot` (when given) says what was
/// looked for and which functions the module has, e.g. "no function @nope
/// (functions with a body: @a, @b)".
func::FuncOp findEntryFunction(ModuleOp module, StringRef name = {},
                               std::string *whyNot = nullptr);

/// findEntryFunction that emits "<context>: <why not>" at `module` and fails
/// when there is no entry function.
FailureOr<func::FuncOp> lookupEntryFunction(ModuleOp module, StringRef name,
                                            const Twine &context);

} // namespace mlir::nndct

#endif // NNDCT_IR_ENTRYFUNCTION_H

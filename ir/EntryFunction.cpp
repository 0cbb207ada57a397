//===- EntryFunction.cpp - which function a model is ----------------------===//

#include "ir/EntryFunction.h"

#include "ir/Naming.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::nndct;

/// "@a, @b, @c" (at most `limit` names, then ", ..."); names come from the
/// model file, so they are escaped.
static std::string listFunctions(ArrayRef<func::FuncOp> funcs,
                                 size_t limit = 8) {
  std::string s;
  for (size_t i = 0; i < funcs.size() && i < limit; ++i) {
    func::FuncOp f = funcs[i];
    s += (i ? ", @" : "@") + escapeUntrustedText(f.getSymName());
  }
  if (funcs.size() > limit)
    s += ", ...";
  return s;
}

func::FuncOp mlir::nndct::findEntryFunction(ModuleOp module, StringRef name,
                                            std::string *whyNot) {
  SmallVector<func::FuncOp> bodied;
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal())
      bodied.push_back(f);
  auto byName = [&](StringRef want) -> func::FuncOp {
    for (func::FuncOp f : bodied)
      if (f.getSymName() == want)
        return f;
    return {};
  };
  func::FuncOp found;
  if (!name.empty())
    found = byName(name);
  else
    found = bodied.size() == 1 ? bodied.front() : byName("main");
  if (found || !whyNot)
    return found;

  if (bodied.empty() && name.empty()) {
    *whyNot = "the module has no function with a body";
    return {};
  }
  std::string what;
  if (name.empty())
    what = "several functions with a body and none is @main";
  else if (module.lookupSymbol<func::FuncOp>(name))
    what = "function @" + escapeUntrustedText(name) + " has no body";
  else
    what = "no function @" + escapeUntrustedText(name);
  *whyNot =
      what + (bodied.empty()
                  ? " (the module has no function with a body)"
                  : " (functions with a body: " + listFunctions(bodied) + ")");
  return {};
}

FailureOr<func::FuncOp> mlir::nndct::lookupEntryFunction(ModuleOp module,
                                                         StringRef name,
                                                         const Twine &context) {
  std::string whyNot;
  if (func::FuncOp f = findEntryFunction(module, name, &whyNot))
    return f;
  return module.emitError() << context << ": " << whyNot;
}

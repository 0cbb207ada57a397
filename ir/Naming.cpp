//===- Naming.cpp - user-visible names of ops, values and functions -------===//

#include "ir/Naming.h"

using namespace mlir;
using namespace mlir::nndct;

std::optional<std::string> mlir::nndct::userName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (std::optional<std::string> name = userName(inner))
        return name;
    return std::nullopt;
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return userName(callSite.getCallee());
  return std::nullopt;
}

std::string mlir::nndct::argumentName(func::FuncOp func, unsigned index,
                                      StringRef fallback) {
  if (auto name = func.getArgAttrOfType<StringAttr>(index, kNameAttr);
      name && !name.getValue().empty())
    return name.str();
  if (!func.isExternal())
    if (std::optional<std::string> name = userName(func.getArgument(index).getLoc()))
      return *name;
  return fallback.str() + std::to_string(index);
}

std::string mlir::nndct::resultName(func::FuncOp func, unsigned index,
                                    StringRef fallback) {
  if (auto name = func.getResultAttrOfType<StringAttr>(index, kNameAttr);
      name && !name.getValue().empty())
    return name.str();
  return fallback.str() + std::to_string(index);
}

func::FuncOp mlir::nndct::getEntryFunction(ModuleOp module) {
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    return main;
  func::FuncOp found;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    if (found)
      return {};
    found = func;
  }
  return found;
}

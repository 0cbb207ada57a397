//===- Naming.cpp - user-visible names of ops, values and functions -------===//

#include "ir/Naming.h"

#include "ir/EntryFunction.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

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
    if (std::optional<std::string> name =
            userName(func.getArgument(index).getLoc()))
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
  return findEntryFunction(module);
}

std::string mlir::nndct::escapeUntrustedText(llvm::StringRef text) {
  std::string out;
  llvm::raw_string_ostream os(out);
  const auto *p = reinterpret_cast<const llvm::UTF8 *>(text.data());
  const auto *end = p + text.size();
  while (p < end) {
    unsigned n = llvm::getNumBytesForUTF8(*p);
    bool printable = *p >= 0x20 || *p == '\n' || *p == '\t';
    if (n > 1 && p + n <= end && llvm::isLegalUTF8Sequence(p, p + n)) {
      os.write(reinterpret_cast<const char *>(p), n);
      p += n;
    } else if (n == 1 && *p < 0x80 && printable && *p != 0x7f) {
      os << char(*p++);
    } else {
      os << "\\x" << llvm::format_hex_no_prefix(*p++, 2);
    }
  }
  return out;
}

//===- GraphHash.cpp - the structural graph_md5 of quant_info.json --------===//
//
// Hashes what makes two models "the same model" for quant_info.json: the op
// kinds, how values connect, their types and the attributes, but none of the
// names. Values are numbered in walk order, so topology is hashed without
// relying on SSA names.
//
//===----------------------------------------------------------------------===//

#include "backends/quantinfo/QuantInfo.h"
#include "backends/quantinfo/QuantNames.h"

#include "ir/NNDCTOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/MD5.h"

using namespace mlir;
using namespace mlir::nndct;

namespace {

class GraphHasher {
public:
  void hashModule(ModuleOp module, func::FuncOp func) {
    // The target is part of the model's identity: a file written for one
    // target must not silently apply to another.
    if (Attribute target = module->getAttr(kTargetAttrName))
      add("target", printAttr(target));
    for (BlockArgument arg : func.getArguments())
      number(arg);
    for (Type type : func.getArgumentTypes())
      add("arg", printType(type));
    for (Type type : func.getResultTypes())
      add("result", printType(type));
    hashRegion(func.getBody());
  }

  std::string result() {
    llvm::MD5::MD5Result digest;
    md5.final(digest);
    return digest.digest().str().str();
  }

private:
  void add(llvm::StringRef tag, llvm::StringRef text) {
    md5.update(tag);
    md5.update(llvm::StringRef("\x1f", 1));
    md5.update(text);
    md5.update(llvm::StringRef("\x1e", 1));
  }

  void number(Value v) { ids.try_emplace(v, ids.size()); }

  static std::string printType(Type type) {
    std::string text;
    llvm::raw_string_ostream os(text);
    type.print(os);
    return text;
  }

  static std::string printAttr(Attribute attr) {
    // A resource blob is named after a parameter: hash its type only (its
    // values change with bias correction and finetuning).
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
      return "resource:" + printType(resource.getType());
    std::string text;
    llvm::raw_string_ostream os(text);
    attr.print(os);
    return text;
  }

  /// Attributes that are not the model: names, and what the compiler
  /// decided (fix points, statistics, output noise, device placement and
  /// shifts, which change with the target's limits, not with the model;
  /// why an op is kept float: the fixes it lacks are hashed; what fast
  /// finetune measured: its parameters' values are not hashed either).
  static bool isIgnoredAttr(Operation *op, llvm::StringRef name) {
    if (name == kNameAttr || name == "sym_name" || name == kPlacementAttrName ||
        name == kShiftsAttrName || name == kOutputNoiseAttrName ||
        name == kKeptFloatAttrName || name == kFinetuneAttrName)
      return true;
    // The fix point and statistics are the quantization result.
    return isa<FixOp>(op) && (name == "fix_point" || name == "stats");
  }

  void hashRegion(Region &region) {
    for (Block &block : region) {
      add("block", std::to_string(block.getNumArguments()));
      for (BlockArgument arg : block.getArguments()) {
        number(arg);
        add("barg", printType(arg.getType()));
      }
      for (Operation &op : block)
        hashOp(&op);
    }
  }

  void hashOp(Operation *op) {
    add("op", op->getName().getStringRef());
    for (Value operand : op->getOperands()) {
      auto it = ids.find(operand);
      add("use", it == ids.end() ? "external" : std::to_string(it->second));
    }
    for (NamedAttribute attr : op->getAttrs()) {
      if (isIgnoredAttr(op, attr.getName().getValue()))
        continue;
      add(attr.getName().getValue(), printAttr(attr.getValue()));
    }
    for (Value result : op->getResults()) {
      number(result);
      add("res", printType(result.getType()));
    }
    for (Region &region : op->getRegions())
      hashRegion(region);
  }

  llvm::MD5 md5;
  llvm::DenseMap<Value, size_t> ids;
};

} // namespace

std::string mlir::nndct::computeGraphHash(ModuleOp module) {
  func::FuncOp func = getEntryFunction(module);
  if (!func)
    return "";
  GraphHasher hasher;
  hasher.hashModule(module, func);
  return hasher.result();
}

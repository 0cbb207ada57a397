//===- NNDCTDialect.cpp - nndct dialect registration ----------------------===//
//
// Registers ops and attributes and materializes folded constants.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTDialect.h"
#include "ir/NNDCTOps.h"

#include "mlir/IR/BuiltinOps.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::nndct;

#include "ir/NNDCTDialect.cpp.inc"

void NNDCTDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ir/NNDCTOps.cpp.inc"
      >();
  registerAttributes();
}

Operation *NNDCTDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

//===----------------------------------------------------------------------===//
// Discardable attributes
//===----------------------------------------------------------------------===//

/// Checks a module-level discardable attribute's kind; nothing when `attr`
/// is not one of them.
static std::optional<LogicalResult> verifyModuleAttribute(Operation *op,
                                                          NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  auto expect = [&](bool ok, StringRef what) -> LogicalResult {
    if (!isa<ModuleOp>(op))
      return op->emitError("'") << name << "' belongs on the module, not on '"
                                << op->getName() << "'";
    if (!ok)
      return op->emitError("'") << name << "' must be " << what;
    return success();
  };
  Attribute value = attr.getValue();
  if (name == kTargetAttrName)
    return expect(isa<TargetAttr>(value), "a #nndct.target");
  if (name == kOnnxOpsetAttr)
    return expect(isa<IntegerAttr>(value), "an integer");
  if (name == kProducerAttr)
    return expect(isa<StringAttr>(value), "a string");
  if (name == kBiasCorrectedAttr || name == kFastFinetunedAttr)
    return expect(isa<UnitAttr>(value), "a unit attribute");
  return std::nullopt;
}

LogicalResult NNDCTDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  if (std::optional<LogicalResult> checked = verifyModuleAttribute(op, attr))
    return *checked;
  if (attr.getName() == kNameAttr)
    return op->emitError("'")
           << kNameAttr
           << "' names function arguments and results; ops are "
              "named by their location";
  if (attr.getName() == kPlacementAttrName) {
    if (!isa<PlacementAttr>(attr.getValue()))
      return op->emitError("'")
             << kPlacementAttrName << "' must be a #nndct.placement";
    if (!isa<NNDCTDialect>(op->getDialect()))
      return op->emitError("'")
             << kPlacementAttrName << "' is for nndct ops only";
    return success();
  }
  if (attr.getName() == kShiftsAttrName) {
    if (!isa<ShiftsAttr>(attr.getValue()))
      return op->emitError("'")
             << kShiftsAttrName << "' must be a #nndct.shifts";
    if (!isa<NNDCTDialect>(op->getDialect()))
      return op->emitError("'") << kShiftsAttrName << "' is for nndct ops only";
    return success();
  }
  if (attr.getName() == kOutputNoiseAttrName) {
    auto dict = dyn_cast<DictionaryAttr>(attr.getValue());
    auto fp = dict ? dict.getAs<IntegerAttr>("fix_point") : IntegerAttr();
    auto nsr =
        dict ? dict.getAs<DenseF64ArrayAttr>("nsr") : DenseF64ArrayAttr();
    if (!fp || !nsr || dict.size() != 2 || nsr.size() % 2 != 1)
      return op->emitError("'")
             << kOutputNoiseAttrName
             << "' must be {fix_point = <int>, nsr = array<f64: ...>} with an "
                "odd number of values (fix_point in the middle)";
    if (!isa<FixOp>(op))
      return op->emitError("'") << kOutputNoiseAttrName << "' is for nndct.fix";
    for (double v : nsr.asArrayRef())
      if (!std::isfinite(v) || v < 0)
        return op->emitError("'")
               << kOutputNoiseAttrName << "' values must be finite and >= 0";
    return success();
  }
  if (attr.getName() == kFinetuneAttrName) {
    auto dict = dyn_cast<DictionaryAttr>(attr.getValue());
    auto before = dict ? dict.getAs<FloatAttr>("loss_before") : FloatAttr();
    auto after = dict ? dict.getAs<FloatAttr>("loss_after") : FloatAttr();
    auto result = dict ? dict.getAs<StringAttr>("result") : StringAttr();
    if (!before || !after || !result || dict.size() != 3 ||
        !llvm::is_contained({"kept", "unchanged", "restored"},
                            result.getValue()))
      return op->emitError("'")
             << kFinetuneAttrName
             << "' must be {loss_before = <f64>, loss_after = <f64>, result "
                "= \"kept\" | \"unchanged\" | \"restored\"}";
    if (!isa<Conv2DOp, ConvTranspose2DOp, LinearOp>(op))
      return op->emitError("'") << kFinetuneAttrName
                                << "' is for nndct.conv2d, "
                                   "nndct.conv_transpose2d and nndct.linear";
    return success();
  }
  if (attr.getName() == kKeptFloatAttrName) {
    if (!isa<StringAttr>(attr.getValue()))
      return op->emitError("'")
             << kKeptFloatAttrName << "' must be a string (the reason)";
    if (!isa<NNDCTDialect>(op->getDialect()))
      return op->emitError("'")
             << kKeptFloatAttrName << "' is for nndct ops only";
    return success();
  }
  return op->emitError("unknown nndct attribute '")
         << attr.getName().getValue() << "'";
}

/// `nndct.name` on a function argument or result: the only discardable
/// attribute allowed there.
static LogicalResult verifyValueName(Operation *op, NamedAttribute attr,
                                     StringRef what) {
  if (attr.getName() != kNameAttr)
    return op->emitError("unknown nndct attribute '")
           << attr.getName().getValue() << "' on a " << what;
  if (!isa<StringAttr>(attr.getValue()))
    return op->emitError("'")
           << kNameAttr << "' of a " << what << " must be a string";
  return success();
}

LogicalResult NNDCTDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                     unsigned,
                                                     NamedAttribute attr) {
  return verifyValueName(op, attr, "function argument");
}

LogicalResult NNDCTDialect::verifyRegionResultAttribute(Operation *op, unsigned,
                                                        unsigned,
                                                        NamedAttribute attr) {
  return verifyValueName(op, attr, "function result");
}

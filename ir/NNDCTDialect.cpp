//===- NNDCTDialect.cpp - nndct dialect registration ----------------------===//
//
// Registers ops and attributes and materializes folded constants.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTDialect.h"
#include "ir/NNDCTOps.h"

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

Operation *NNDCTDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                             Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

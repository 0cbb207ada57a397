//===- NNDCTAttrs.cpp - nndct attributes and enums ------------------------===//

#include "ir/NNDCTDialect.h"
#include "ir/TargetModel.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::nndct;

#include "ir/NNDCTEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "ir/NNDCTAttrs.cpp.inc"

void NNDCTDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "ir/NNDCTAttrs.cpp.inc"
      >();
}

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef name) {
  if (TargetModel::lookup(name))
    return success();
  InFlightDiagnostic diag = emitError() << "unknown target '" << name
                                        << "'; known targets:";
  for (const TargetModel *t : TargetModel::all())
    diag << " " << t->name;
  return diag;
}

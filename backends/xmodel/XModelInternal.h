//===- XModelInternal.h - shared state of the xmodel backend ----*- C++ -*-===//
//
// Internal to the xmodel backend. libxir validates ops with glog FATAL
// checks, which abort instead of throwing; the exporter installs a failure
// function that removes the half-written file and names the node being
// converted. ActiveNodeScope tells it which node that is.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_XMODEL_XMODELINTERNAL_H
#define NNDCT_BACKENDS_XMODEL_XMODELINTERNAL_H

#include "llvm/ADT/StringRef.h"

namespace mlir::nndct::xmodel {

/// Records the node and XIR op type being created while alive.
class ActiveNodeScope {
public:
  ActiveNodeScope(llvm::StringRef node, llvm::StringRef type);
  ~ActiveNodeScope();
};

} // namespace mlir::nndct::xmodel

#endif // NNDCT_BACKENDS_XMODEL_XMODELINTERNAL_H

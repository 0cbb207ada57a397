//===- nndct-opt.cpp - the nndct pass driver -------------------------------===//
//
// MlirOptMain with the nndct dialect, its passes and the upstream dialects
// nndct IR uses: `nndct-opt in.mlir --nndct-fold-batchnorm`.
//
//===----------------------------------------------------------------------===//

#include "tools/Registration.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::nndct::registerDialects(registry);
  mlir::nndct::registerPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nndct optimizer driver\n", registry));
}

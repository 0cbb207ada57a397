//===- nndct-translate.cpp - importers and exporters ----------------------===//
//
// mlirTranslateMain with the translations the frontends and backends
// register: --import-onnx, --import-torchscript, --export-onnx,
// --export-xmodel, --export-quant-info.
//
//===----------------------------------------------------------------------===//

#include "tools/Registration.h"
#include "tools/nndct-translate/Translations.h"

#include "mlir/Support/LogicalResult.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::nndct::registerTranslations();
  return mlir::failed(
             mlir::mlirTranslateMain(argc, argv, "nndct translation driver\n"))
             ? 1
             : 0;
}

//===- Translations.h - the translations nndct-translate offers -*- C++ -*-===//
//
// Each frontend/backend library exposes a register function; this header
// calls the ones that were built (optional components are guarded by their
// NNDCT_HAVE_* definitions).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_TRANSLATIONS_H
#define NNDCT_TOOLS_TRANSLATIONS_H

#include "mlir/Tools/mlir-translate/Translation.h"
#include "tools/Registration.h"

#ifdef NNDCT_HAVE_ONNX_IMPORT
#include "frontends/onnx/ONNXImporter.h"
#include "tools/BindFile.h"
#endif

#ifdef NNDCT_HAVE_QUANTINFO
#include "backends/quantinfo/QuantInfo.h"
#endif
#ifdef NNDCT_HAVE_ONNX_EXPORT
#include "backends/onnx/ONNXExporter.h"
#endif
#ifdef NNDCT_HAVE_TORCH
#include "frontends/torchscript/TorchScriptImporter.h"
#endif

#ifdef NNDCT_HAVE_XMODEL_EXPORT
#include "backends/xmodel/XModelExport.h"
#endif

namespace mlir::nndct {

/// Registers every translation linked into the tool.
inline void registerTranslations() {
  // An identity translation keeps the driver usable (and testable) before
  // any importer is linked: parse nndct IR, verify it, print it.
  static TranslateFromMLIRRegistration roundTrip(
      "mlir-to-mlir", "verify and print nndct IR",
      [](Operation *op, raw_ostream &os) {
        op->print(os);
        return success();
      },
      [](DialectRegistry &registry) { registerDialects(registry); });

  // Frontends: --import-onnx.
#ifdef NNDCT_HAVE_ONNX_IMPORT
  registerImportONNXTranslation(readBindFile);
#endif

  // Backends: --export-quant-info / --apply-quant-info, --export-onnx.
#ifdef NNDCT_HAVE_QUANTINFO
  registerQuantInfoTranslations();
#endif
#ifdef NNDCT_HAVE_ONNX_EXPORT
  registerONNXExportTranslation();
#endif
  // --import-torchscript (shares --input-shape with --import-onnx).
#ifdef NNDCT_HAVE_TORCH
  registerImportTorchScriptTranslation();
#endif
  // --export-xmodel (backends/xmodel, libxir).
#ifdef NNDCT_HAVE_XMODEL_EXPORT
  registerXModelExportTranslation();
#endif
}

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_TRANSLATIONS_H

//===- XModelExport.h - nndct IR to XIR .xmodel -----------------*- C++ -*-===//
//
// The public API of the xmodel backend. Each quantized `nndct.region` of a
// module becomes one XIR graph (`.xmodel`) whose root subgraph has one child
// per device (inputs "USER", quantized ops "DPU", float-only ops "CPU").
// Activations are NHWC and weights OHWI in XIR; the exporter converts.
// Only MLIR objects and plain structs cross this header: libxir (which
// throws, and aborts through glog) stays inside the library.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_XMODEL_XMODELEXPORT_H
#define NNDCT_BACKENDS_XMODEL_XMODELEXPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>

namespace mlir::nndct {

/// How to export.
struct XModelExportOptions {
  /// Prefix of the XIR graph names (`<modelName>_<region>`); defaults to the
  /// file stem when empty.
  std::string modelName;
  /// Export only the region with this `sym_name` (empty: all regions).
  std::string region;
  /// Reload every written file with libxir and compare it with what was
  /// built (op count, op types).
  bool verify = true;
};

/// What was written for one region.
struct XModelFileInfo {
  std::string region;
  std::string path;
  unsigned numOps = 0;
  /// XIR op type → count.
  std::map<std::string, unsigned> opCounts;
};

/// Exports the quantized regions of `module` (the body of its `main`
/// function when it has no region). One region → `path` itself; several →
/// `<stem>_<region>.xmodel` beside `path`. Files are written under a temp
/// name and renamed at the end; on failure nothing is left and diagnostics
/// name the op and its source node.
FailureOr<SmallVector<XModelFileInfo>>
exportXModel(ModuleOp module, StringRef path,
             const XModelExportOptions &options = {});

/// Exports exactly one region (or the whole function when there is none)
/// and streams the serialized xmodel into `os`.
LogicalResult exportXModelToStream(ModuleOp module, raw_ostream &os,
                                   const XModelExportOptions &options = {});

/// The file `exportXModel` writes for `region` when the module has several
/// regions: `<dir>/<stem>_<region>.xmodel` for `path` = `<dir>/<stem>.xmodel`.
std::string regionXModelPath(StringRef path, StringRef region);

/// Registers `--export-xmodel` (options `--xmodel-output`, `--xmodel-region`,
/// `--xmodel-name`) with mlir-translate.
void registerXModelExportTranslation();

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_XMODEL_XMODELEXPORT_H

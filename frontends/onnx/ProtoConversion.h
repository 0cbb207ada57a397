//===- ProtoConversion.h - TensorProto to host tensors ----------*- C++ -*-===//
//
// The one place that decodes TensorProto payloads (typed fields, raw_data,
// external data files) into the importer's host tensors. Internal to
// NNDCTFrontendONNX: it is the only header besides the importer itself that
// sees protobuf types.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_FRONTENDS_ONNX_PROTOCONVERSION_H
#define NNDCT_FRONTENDS_ONNX_PROTOCONVERSION_H

#include "frontends/onnx/ImportContext.h"

#include "onnx/onnx_pb.h"

namespace mlir::nndct::onnx_import {

/// The file holding an EXTERNAL tensor's data, resolved (symlinks included)
/// inside `baseDir`; "" with `error` set when the location is missing,
/// absolute, climbs out with "..", resolves outside or does not exist.
/// Model files are untrusted: they may not make nndct read other files.
std::string resolveExternalLocation(const onnx::TensorProto &proto,
                                    llvm::StringRef baseDir,
                                    std::string &error);

/// Decodes `proto` into `out`; `baseDir` resolves external data locations.
/// Returns "" on success, else a message (without the tensor's name).
std::string tensorFromProto(const onnx::TensorProto &proto,
                            llvm::StringRef baseDir, HostTensor &out);

} // namespace mlir::nndct::onnx_import

#endif // NNDCT_FRONTENDS_ONNX_PROTOCONVERSION_H

//===- Sampling.cpp - ONNX GridSample and RoiAlign ------------------------===//
//
// The sampling ops at data-dependent points: GridSample (opset 16's and 20's
// mode names, 4-D inputs) and RoiAlign (opset 10, and 16's coordinate
// mode). Resize and Upsample stay in DataMovement.cpp.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImportContext.h"

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_import;

namespace {

LogicalResult importGridSample(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)) || failed(requireFloat(nc, 1)))
    return failure();
  if (nc.inputShape(0).size() != 4 || nc.inputShape(1).size() != 4)
    return nc.error() << "only 4-D (NCHW) GridSample is supported";
  // Opset 20 renamed bilinear/bicubic to linear/cubic.
  std::string mode = nc.attrString("mode", "bilinear");
  ResizeMode rm;
  if (mode == "bilinear" || mode == "linear")
    rm = ResizeMode::bilinear;
  else if (mode == "nearest")
    rm = ResizeMode::nearest;
  else if (mode == "bicubic" || mode == "cubic")
    rm = ResizeMode::cubic;
  else
    return nc.error() << "mode '" << mode << "' is not supported";
  std::string padding = nc.attrString("padding_mode", "zeros");
  std::optional<GridPaddingMode> pm = symbolizeGridPaddingMode(padding);
  if (!pm)
    return nc.error() << "padding_mode '" << padding << "' is not supported";
  Value y = result(nc.createInferred<GridSampleOp>(
      {nc.input(0), nc.input(1)},
      {nc.named("mode", ResizeModeAttr::get(nc.context(), rm)),
       nc.named("padding_mode", GridPaddingModeAttr::get(nc.context(), *pm)),
       nc.named("align_corners",
                nc.builder().getBoolAttr(nc.attrInt("align_corners", 0)))}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

LogicalResult importRoiAlign(NodeContext &nc) {
  if (failed(requireFloat(nc, 0)) || failed(requireFloat(nc, 1)))
    return failure();
  int32_t idx = nc.inputElemType(2);
  if (idx != kInt64 && idx != kInt32)
    return nc.error() << "batch_indices must be INT64 or INT32, not "
                      << elemTypeName(idx);
  if (nc.inputShape(0).size() != 4)
    return nc.error() << "only 4-D (NCHW) RoiAlign is supported";
  std::string mode = nc.attrString("mode", "avg");
  std::optional<RoiPoolMode> rm = symbolizeRoiPoolMode(mode);
  if (!rm)
    return nc.error() << "mode '" << mode << "' is not supported";
  // Opset 10 has no coordinate mode: its boxes are output_half_pixel.
  std::string coord =
      nc.opset() < 16
          ? "output_half_pixel"
          : nc.attrString("coordinate_transformation_mode", "half_pixel");
  if (coord != "half_pixel" && coord != "output_half_pixel")
    return nc.error() << "coordinate_transformation_mode '" << coord
                      << "' is not supported";
  int64_t oh = nc.attrInt("output_height", 1),
          ow = nc.attrInt("output_width", 1);
  int64_t ratio = nc.attrInt("sampling_ratio", 0);
  if (oh < 1 || ow < 1)
    return nc.error() << "output_height and output_width must be positive";
  if (ratio < 0)
    return nc.error() << "sampling_ratio must be non-negative";
  Value y = result(nc.createInferred<RoiAlignOp>(
      {nc.input(0), nc.input(1), nc.input(2)},
      {nc.named("mode", RoiPoolModeAttr::get(nc.context(), *rm)),
       nc.namedI64("output_height", oh), nc.namedI64("output_width", ow),
       nc.namedI64("sampling_ratio", ratio),
       nc.namedF32("spatial_scale", nc.attrFloat("spatial_scale", 1.0f)),
       nc.named("aligned", nc.builder().getBoolAttr(coord == "half_pixel"))}));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

} // namespace

void onnx_import::registerSamplingOps(OpRegistry &r) {
  r.add("GridSample", 16, importGridSample);
  r.add("RoiAlign", 10, importRoiAlign);
}

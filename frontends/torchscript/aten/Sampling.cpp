//===- Sampling.cpp - aten bicubic upsampling and grid_sampler ------------===//
//
// upsample_bicubic2d (nndct.resize in cubic mode, PyTorch's A = -0.75) and
// grid_sampler (torch.nn.functional.grid_sample, nndct.grid_sample).
// Nearest and bilinear upsampling stay in DataMovement.cpp.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

LogicalResult upsampleBicubic(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto align = ctx.getBool("align_corners");
  if (failed(x) || failed(align))
    return failure();
  if (ctx.shapeOf(0u).size() != 4)
    return ctx.unsupported("only 4-D (NCHW) resizing is supported");
  MLIRContext *mctx = ctx.builder.getContext();
  // PyTorch's bicubic source index is half_pixel without clamping (its
  // taps clamp to the edge), or align_corners.
  SmallVector<NamedAttribute> attrs{
      attr(ctx, "mode", ResizeModeAttr::get(mctx, ResizeMode::cubic)),
      attr(ctx, "coordinate_mode",
           CoordinateModeAttr::get(mctx, *align ? CoordinateMode::align_corners
                                                : CoordinateMode::half_pixel))};
  // Explicit scale factors define the coordinate mapping in PyTorch.
  SmallVector<float> scales;
  if (ctx.hasArg("scale_factors") && !ctx.isNone("scale_factors")) {
    const TValue &s = ctx.arg("scale_factors");
    if (s.isConstant() && s.value.isDoubleList())
      for (double d : s.value.toDoubleVector())
        scales.push_back(float(d));
  } else if (ctx.hasArg("scales_h") && !ctx.isNone("scales_h") &&
             !ctx.isNone("scales_w")) {
    auto h = ctx.getDouble("scales_h"), w = ctx.getDouble("scales_w");
    if (failed(h) || failed(w))
      return failure();
    scales = {float(*h), float(*w)};
  }
  if (scales.size() == 2 && !*align)
    attrs.push_back(
        attr(ctx, "scales", ctx.builder.getDenseF32ArrayAttr(scales)));
  return createOp<ResizeOp>(ctx, results, {*x}, attrs);
}

/// grid_sampler(input, grid, interpolation_mode, padding_mode,
/// align_corners): modes 0/1/2 are bilinear/nearest/bicubic, paddings
/// zeros/border/reflection.
LogicalResult gridSampler(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u), grid = ctx.tensor(1u);
  auto mode = ctx.getInt("interpolation_mode");
  auto padding = ctx.getInt("padding_mode");
  auto align = ctx.getBool("align_corners");
  if (failed(x) || failed(grid) || failed(mode) || failed(padding) ||
      failed(align))
    return failure();
  if (ctx.shapeOf(0u).size() != 4)
    return ctx.unsupported("only 4-D (NCHW) grid_sample is supported");
  static const ResizeMode modes[] = {ResizeMode::bilinear, ResizeMode::nearest,
                                     ResizeMode::cubic};
  static const GridPaddingMode paddings[] = {GridPaddingMode::zeros,
                                             GridPaddingMode::border,
                                             GridPaddingMode::reflection};
  if (*mode < 0 || *mode > 2)
    return ctx.unsupported("interpolation_mode " + Twine(*mode));
  if (*padding < 0 || *padding > 2)
    return ctx.unsupported("padding_mode " + Twine(*padding));
  MLIRContext *mctx = ctx.builder.getContext();
  return createOp<GridSampleOp>(
      ctx, results, {*x, *grid},
      {attr(ctx, "mode", ResizeModeAttr::get(mctx, modes[*mode])),
       attr(ctx, "padding_mode",
            GridPaddingModeAttr::get(mctx, paddings[*padding])),
       attr(ctx, "align_corners", ctx.builder.getBoolAttr(*align))});
}

} // namespace

void torchscript::registerSamplingConverters(ConverterMap &converters) {
  converters.insert({
      {"aten::upsample_bicubic2d", upsampleBicubic},
      {"aten::grid_sampler", gridSampler},
  });
}

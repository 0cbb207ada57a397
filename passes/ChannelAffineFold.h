//===- ChannelAffineFold.h - fold y*s+t into a layer's parameters -*- C++
//-*-===//
//
// Batch-norm folding, constant-affine folding and target legalization turn
// "a layer, then a per-output-channel affine map" (or "an affine map over
// its input channels, then a layer") into the layer alone with rescaled
// weights and bias. One implementation keeps the parameter naming and the
// per-layout channel arithmetic in one place.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_CHANNELAFFINEFOLD_H
#define NNDCT_PASSES_CHANNELAFFINEFOLD_H

#include "mlir/IR/Operation.h"

#include <functional>
#include <utility>
#include <vector>

namespace mlir::nndct {

/// A per-output-channel affine map: y = x * scale[c] + shift[c].
struct ChannelAffine {
  std::vector<float> scale;
  std::vector<float> shift;
};

/// The same map for every one of `channels` channels.
ChannelAffine uniformAffine(int64_t channels, float scale, float shift);

/// The number of output channels of `layer` (conv2d, conv_transpose2d or
/// linear), or nullopt for another op.
std::optional<int64_t> outputChannels(Operation *layer);

/// Rewrites the constant weights and bias of `layer` (conv2d,
/// conv_transpose2d or linear) so that it computes its old result mapped by
/// `affine` over its output channels, and gives it location `loc`. The
/// parameters keep their names where they can (replaceFloatData), new
/// blobs get `suffix`. Fails, changing nothing, for another op or when the
/// parameters are not constants with data.
LogicalResult foldChannelAffine(Operation *layer, const ChannelAffine &affine,
                                StringRef suffix, Location loc);

/// The number of input channels of `layer` (conv2d: dim 1 of its input;
/// linear: the last), or nullopt for another op.
std::optional<int64_t> inputChannels(Operation *layer);

/// Rewrites the constant weights and bias of `layer` (conv2d or linear) so
/// that it computes on x what it computed on `affine` applied to x over its
/// input channels: W' = W * scale[c_in], b' = b + sum(W * shift[c_in]). A
/// conv that pads computes on zeros where x * scale + shift would not be
/// zero, so it fails for a padding conv with a non-zero shift, as for
/// another op or parameters without data (changing nothing).
LogicalResult foldInputChannelAffine(Operation *layer,
                                     const ChannelAffine &affine,
                                     StringRef suffix, Location loc);

/// Maps a flat index into the weight of `layer` (conv2d of any groups, or
/// linear) to the output channel it feeds and the input channel it reads;
/// null for another op.
std::function<std::pair<int64_t, int64_t>(int64_t)>
weightChannelMap(Operation *layer);

} // namespace mlir::nndct

#endif // NNDCT_PASSES_CHANNELAFFINEFOLD_H

//===- Normalization.cpp - aten group and instance normalization ----------===//
//
// group_norm is nndct.group_norm; instance_norm with input statistics (the
// InstanceNorm default, track_running_stats=False) is a group norm with one
// group per channel, and with running statistics in eval mode it is a batch
// norm. batch_norm and layer_norm live with the other NN ops (NN.cpp).
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

/// An optional per-channel parameter (`weight`/`bias`); null when None.
FailureOr<Value> optionalTensor(NodeContext &ctx, StringRef name) {
  if (ctx.isNone(name))
    return Value();
  return ctx.tensor(name);
}

LogicalResult groupNorm(NodeContext &ctx, int64_t groups, double eps,
                        SmallVectorImpl<Value> &results) {
  auto input = ctx.tensor("input");
  auto scale = optionalTensor(ctx, "weight");
  auto bias = optionalTensor(ctx, "bias");
  if (failed(input) || failed(scale) || failed(bias))
    return failure();
  if (failed(requireFloat(ctx, *input, "normalization")))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf("input");
  if (shape.size() < 2)
    return ctx.unsupported("a " + Twine(shape.size()) +
                           "-D input; normalization needs [N, C, ...]");
  if (groups <= 0 || shape[1] % groups)
    return ctx.unsupported(Twine(groups) + " groups do not divide the " +
                           Twine(shape[1]) + " channels");
  results.push_back(GroupNormOp::create(
      ctx.builder, ctx.loc, ctx.resultType(), *input, *scale, *bias,
      ctx.builder.getI64IntegerAttr(groups), ctx.builder.getF32FloatAttr(eps)));
  return success();
}

/// group_norm(input, num_groups, weight?, bias?, eps, cudnn_enabled).
LogicalResult groupNormOp(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto groups = ctx.getInt("num_groups");
  auto eps = ctx.getDouble("eps");
  if (failed(groups) || failed(eps))
    return failure();
  return groupNorm(ctx, *groups, *eps, results);
}

/// instance_norm(input, weight?, bias?, running_mean?, running_var?,
/// use_input_stats, momentum, eps, cudnn_enabled).
LogicalResult instanceNorm(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto useInputStats = ctx.getBool("use_input_stats");
  auto eps = ctx.getDouble("eps");
  if (failed(useInputStats) || failed(eps))
    return failure();
  SmallVector<int64_t> shape = ctx.shapeOf("input");
  if (shape.size() < 2)
    return ctx.unsupported("a " + Twine(shape.size()) +
                           "-D input; normalization needs [N, C, ...]");
  if (*useInputStats)
    return groupNorm(ctx, shape[1], *eps, results);
  // Running statistics (track_running_stats=True in eval mode): the
  // per-channel affine map of batch norm.
  if (ctx.isNone("running_mean") || ctx.isNone("running_var"))
    return ctx.unsupported("instance_norm without input statistics needs "
                           "running_mean and running_var");
  int64_t c = shape[1];
  auto get = [&](StringRef name, float fill) -> FailureOr<Value> {
    if (ctx.isNone(name))
      return ctx.floatConstant({c}, std::vector<float>(c, fill));
    return ctx.tensor(name);
  };
  auto input = ctx.tensor("input");
  auto w = get("weight", 1.0f), b = get("bias", 0.0f),
       m = get("running_mean", 0.0f), v = get("running_var", 1.0f);
  if (failed(input) || failed(w) || failed(b) || failed(m) || failed(v))
    return failure();
  return createOp<BatchNormOp>(
      ctx, results, {*input, *w, *b, *m, *v},
      {attr(ctx, "epsilon", ctx.builder.getF32FloatAttr(*eps))});
}

} // namespace

void torchscript::registerNormalizationConverters(ConverterMap &converters) {
  converters.insert({
      {"aten::group_norm", groupNormOp},
      {"aten::instance_norm", instanceNorm},
  });
}

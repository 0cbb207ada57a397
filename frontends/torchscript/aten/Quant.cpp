//===- Quant.cpp - aten fake quantization
//-----------------------------------===//
//
// QAT fake quantization whose scale is a power of two and whose range is a
// full signed or unsigned integer range: exactly an nndct.fix.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <iomanip>
#include <sstream>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

namespace {

std::string formatDouble(double v) {
  std::ostringstream os;
  os << std::setprecision(9) << v;
  return os.str();
}

/// QAT fake quantization with a power-of-two scale is exactly a fix.
LogicalResult fakeQuant(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  auto x = ctx.tensor(0u);
  auto scale = ctx.getDouble("scale");
  auto zeroPoint = ctx.getInt("zero_point");
  auto qmin = ctx.getInt("quant_min"), qmax = ctx.getInt("quant_max");
  if (failed(x) || failed(scale) || failed(zeroPoint) || failed(qmin) ||
      failed(qmax))
    return failure();
  int exponent = 0;
  double mantissa = std::frexp(*scale, &exponent);
  if (!(*scale > 0) || mantissa != 0.5)
    return ctx.unsupported("scale " + formatDouble(*scale) +
                           " is not a power of two; nndct fixes need "
                           "scale = 2^-fix_point");
  if (*zeroPoint != 0)
    return ctx.unsupported("zero_point " + Twine(*zeroPoint) +
                           " is not 0; nndct fixes are symmetric");
  int64_t levels = *qmax - *qmin + 1;
  int64_t bits = llvm::Log2_64(uint64_t(std::max<int64_t>(levels, 1)));
  bool isSigned = *qmin < 0;
  bool exact = levels > 1 && (int64_t(1) << bits) == levels &&
               (isSigned ? *qmin == -(int64_t(1) << (bits - 1)) : *qmin == 0);
  if (!exact || bits < 2 || bits > 32)
    return ctx.unsupported("quant range [" + Twine(*qmin) + ", " +
                           Twine(*qmax) +
                           "] is not a full 2..32-bit integer range");
  int64_t fixPoint = 1 - exponent; // scale = 0.5 * 2^exponent = 2^-fixPoint
  MLIRContext *mctx = ctx.builder.getContext();
  return createOp<FixOp>(
      ctx, results, {*x},
      {attr(ctx, "kind", FixKindAttr::get(mctx, FixKind::activation)),
       attr(ctx, "round_mode", RoundModeAttr::get(mctx, RoundMode::half_up)),
       attr(ctx, "bit_width", ctx.builder.getI64IntegerAttr(bits)),
       attr(ctx, "fix_point", ctx.builder.getI64IntegerAttr(fixPoint)),
       attr(ctx, "is_signed", ctx.builder.getBoolAttr(isSigned))});
}

} // namespace

void torchscript::registerQuantConverters(ConverterMap &converters) {
  converters.insert({
      // Quantization.
      {"aten::fake_quantize_per_tensor_affine", fakeQuant},
  });
}

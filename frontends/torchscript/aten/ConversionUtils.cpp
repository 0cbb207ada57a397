//===- ConversionUtils.cpp - typed operands of the aten converters --------===//
//
// The dtype side of ConversionUtils.h: torch's type promotion decides the
// element type a binary op computes in, and operands are materialized or
// cast to it, so comparisons of an int64 index tensor with a Python int, or
// a where() mixing a float tensor with an int scalar, type-check in nndct.
//
//===----------------------------------------------------------------------===//

#include "frontends/torchscript/aten/ConversionUtils.h"

#include "ir/NNDCTOps.h"

#include <ATen/ATen.h>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::torchscript;

Type torchscript::elementTypeFor(MLIRContext *context, at::ScalarType dtype) {
  return tensorTypeFor(context, at::empty({0}, at::TensorOptions(dtype)))
      .getElementType();
}

/// The torch dtype of an nndct element type.
static at::ScalarType dtypeFor(Type elem) {
  if (auto i = dyn_cast<IntegerType>(elem)) {
    switch (i.getWidth()) {
    case 1:
      return at::kBool;
    case 8:
      return i.isUnsigned() ? at::kByte : at::kChar;
    case 16:
      return at::kShort;
    case 32:
      return at::kInt;
    default:
      return at::kLong;
    }
  }
  return at::kFloat;
}

Type torchscript::promotedElementType(NodeContext &ctx, unsigned a,
                                      unsigned b) {
  const c10::IValue &x = ctx.arg(a).value, &y = ctx.arg(b).value;
  at::ScalarType dtype = at::kFloat;
  if (x.isTensor() && y.isTensor())
    dtype = at::result_type(x.toTensor(), y.toTensor());
  else if (x.isTensor() && y.isScalar())
    dtype = at::result_type(x.toTensor(), y.toScalar());
  else if (x.isScalar() && y.isTensor())
    dtype = at::result_type(x.toScalar(), y.toTensor());
  else if (x.isScalar() && y.isScalar())
    dtype = at::result_type(x.toScalar(), y.toScalar());
  return elementTypeFor(ctx.builder.getContext(), dtype);
}

Value torchscript::castTo(NodeContext &ctx, Value v, Type elem) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getElementType() == elem)
    return v;
  return CastOp::create(ctx.builder, ctx.loc, type.clone(elem), v);
}

FailureOr<Value> torchscript::tensorOf(NodeContext &ctx, unsigned i,
                                       Type elem) {
  const TValue &tv = ctx.arg(i);
  if (!tv.isConstant() || !(tv.value.isTensor() || tv.value.isDouble() ||
                            tv.value.isInt() || tv.value.isBool())) {
    auto v = ctx.tensor(i);
    if (failed(v))
      return failure();
    return castTo(ctx, *v, elem);
  }
  // A float tensor constant in f32 is the importer's own materialization
  // (cached per tensor, so shared parameters stay one constant).
  if (elem.isF32() && tv.value.isTensor() &&
      tv.value.toTensor().is_floating_point())
    return ctx.tensor(i);
  at::Tensor t = tv.value.isTensor()
                     ? tv.value.toTensor()
                     : at::scalar_tensor(tv.value.toScalar(), at::kDouble);
  t = t.detach().to(at::kCPU).to(dtypeFor(elem)).contiguous();
  if (elem.isF32()) {
    // Floats go through the importer: parameters keep their blob names.
    TValue converted = tv;
    converted.value = t;
    Value v = ctx.importer.materialize(converted, ctx.loc);
    if (!v)
      return failure();
    return v;
  }
  auto type =
      cast<RankedTensorType>(tensorTypeFor(ctx.builder.getContext(), t));
  at::Tensor ints = t.to(at::kLong).contiguous();
  unsigned width = elem.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  for (int64_t k = 0, e = ints.numel(); k < e; ++k) {
    int64_t x = ints.data_ptr<int64_t>()[k];
    values.push_back(width == 1 ? APInt(1, x != 0)
                                : APInt(width, x, /*isSigned=*/true,
                                        /*implicitTrunc=*/true));
  }
  return Value(ConstantOp::create(ctx.builder, ctx.loc, type,
                                  DenseElementsAttr::get(type, values)));
}

FailureOr<Value> torchscript::tensorOf(NodeContext &ctx, StringRef name,
                                       Type elem) {
  int i = ctx.argIndex(name);
  if (i < 0)
    return ctx.unsupported("missing operand '" + name + "'");
  return tensorOf(ctx, unsigned(i), elem);
}

LogicalResult torchscript::requireFloat(NodeContext &ctx, Value v,
                                        StringRef what) {
  Type elem = cast<RankedTensorType>(v.getType()).getElementType();
  if (isa<FloatType>(elem))
    return success();
  std::string s;
  llvm::raw_string_ostream os(s);
  elem.print(os);
  return ctx.unsupported("a " + Twine(s) + " input; nndct computes " + what +
                         " on float tensors only");
}

FailureOr<SmallVector<int64_t>> torchscript::reductionAxes(NodeContext &ctx,
                                                           StringRef name,
                                                           int64_t rank,
                                                           bool emptyIsAll) {
  SmallVector<int64_t> axes;
  if (!ctx.isNone(name)) {
    auto dims = ctx.getInts(name);
    if (failed(dims))
      return failure();
    for (int64_t d : *dims) {
      // A 0-d tensor reduces over its one (virtual) dimension.
      if (d < -std::max<int64_t>(rank, 1) || d >= std::max<int64_t>(rank, 1))
        return ctx.unsupported("dim " + Twine(d) + " is out of range for a " +
                               Twine(rank) + "-D tensor");
      if (rank > 0)
        axes.push_back(normAxis(d, rank));
    }
  }
  if (axes.empty() && (emptyIsAll || ctx.isNone(name)))
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  return axes;
}

FailureOr<bool> torchscript::keepDim(NodeContext &ctx) {
  if (!ctx.hasArg("keepdim"))
    return false;
  return ctx.getBool("keepdim");
}

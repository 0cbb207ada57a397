//===- FixExport.cpp - nndct.fix to QuantizeLinear/DequantizeLinear -------===//
//
// A fix `q = clamp(round(x * 2^fp), qmin, qmax) * 2^-fp` becomes:
//
// - standard rounding, 8 bits: QuantizeLinear(x, 2^-fp, 0) ->
//   DequantizeLinear(·, 2^-fp, 0), int8 zero point (uint8 when unsigned).
//   ONNX Runtime rounds half-to-even, nndct's activations round half-up:
//   results differ on exact ties.
// - exact rounding: nndct's rounding spelled with standard ops in front of
//   the same Q/DQ pair. For half_up,
//       v = x * 2^fp;  f = Floor(v);  q = f + Cast(v - f >= 0.5);  y = q *
//       2^-fp
//   Every step is exact in float32: scaling by a power of two is exact,
//   Floor is exact, v - f is exact (both are multiples of ulp(v) and the
//   difference is below 1), the comparison and the sum of an integer-valued
//   float and 0 or 1 are exact, and q * 2^-fp is exact for |q| <= 2^24.
//   y is on the fix grid, so QuantizeLinear divides it exactly and never
//   meets a tie: the pair only saturates to [qmin, qmax]. (The shorter
//   Floor(v + 0.5) is NOT exact: v = 0.49999997 gives v + 0.5 = 1 - 2^-25,
//   which float32 rounds to 1.0.) std_round is Sign(v) * half_up(|v|),
//   floor is Floor(v), half_even is QuantizeLinear's own rounding.
//   Constants (weights, bias) are rounded at export time instead: their
//   initializer holds the fake-quantized values, exactly representable, so
//   the Q/DQ pair behind them reproduces them exactly.
// - other bit widths: QuantizeLinear is int8/uint8 only at these opsets, so
//   the fix is Mul, rounding (Round in standard mode), Clip, Mul.
//
//===----------------------------------------------------------------------===//

#include "backends/onnx/ExportContext.h"

#include "ir/ConstantUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_export;

namespace {

class FixConverter {
public:
  FixConverter(ExportContext &ctx, FixOp fix, std::string input)
      : ctx(ctx), fix(fix), input(std::move(input)), base(this->input),
        fp(*fix.getFixPoint()) {}

  LogicalResult run();

private:
  /// `<base>_<what>` node with one output tensor of the same name.
  std::string step(llvm::StringRef type, llvm::StringRef what,
                   const std::vector<std::string> &inputs) {
    std::string name = ctx.uniqueName(base + "_" + what.str());
    ctx.addNode(type, ctx.uniqueNodeName(base + "_" + what.str()), inputs,
                {name});
    return name;
  }

  /// The fix's output tensor (the requested graph output name, if any).
  std::string output() {
    std::string name = ctx.resultName(fix.getResult(), base + "_dequantized");
    ctx.setValueName(fix.getResult(), name);
    return name;
  }

  float scale() const { return static_cast<float>(std::ldexp(1.0, -fp)); }
  float invScale() const { return static_cast<float>(std::ldexp(1.0, fp)); }

  /// QuantizeLinear -> DequantizeLinear of `x` into the fix's output.
  void qdq(const std::string &x) {
    std::string scaleName = ctx.addFloatScalar(base + "_scale", scale());
    std::string zeroName =
        ctx.addZeroPoint(base + "_zero_point", fix.getIsSigned());
    std::string quantized = ctx.uniqueName(base + "_quantized");
    ctx.addNode("QuantizeLinear", ctx.uniqueNodeName(base + "_QuantizeLinear"),
                {x, scaleName, zeroName}, {quantized});
    ctx.addNode("DequantizeLinear",
                ctx.uniqueNodeName(base + "_DequantizeLinear"),
                {quantized, scaleName, zeroName}, {output()});
  }

  /// The integer-valued tensor round(v) with nndct's (exact) or ONNX's
  /// (standard) rounding.
  std::string roundTensor(const std::string &v, Rounding mode) {
    switch (mode) {
    case Rounding::HalfEven:
      return step("Round", "round", {v});
    case Rounding::Floor:
      return step("Floor", "floor", {v});
    case Rounding::HalfUp:
      return halfUp(v);
    case Rounding::StdRound: {
      std::string magnitude = step("Abs", "abs", {v});
      std::string rounded = halfUp(magnitude);
      std::string sign = step("Sign", "sign", {v});
      return step("Mul", "signed", {sign, rounded});
    }
    }
    llvm_unreachable("unknown round mode");
  }

  std::string halfUp(const std::string &v) {
    std::string f = step("Floor", "floor", {v});
    std::string frac = step("Sub", "frac", {v, f});
    std::string half = ctx.addFloatScalar(base + "_half", 0.5f);
    std::string up = step("GreaterOrEqual", "round_up", {frac, half});
    std::string upName = ctx.uniqueName(base + "_round_up_f");
    onnx::NodeProto &cast = ctx.addNode(
        "Cast", ctx.uniqueNodeName(base + "_round_up_f"), {up}, {upName});
    ExportContext::setAttr(cast, "to", int64_t(onnx::TensorProto::FLOAT));
    return step("Add", "rounded", {f, upName});
  }

  LogicalResult constantFix(ConstantOp constant);

  ExportContext &ctx;
  FixOp fix;
  std::string input;
  std::string base;
  int64_t fp;
};

LogicalResult FixConverter::constantFix(ConstantOp constant) {
  // Exact mode: the initializer holds fake-quantized values (named after the
  // parameter), so no run-time rounding can differ from nndct's.
  std::optional<std::vector<float>> values = readFloats(constant.getValue());
  if (!values)
    return constant.emitError(
        "ONNX export: cannot read the data of a quantized constant");
  fixArray(values->data(), values->data(), int64_t(values->size()), fp,
           fix.getRounding(), fix.getRange());
  auto type = cast<RankedTensorType>(constant.getType());
  std::string name =
      resourceName(constant.getValue(), ctx.nodeName(constant) + "_const");
  std::string rounded = ctx.addFloatTensor(name, type.getShape(), *values);
  base = rounded;
  if (fix.getBitWidth() == 8) {
    qdq(rounded);
    return success();
  }
  ctx.addNode("Identity", ctx.uniqueNodeName(base + "_fixed"), {rounded},
              {output()});
  return success();
}

LogicalResult FixConverter::run() {
  if (ctx.exact())
    if (auto constant = fix.getInput().getDefiningOp<ConstantOp>())
      return constantFix(constant);

  bool eightBit = fix.getBitWidth() == 8;
  Rounding mode = fix.getRounding();
  if (eightBit && (!ctx.exact() || mode == Rounding::HalfEven)) {
    qdq(input);
    return success();
  }

  // Explicit arithmetic: exact mode (any width), or a non-8-bit fix.
  std::string v =
      step("Mul", "scaled",
           {input, ctx.addFloatScalar(base + "_inv_scale", invScale())});
  std::string q = roundTensor(v, ctx.exact() ? mode : Rounding::HalfEven);
  if (eightBit) {
    // Back on the grid; the Q/DQ pair saturates and never rounds.
    std::string y = step("Mul", "on_grid",
                         {q, ctx.addFloatScalar(base + "_step", scale())});
    qdq(y);
    return success();
  }
  std::string lo = ctx.addFloatScalar(base + "_qmin",
                                      static_cast<float>(fix.getRange().qmin));
  std::string hi = ctx.addFloatScalar(base + "_qmax",
                                      static_cast<float>(fix.getRange().qmax));
  std::string clipped = step("Clip", "clip", {q, lo, hi});
  std::string scaleName = ctx.addFloatScalar(base + "_scale", scale());
  ctx.addNode("Mul", ctx.uniqueNodeName(base + "_dequantize"),
              {clipped, scaleName}, {output()});
  return success();
}

} // namespace

LogicalResult onnx_export::exportFix(ExportContext &ctx, FixOp fix) {
  // Exact mode rounds quantized constants at export time: the float
  // original is never emitted.
  if (ctx.exact() && fix.getFixPoint())
    if (auto constant = fix.getInput().getDefiningOp<ConstantOp>())
      return FixConverter(ctx, fix, ctx.nodeName(constant)).run();
  FailureOr<std::string> input = ctx.valueName(fix.getInput(), fix);
  if (failed(input))
    return failure();
  if (!fix.getFixPoint()) {
    // Not quantized (no fix point yet): the identity.
    if (!ctx.requestedName(fix.getResult()).empty()) {
      std::string out = ctx.resultName(fix.getResult(), *input);
      ctx.addNode("Identity", ctx.uniqueNodeName(*input + "_identity"),
                  {*input}, {out});
      ctx.setValueName(fix.getResult(), out);
    } else {
      ctx.setValueName(fix.getResult(), *input);
    }
    return success();
  }
  return FixConverter(ctx, fix, *input).run();
}

//===- CustomOps.cpp - CPU ops XIR has no op for, as XIR custom ops -------===//
//
// XIR 2.5 has a fixed op set; Vitis AI's answer for a CPU op outside it is
// a custom op: an op of a type XIR does not define, with the `shape` and
// `data_type` of its output as attributes and its inputs under `input`,
// which the runtime executes through a user-registered CPU implementation.
// nndct writes every CPU-placed op that OpConversions cannot express that
// way, type `nndct_<mnemonic>`, with the op's attributes, inputs in the IR's
// own dimension order (NCHW, not XIR's NHWC), so the file is complete and
// the custom op computes exactly what the nndct op does.
//
// whyNoXirOp states, per op kind, why no XIR op stands for it. An nndct op
// with neither a conversion nor a stated reason is an exporter bug, which
// test/unit/OpCompletenessTest.cpp catches for every op of the dialect.
//
//===----------------------------------------------------------------------===//

#include "backends/xmodel/CustomOps.h"
#include "backends/xmodel/XModelInternal.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include "xir/util/tool_function.hpp"

#include <glog/logging.h>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::xmodel;

std::optional<std::string> xmodel::whyNoXirOp(Operation *op) {
  std::string name = op->getName().stripDialect().str();
  auto none = [&](StringRef what) -> std::optional<std::string> {
    return ("XIR 2.5 has no " + what + " op").str();
  };
  return llvm::TypeSwitch<Operation *, std::optional<std::string>>(op)
      .Case<PowOp, SqrtOp, LogOp, ErfOp, FloorOp, CeilOp, RoundOp, AbsOp,
            SignOp, ReciprocalOp, SinOp, CosOp, TanOp, AsinOp, AcosOp, AtanOp,
            SinhOp, CoshOp, AsinhOp, AcoshOp, AtanhOp, ModOp>(
          [&](auto) { return none("elementwise " + name); })
      .Case<ThresholdedReluOp, SoftplusOp, SoftsignOp, ShrinkOp, LogSoftmaxOp,
            HardmaxOp>([&](auto) { return none(name + " activation"); })
      .Case<LayerNormOp, GroupNormOp, LRNOp>(
          [&](auto) { return none(name + " normalization"); })
      .Case<ReduceMinOp, ReduceL1Op, ReduceL2Op, ReduceLogSumOp,
            ReduceLogSumExpOp, ReduceSumSquareOp>(
          [&](auto) { return none(name + " reduction"); })
      .Case<ArgMaxOp, ArgMinOp, TopKOp, CumSumOp, GatherOp, GatherElementsOp,
            GatherNDOp, ScatterNDOp, ScatterElementsOp, OneHotOp, TriluOp,
            WhereOp, ExpandOp, TileOp>(
          [&](auto) { return none(name + " (indexing or selection)"); })
      .Case<EqualOp, GreaterOp, GreaterEqualOp, LessOp, LessEqualOp,
            LogicalAndOp, LogicalOrOp, LogicalXorOp, LogicalNotOp, IsNaNOp,
            IsInfOp, CastOp>([&](auto) {
        return std::optional<std::string>(
            name + " computes a boolean or integer tensor; XIR 2.5's float "
                   "graphs have no comparison, logic or cast ops");
      })
      .Case<MaxPool3DOp, AvgPool3DOp, MaxPool2DWithIndicesOp, MaxUnpool2DOp,
            GridSampleOp, RoiAlignOp>([&](auto) { return none(name); })
      .Case<Conv3DOp, ConvTranspose3DOp>([&](auto) {
        return std::optional<std::string>(
            "3-D convolutions run on the CPU (no target has a 3-D engine); "
            "nndct does not map them to XIR's conv3d");
      })
      .Default([](Operation *) { return std::nullopt; });
}

namespace {

/// XIR attribute names a custom op's definition reserves.
bool reserved(StringRef name) { return name == "shape" || name == "data_type"; }

/// `#nndct.resize_mode<nearest>` → "nearest"; other attributes as printed.
std::string printed(Attribute attr) {
  std::string text;
  llvm::raw_string_ostream(text) << attr;
  size_t open = text.find('<');
  if (text.rfind('#', 0) == 0 && open != std::string::npos &&
      text.back() == '>')
    return text.substr(open + 1, text.size() - open - 2);
  return text;
}

/// Sets `attr` on `attrs` as the closest XIR attribute type.
void setAttr(xir::Attrs &attrs, const std::string &name, Attribute attr) {
  if (auto b = dyn_cast<BoolAttr>(attr))
    return (void)attrs.set_attr<bool>(name, b.getValue());
  if (auto i = dyn_cast<IntegerAttr>(attr))
    return (void)attrs.set_attr<std::int64_t>(name, i.getInt());
  if (auto f = dyn_cast<FloatAttr>(attr))
    return (void)attrs.set_attr<double>(name, f.getValueAsDouble());
  if (auto s = dyn_cast<StringAttr>(attr))
    return (void)attrs.set_attr<std::string>(name, s.str());
  if (auto a = dyn_cast<DenseI64ArrayAttr>(attr))
    return (void)attrs.set_attr<std::vector<std::int64_t>>(
        name, std::vector<std::int64_t>(a.asArrayRef().begin(),
                                        a.asArrayRef().end()));
  if (auto a = dyn_cast<DenseF32ArrayAttr>(attr))
    return (void)attrs.set_attr<std::vector<float>>(
        name, std::vector<float>(a.asArrayRef().begin(), a.asArrayRef().end()));
  if (auto a = dyn_cast<DenseBoolArrayAttr>(attr))
    return (void)attrs.set_attr<std::vector<bool>>(
        name, std::vector<bool>(a.asArrayRef().begin(), a.asArrayRef().end()));
  if (auto a = dyn_cast<ArrayAttr>(attr)) {
    std::vector<std::string> items;
    for (Attribute item : a)
      items.push_back(printed(item));
    return (void)attrs.set_attr<std::vector<std::string>>(name, items);
  }
  attrs.set_attr<std::string>(name, printed(attr));
}

/// Defines the custom op type in libxir once, quietly: libxir would define
/// it on first use with a warning per op telling the caller to do what this
/// exporter does anyway (set `shape` and `data_type`).
void defineCustomType(const std::string &type, StringRef node) {
  static llvm::StringSet<> defined;
  if (!defined.insert(type).second)
    return;
  int level = FLAGS_minloglevel;
  FLAGS_minloglevel = google::GLOG_ERROR;
  xir::register_customized_operator_definition(node.str(), type);
  FLAGS_minloglevel = level;
}

} // namespace

LogicalResult xmodel::convertToCustomOp(GraphBuilder &builder, Operation *op) {
  std::string type = ("nndct_" + op->getName().stripDialect()).str();
  std::string node = GraphBuilder::nodeName(op);
  defineCustomType(type, node);
  std::vector<xir::Op *> inputs;
  for (Value v : op->getOperands()) {
    int64_t rank = cast<RankedTensorType>(v.getType()).getRank();
    FailureOr<xir::Op *> in = builder.get(v, logicalLayout(rank), op);
    if (failed(in))
      return failure();
    inputs.push_back(*in);
  }
  for (OpResult result : op->getResults()) {
    auto resultType = cast<RankedTensorType>(result.getType());
    auto attrs = xir::Attrs::create();
    Layout layout = logicalLayout(resultType.getRank());
    SmallVector<int64_t> shape = permuteShape(resultType.getShape(), layout);
    attrs->set_attr<std::vector<std::int32_t>>(
        "shape", std::vector<std::int32_t>(shape.begin(), shape.end()));
    // XIR's float graphs hold every tensor as FLOAT32 (its data ops too).
    attrs->set_attr<std::string>("data_type", "FLOAT32");
    for (NamedAttribute a : op->getAttrs()) {
      StringRef name = a.getName().strref();
      // Structural attributes and nndct's own annotations (placement).
      if (name.contains('.') || name.ends_with("SegmentSizes"))
        continue;
      setAttr(*attrs, reserved(name) ? "attr_" + name.str() : name.str(),
              a.getValue());
    }
    std::string suffix;
    if (op->getNumResults() > 1) {
      // One XIR op per result, each computing the op and giving result i.
      attrs->set_attr<std::int64_t>("nndct_result", result.getResultNumber());
      suffix = "_" + std::to_string(result.getResultNumber());
    }
    if (failed(builder.create(op, result, type, std::move(attrs),
                              {{"input", inputs}}, layout, suffix)))
      return failure();
  }
  return success();
}

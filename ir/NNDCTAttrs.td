//===- NNDCTAttrs.td - nndct attributes and enums ----------*- tablegen -*-===//
//
// Enumerations (rounding, fix kinds, devices, resize modes), the target
// attribute and the calibration statistics attribute stored on `nndct.fix`.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_ATTRS_TD
#define NNDCT_ATTRS_TD

include "ir/NNDCTDialect.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def NNDCT_RoundModeEnum : I32EnumAttr<"RoundMode", "rounding of x * 2^fp", [
    I32EnumAttrCase<"half_up", 0>,    // XIR DPU_ROUND: ties toward +inf
    I32EnumAttrCase<"std_round", 1>,  // XIR STD_ROUND: ties away from zero
    I32EnumAttrCase<"half_even", 2>,  // XIR PY3_ROUND, ONNX QuantizeLinear
    I32EnumAttrCase<"floor", 3>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_RoundModeAttr : EnumAttr<NNDCT_Dialect, NNDCT_RoundModeEnum, "round_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def NNDCT_FixKindEnum : I32EnumAttr<"FixKind", "what a fix quantizes", [
    I32EnumAttrCase<"input", 0>,       // network input or QuantStub output
    I32EnumAttrCase<"activation", 1>,  // output of a quant group
    I32EnumAttrCase<"weight", 2>,
    I32EnumAttrCase<"bias", 3>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_FixKindAttr : EnumAttr<NNDCT_Dialect, NNDCT_FixKindEnum, "fix_kind"> {
  let assemblyFormat = "`<` $value `>`";
}

def NNDCT_DeviceEnum : I32EnumAttr<"Device", "where a region executes", [
    I32EnumAttrCase<"npu", 0>,
    I32EnumAttrCase<"cpu", 1>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_DeviceAttr : EnumAttr<NNDCT_Dialect, NNDCT_DeviceEnum, "device"> {
  let assemblyFormat = "`<` $value `>`";
}

def NNDCT_CpuReasonEnum : I32EnumAttr<"CpuReason",
    "why nndct-place-ops put an op on the CPU", [
    I32EnumAttrCase<"outside_region", 0>,   // not in a quantized region
    I32EnumAttrCase<"float_op", 1>,         // no integer form (Float role)
    I32EnumAttrCase<"no_npu_kernel", 2>,    // the target has no kernel for it
    I32EnumAttrCase<"kernel_size", 3>,
    I32EnumAttrCase<"stride", 4>,
    I32EnumAttrCase<"dilation", 5>,
    I32EnumAttrCase<"padding", 6>,
    I32EnumAttrCase<"groups", 7>,
    I32EnumAttrCase<"channels", 8>,
    I32EnumAttrCase<"memory", 9>,           // weights exceed the bank depth
    I32EnumAttrCase<"attribute", 10>,       // an attribute value the kernel lacks
    I32EnumAttrCase<"unfused_activation", 11>, // runs only fused, producer cannot
    I32EnumAttrCase<"fragment", 12>,        // NPU island not worth a transfer
    I32EnumAttrCase<"kept_float", 13>]> {   // not quantized (nndct-keep-float)
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}

def NNDCT_ResizeModeEnum : I32EnumAttr<"ResizeMode", "interpolation", [
    I32EnumAttrCase<"nearest", 0>,
    I32EnumAttrCase<"bilinear", 1>,
    I32EnumAttrCase<"cubic", 2>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_ResizeModeAttr : EnumAttr<NNDCT_Dialect, NNDCT_ResizeModeEnum, "resize_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def NNDCT_CoordinateModeEnum : I32EnumAttr<"CoordinateMode",
    "how output coordinates map to input coordinates (ONNX names)", [
    I32EnumAttrCase<"half_pixel", 0>,
    I32EnumAttrCase<"pytorch_half_pixel", 1>,
    I32EnumAttrCase<"align_corners", 2>,
    I32EnumAttrCase<"asymmetric", 3>,
    I32EnumAttrCase<"tf_crop_and_resize", 4>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_CoordinateModeAttr : EnumAttr<NNDCT_Dialect, NNDCT_CoordinateModeEnum,
                                        "coordinate_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def NNDCT_NearestModeEnum : I32EnumAttr<"NearestMode",
    "rounding of the source coordinate in nearest resize", [
    I32EnumAttrCase<"floor", 0>,
    I32EnumAttrCase<"ceil", 1>,
    I32EnumAttrCase<"round_prefer_floor", 2>,
    I32EnumAttrCase<"round_prefer_ceil", 3>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_NearestModeAttr : EnumAttr<NNDCT_Dialect, NNDCT_NearestModeEnum,
                                     "nearest_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def NNDCT_PadModeEnum : I32EnumAttr<"PadMode", "padding fill", [
    I32EnumAttrCase<"constant", 0>,
    I32EnumAttrCase<"reflect", 1>,
    I32EnumAttrCase<"edge", 2>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_PadModeAttr : EnumAttr<NNDCT_Dialect, NNDCT_PadModeEnum, "pad_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

// Sampling ops (grid_sample, roi_align).

def NNDCT_GridPaddingModeEnum : I32EnumAttr<"GridPaddingMode",
    "what grid_sample reads outside the input (ONNX names)", [
    I32EnumAttrCase<"zeros", 0>,
    I32EnumAttrCase<"border", 1>,
    I32EnumAttrCase<"reflection", 2>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_GridPaddingModeAttr : EnumAttr<NNDCT_Dialect, NNDCT_GridPaddingModeEnum,
                                         "grid_padding_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def NNDCT_RoiPoolModeEnum : I32EnumAttr<"RoiPoolMode",
    "how roi_align pools the samples of a bin", [
    I32EnumAttrCase<"avg", 0>,
    I32EnumAttrCase<"max", 1>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_RoiPoolModeAttr : EnumAttr<NNDCT_Dialect, NNDCT_RoiPoolModeEnum,
                                     "roi_pool_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def NNDCT_GeluApproxEnum : I32EnumAttr<"GeluApproximation", "gelu formula", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::mlir::nndct";
  let genSpecializedAttr = 0;
}
def NNDCT_GeluApproxAttr : EnumAttr<NNDCT_Dialect, NNDCT_GeluApproxEnum,
                                    "gelu_approximation"> {
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

/// An f64 stored as APFloat (hashable), printed and parsed as a plain float.
class NNDCT_F64Parameter<string desc> : APFloatParameter<desc> {
  let parser = [{ ::mlir::nndct::parseF64($_parser) }];
  let printer = [{ $_printer.printFloat($_self) }];
}

/// An optional list of integers written `[1, 2, 3]`.
class NNDCT_I64ListParameter<string desc> : OptionalArrayRefParameter<"int64_t", desc> {
  let parser = [{ ::mlir::nndct::parseI64List($_parser) }];
  let printer = [{ ::mlir::nndct::printI64List($_printer, $_self) }];
}

/// An optional list of doubles written `[1.5, 2.0e-03]` (exact round trip).
class NNDCT_F64ListParameter<string desc> : OptionalArrayRefParameter<"::llvm::APFloat", desc> {
  let parser = [{ ::mlir::nndct::parseF64List($_parser) }];
  let printer = [{ ::mlir::nndct::printF64List($_printer, $_self) }];
}

class NNDCT_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<NNDCT_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def NNDCT_TargetAttr : NNDCT_Attr<"Target", "target"> {
  let summary = "The hardware target a module is compiled for";
  let description = [{
    Names a target known to nndct's target registry (`ir/TargetModel.h`).
    The verifier rejects unknown names and lists the known ones; the target
    model it selects holds the target's engine limits and fix-point rules.

    ```mlir
    module attributes {nndct.target = #nndct.target<"AMD_AIE2_Nx4_Overlay_cfg0">} {}
    ```
  }];
  let parameters = (ins StringRefParameter<"target name">:$name);
  let assemblyFormat = "`<` $name `>`";
  let genVerifyDecl = 1;
}

def NNDCT_PlacementAttr : NNDCT_Attr<"Placement", "placement"> {
  let summary = "Where one op runs, and why (nndct-place-ops)";
  let description = [{
    Set on every op of the entry function by `nndct-place-ops` under the key
    `nndct.placement`. `device` is `npu` or `cpu`; an NPU op names its
    `engine` (conv, depthwise_conv, transposed_conv, eltwise, pool,
    activation, data_movement); a CPU op gives a `reason` code and a
    `message` naming the limit. `subgraph` numbers the device subgraphs:
    ops with the same number run together, and the subgraphs form an
    acyclic graph, so the xmodel exporter writes one XIR subgraph each.

    ```mlir
    #nndct.placement<device = npu, engine = "conv", subgraph = 0>
    #nndct.placement<device = cpu, reason = kernel_size,
                     message = "conv2d kernel 11x11: the conv engine takes 1-8",
                     subgraph = 1>
    ```
  }];
  let parameters = (ins
    EnumParameter<NNDCT_DeviceEnum>:$device,
    StringRefParameter<"engine (NPU ops)", "\"\"">:$engine,
    OptionalParameter<"std::optional<CpuReason>", "why on the CPU">:$reason,
    StringRefParameter<"the reason in words", "\"\"">:$message,
    "int64_t":$subgraph);
  let assemblyFormat = "`<` struct(params) `>`";
}

def NNDCT_ShiftsAttr : NNDCT_Attr<"Shifts", "shifts"> {
  let summary = "The shifts an NPU op executes (nndct-legalize-fix-points)";
  let description = [{
    Set under the key `nndct.shifts` on each NPU op the target has shift
    rules for, from its fix points (i, w, b, o: input, weight, bias,
    output; docs/numerics.md): `cut` = w + i - o and `bias` = w + i - b for
    conv-like ops, `read` = max(i) - min(i) and `write` = min(i) - o for
    add and sub, `write` = sum(i) - o for mul. They restate the fix points
    in the device's terms (like `tosa.rescale`'s shift) and must agree with
    them, which nndct-verify-target checks with the target's ranges.

    ```mlir
    #nndct.shifts<cut = 9, bias = 3>
    #nndct.shifts<read = 1, write = -1>
    ```
  }];
  let parameters = (ins
    OptionalParameter<"std::optional<int64_t>", "w + i - o">:$cut,
    OptionalParameter<"std::optional<int64_t>", "w + i - b">:$bias,
    OptionalParameter<"std::optional<int64_t>", "max(i) - min(i)">:$read,
    OptionalParameter<"std::optional<int64_t>", "min(i) - o or sum(i) - o">:$write);
  let assemblyFormat = "`<` struct(params) `>`";
}

def NNDCT_CalibStatsAttr : NNDCT_Attr<"CalibStats", "calib_stats"> {
  let summary = "Calibration statistics gathered for one fix";
  let description = [{
    What `nndct-calibrate` observed for a tensor, kept in the IR so fix points
    can be re-derived without re-reading data:

    - `min`, `max`: the running extrema over all data seen;
    - `batch_fix_points`: one candidate fix point per calibration batch
      (for the `diffs`/`maxmin` modal vote), in batch order;
    - `hist_amax`, `histogram`: a histogram of |x| over [0, hist_amax] for
      the histogram methods (empty when not collected);
    - `samples`: how many tensors were observed;
    - `error_fix_point`, `errors`: the squared quantization error summed
      over all data at fix points `error_fix_point`, `error_fix_point + 1`,
      ... (from 12 coarser than the non-overflow fix point, where every
      value rounds to zero and the error is the energy sum x^2, to 12
      finer), so nndct-legalize-fix-points can trade fix points without
      the data.

    ```mlir
    #nndct.calib_stats<method = "diffs", samples = 4, min = -1.5, max = 2.25,
                       batch_fix_points = [5, 5, 6, 5]>
    ```
  }];
  let parameters = (ins
    StringRefParameter<"calibration method">:$method,
    "int64_t":$samples,
    NNDCT_F64Parameter<"smallest value seen">:$min,
    NNDCT_F64Parameter<"largest value seen">:$max,
    NNDCT_I64ListParameter<"per-batch fix points">:$batch_fix_points,
    NNDCT_F64Parameter<"histogram range [0, hist_amax]">:$hist_amax,
    NNDCT_I64ListParameter<"bin counts">:$histogram,
    OptionalParameter<"std::optional<int64_t>", "first fix point of `errors`">:$error_fix_point,
    NNDCT_F64ListParameter<"squared error at each candidate fix point">:$errors);
  let assemblyFormat = [{
    `<` struct(params) `>`
  }];
}

#endif // NNDCT_ATTRS_TD

//===- NNDCTOps.td - nndct operations ----------------------*- tablegen -*-===//
//
// Every op of the nndct dialect. Compute ops are float and NCHW; weights are
// OIHW (conv_transpose2d: IOHW as in ONNX and PyTorch). Shapes are static.
// Where a result type is derivable it is inferred (InferTypeOpAdaptor) and
// the verifier checks that the written type equals the inferred one.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_OPS_TD
#define NNDCT_OPS_TD

include "ir/NNDCTAttrs.td"
include "ir/QuantOpInterface.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def NNDCT_Float : AnyTypeOf<[F32, F16, BF16]>;
/// A static-shaped float tensor: what compute ops consume and produce.
def NNDCT_FloatTensor : StaticShapeTensorOf<[NNDCT_Float]>;
/// Any static-shaped tensor: data-movement ops also carry integer tensors.
def NNDCT_Tensor : StaticShapeTensorOf<[AnyType]>;
def NNDCT_Tensor4D : 4DTensorOf<[NNDCT_Float]>;
def NNDCT_IntTensor : StaticShapeTensorOf<[I8, UI8, I16, UI16, I32, SI8, SI32]>;
/// Element types arithmetic accepts: float, and the ONNX integer types
/// (signed ones signless, as the importers write them).
def NNDCT_Number : AnyTypeOf<[NNDCT_Float, I8, UI8, I16, UI16, I32, UI32, I64,
                              UI64]>;
def NNDCT_NumTensor : StaticShapeTensorOf<[NNDCT_Number]>;
def NNDCT_BoolTensor : StaticShapeTensorOf<[I1]>;
/// Gather/scatter indices (ONNX allows int32 and int64).
def NNDCT_IndexTensor : StaticShapeTensorOf<[I32, I64]>;
/// GatherND/ScatterND indices (int64 only in ONNX).
def NNDCT_I64Tensor : StaticShapeTensorOf<[I64]>;
/// Max pooling also runs on int8/uint8 tensors (ONNX MaxPool).
def NNDCT_PoolTensor4D : 4DTensorOf<[NNDCT_Float, I8, UI8]>;

// A 64-bit integer attribute read back as `int64_t`: upstream's I64Attr
// returns `uint64_t`, which turns every negative value (fix points, axis -1)
// into a huge positive one in C++.
def NNDCT_I64Attr : TypedSignlessIntegerAttrBase<
    I64, "int64_t", "64-bit signless integer attribute (read as int64_t)"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

def NNDCT_Pair : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;
def NNDCT_Quad : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>;

/// Every nndct op states its quantization role (ir/QuantOpInterface.td).
class NNDCT_Op<string mnemonic, list<Trait> traits = []>
    : Op<NNDCT_Dialect, mnemonic, traits # [NNDCT_QuantOpInterface]>;

/// Pure op whose result type is inferred from operands and attributes.
class NNDCT_InferOp<string mnemonic, list<Trait> traits = []>
    : NNDCT_Op<mnemonic, traits # [Pure, InferTypeOpAdaptor]>;

//===----------------------------------------------------------------------===//
// Constants and markers
//===----------------------------------------------------------------------===//

def NNDCT_ConstantOp : NNDCT_Op<"constant",
    [NNDCT_ConstantRole, ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "A constant tensor (weights, biases, folded shapes)";
  let description = [{
    Holds a tensor value. Importers store weights as `dense_resource` blobs so
    large models print and parse without giant literals; small constants may
    be plain `dense` literals.

    ```mlir
    %w = nndct.constant dense_resource<conv1.weight> : tensor<16x3x3x3xf32>
    %b = nndct.constant dense<0.0> : tensor<16xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def NNDCT_QuantStubOp : NNDCT_Op<"quant_stub", [NNDCT_InputRole, NNDCT_ValuePreserving, Pure, SameOperandsAndResultType]> {
  let summary = "Start of a quantized region (torch QuantStub)";
  let description = [{
    Marks the point where float data enters a quantized region. Everything
    reachable from a quant_stub without crossing a `dequant_stub` is
    quantized (`nndct-partition-quant-regions`). Its output is fixed with the
    non-overflow fix point.

    ```mlir
    %q = nndct.quant_stub %x : tensor<1x3x32x32xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def NNDCT_DequantStubOp : NNDCT_Op<"dequant_stub", [NNDCT_StructuralRole, NNDCT_ValuePreserving, Pure, SameOperandsAndResultType]> {
  let summary = "End of a quantized region (torch DeQuantStub)";
  let description = [{
    Marks where quantized data returns to float.

    ```mlir
    %f = nndct.dequant_stub %y : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def NNDCT_FixOp : NNDCT_Op<"fix", [NNDCT_StructuralRole, Pure, SameOperandsAndResultType]> {
  let summary = "Power-of-two fake quantization (XIR fix, vai fix_neuron)";
  let description = [{
    `q = clamp(round(x * 2^fix_point), qmin, qmax); out = q * 2^-fix_point`,
    with `[qmin, qmax] = [-2^(bits-1), 2^(bits-1)-1]` when signed and
    `[0, 2^bits - 1]` otherwise. `round` is one of `half_up` (XIR DPU_ROUND,
    activations), `std_round` (weights, bias), `half_even`, `floor`.

    `fix_point` is absent until `nndct-assign-fix-points` sets it; an unset fix
    is the identity. `kind` says what is quantized (it selects calibration and
    rounding rules). `stats` holds the calibration statistics.

    ```mlir
    %0 = nndct.fix %x kind <activation> round <half_up> bits 8 : tensor<1x16x8x8xf32>
    %1 = nndct.fix %w kind <weight> round <std_round> bits 8 fp 7 : tensor<16x3x3x3xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input,
                       NNDCT_FixKindAttr:$kind,
                       NNDCT_RoundModeAttr:$round_mode,
                       ConfinedAttr<NNDCT_I64Attr, [IntMinValue<2>, IntMaxValue<32>]>:$bit_width,
                       OptionalAttr<NNDCT_I64Attr>:$fix_point,
                       DefaultValuedAttr<BoolAttr, "true">:$is_signed,
                       OptionalAttr<NNDCT_CalibStatsAttr>:$stats);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = [{
    $input `kind` $kind `round` $round_mode `bits` $bit_width
    (`fp` $fix_point^)? attr-dict `:` type($output)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The fix points whose scale 2^-fp is a normal float32 with room for
    /// every product of two scales; anything beyond is nonsense input.
    static constexpr int64_t kMinFixPoint = -64, kMaxFixPoint = 64;
    /// The integer range, in the terms of ir/numerics.
    FixRange getRange() { return fixRange(getBitWidth(), getIsSigned()); }
    /// The rounding, in the terms of ir/numerics (the one translation of
    /// the IR's round_mode).
    Rounding getRounding();
  }];
}

def NNDCT_QuantizeLinearOp : NNDCT_Op<"quantize_linear",
    [NNDCT_ForbiddenRole<"it is already quantized (affine QDQ)">, Pure]> {
  let summary = "ONNX QuantizeLinear (affine, per-tensor or per-axis)";
  let description = [{
    `q = saturate(round_half_even(x / scale) + zero_point)`. Imported from
    already-quantized ONNX models; `scale` and `zero_point` are 0-D or 1-D
    tensors, 1-D along `axis`.

    ```mlir
    %q = nndct.quantize_linear %x, %s, %z {axis = 1 : i64}
        : (tensor<1x4xf32>, tensor<f32>, tensor<i8>) -> tensor<1x4xi8>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input, NNDCT_FloatTensor:$scale,
                       NNDCT_IntTensor:$zero_point,
                       DefaultValuedAttr<NNDCT_I64Attr, "1">:$axis);
  let results = (outs NNDCT_IntTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NNDCT_DequantizeLinearOp : NNDCT_Op<"dequantize_linear",
    [NNDCT_ForbiddenRole<"it is already quantized (affine QDQ)">, Pure]> {
  let summary = "ONNX DequantizeLinear";
  let description = [{
    `x = (q - zero_point) * scale`.

    ```mlir
    %x = nndct.dequantize_linear %q, %s, %z
        : (tensor<1x4xi8>, tensor<f32>, tensor<i8>) -> tensor<1x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_IntTensor:$input, NNDCT_FloatTensor:$scale,
                       NNDCT_IntTensor:$zero_point,
                       DefaultValuedAttr<NNDCT_I64Attr, "1">:$axis);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Regions
//===----------------------------------------------------------------------===//

def NNDCT_RegionOp : NNDCT_Op<"region", [NNDCT_StructuralRole,
    RecursiveMemoryEffects, SingleBlock,
    SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "A quantized part of the graph";
  let description = [{
    Groups ops that are quantized together and deployed as one subgraph. The
    body uses values from above directly (it is not isolated); the values it
    yields are the region's results. Which device runs each op is the op's
    `nndct.placement` (nndct-place-ops), not the region's.

    ```mlir
    %r = nndct.region "quant_0" {
      %c = nndct.relu %x : tensor<1x8xf32>
      nndct.yield %c : tensor<1x8xf32>
    } : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins StrAttr:$sym_name);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name attr-dict-with-keyword $body `:` type($results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The terminator of the body.
    YieldOp getYield();
  }];
}

def NNDCT_YieldOp : NNDCT_Op<"yield", [NNDCT_StructuralRole, Pure, Terminator, ReturnLike,
                                       HasParent<"RegionOp">]> {
  let summary = "Returns values from an nndct.region";
  let description = [{
    ```mlir
    nndct.yield %a, %b : tensor<1x8xf32>, tensor<1x4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let builders = [OpBuilder<(ins), [{ build($_builder, $_state, ValueRange()); }]>];
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

//===----------------------------------------------------------------------===//
// Convolution and dense ops
//===----------------------------------------------------------------------===//

def NNDCT_Conv2DOp : NNDCT_InferOp<"conv2d", [NNDCT_ComputeRole, NNDCT_HasBiasOperand]> {
  let summary = "2-D convolution (grouped, dilated; depthwise when groups == C)";
  let description = [{
    input `[N, C, H, W]`, weight `[O, C/groups, KH, KW]`, optional bias `[O]`.
    `pads` is `[top, left, bottom, right]`.
    `OH = (H + top + bottom - dh*(KH-1) - 1) / sh + 1`.

    ```mlir
    %y = nndct.conv2d %x, %w, %b {strides = array<i64: 2, 2>,
                                  pads = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
        -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor4D:$input, NNDCT_Tensor4D:$weight,
                       Optional<1DTensorOf<[NNDCT_Float]>>:$bias,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Quad, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$dilations,
                       DefaultValuedAttr<NNDCT_I64Attr, "1">:$groups);
  let results = (outs NNDCT_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// True when every input channel has its own filter (groups == C == O).
    bool isDepthwise();
  }];
}

def NNDCT_ConvTranspose2DOp : NNDCT_InferOp<"conv_transpose2d", [NNDCT_ComputeRole, NNDCT_HasBiasOperand]> {
  let summary = "2-D transposed convolution";
  let description = [{
    input `[N, C, H, W]`, weight `[C, O/groups, KH, KW]`, optional bias `[O]`.
    `OH = (H-1)*sh - top - bottom + dh*(KH-1) + output_padding_h + 1`.

    ```mlir
    %y = nndct.conv_transpose2d %x, %w {strides = array<i64: 2, 2>}
        : (tensor<1x8x4x4xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor4D:$input, NNDCT_Tensor4D:$weight,
                       Optional<1DTensorOf<[NNDCT_Float]>>:$bias,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Quad, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$dilations,
                       DefaultValuedAttr<NNDCT_Pair, "{0, 0}">:$output_padding,
                       DefaultValuedAttr<NNDCT_I64Attr, "1">:$groups);
  let results = (outs NNDCT_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_LinearOp : NNDCT_InferOp<"linear", [NNDCT_ComputeRole, NNDCT_HasBiasOperand]> {
  let summary = "Fully connected layer: y = x * W^T + b";
  let description = [{
    input `[..., K]`, weight `[M, K]` (PyTorch layout), optional bias `[M]`;
    result `[..., M]`. ONNX Gemm imports to this op.

    ```mlir
    %y = nndct.linear %x, %w, %b
        : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input, 2DTensorOf<[NNDCT_Float]>:$weight,
                       Optional<1DTensorOf<[NNDCT_Float]>>:$bias);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_MatMulOp : NNDCT_InferOp<"matmul", [NNDCT_ComputeRole]> {
  let summary = "Matrix product with numpy semantics (batch broadcast, 1-D promotion)";
  let description = [{
    ```mlir
    %y = nndct.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$lhs, NNDCT_FloatTensor:$rhs);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops (numpy broadcasting)
//===----------------------------------------------------------------------===//

class NNDCT_BinaryOp<string mnemonic, string what, list<Trait> traits = []>
    : NNDCT_InferOp<mnemonic, traits # [ResultsBroadcastableShape]> {
  let summary = "Elementwise " # what # " with numpy broadcasting";
  let description = [{
    Shapes broadcast right-aligned; a dimension of 1 stretches.

    ```mlir
    %y = nndct.}] # mnemonic # [{ %a, %b
        : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_NumTensor:$lhs, NNDCT_NumTensor:$rhs);
  let results = (outs NNDCT_NumTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

// add, mul, div and reshape canonicalize decomposed layer/group norms back
// into nndct.layer_norm / nndct.group_norm (ir/NormalizationPatterns.cpp).
def NNDCT_AddOp : NNDCT_BinaryOp<"add", "addition", [NNDCT_ComputeRole, Commutative]> {
  let hasCanonicalizer = 1;
}
def NNDCT_SubOp : NNDCT_BinaryOp<"sub", "subtraction", [NNDCT_ComputeRole]>;
def NNDCT_MulOp : NNDCT_BinaryOp<"mul", "multiplication", [NNDCT_ComputeRole, Commutative]> {
  let hasCanonicalizer = 1;
}
def NNDCT_DivOp : NNDCT_BinaryOp<"div", "division", [NNDCT_ComputeRole]> {
  let hasCanonicalizer = 1;
}
def NNDCT_PowOp : NNDCT_BinaryOp<"pow", "power (lhs ^ rhs)", [NNDCT_FloatRole, NNDCT_LibmRounding]>;

def NNDCT_PReluOp : NNDCT_InferOp<"prelu", [NNDCT_ComputeRole]> {
  let summary = "Parametric ReLU: x >= 0 ? x : slope * x";
  let description = [{
    `slope` broadcasts to the input (unidirectionally), typically `[C, 1, 1]`.

    ```mlir
    %y = nndct.prelu %x, %s
        : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input, NNDCT_FloatTensor:$slope);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $slope attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class NNDCT_UnaryOp<string mnemonic, string formula, list<Trait> traits = []>
    : NNDCT_Op<mnemonic, traits # [Pure, SameOperandsAndResultType, Elementwise]> {
  let summary = "Elementwise " # formula;
  let description = [{
    ```mlir
    %y = nndct.}] # mnemonic # [{ %x : tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def NNDCT_ReluOp : NNDCT_UnaryOp<"relu", "max(x, 0)", [NNDCT_FollowerRole, NNDCT_ValuePreserving]>;
def NNDCT_Relu6Op : NNDCT_UnaryOp<"relu6", "min(max(x, 0), 6)", [NNDCT_FollowerRole, NNDCT_KeepsOperandFixPoint]>;
def NNDCT_SigmoidOp : NNDCT_UnaryOp<"sigmoid", "1 / (1 + exp(-x))", [NNDCT_FloatRole, NNDCT_LibmRounding]>;
def NNDCT_TanhOp : NNDCT_UnaryOp<"tanh", "tanh(x)", [NNDCT_FloatRole, NNDCT_LibmRounding]>;
def NNDCT_HardSwishOp : NNDCT_UnaryOp<"hard_swish", "x * relu6(x + 3) / 6", [NNDCT_ComputeRole]>;
def NNDCT_SiluOp : NNDCT_UnaryOp<"silu", "x * sigmoid(x)", [NNDCT_FloatRole, NNDCT_LibmRounding]>;

// Float math real exports use (LayerNorm decomposed, exact GELU, detection
// tails). The NPU has no kernel for them: they stay float, on the CPU.
def NNDCT_SqrtOp : NNDCT_UnaryOp<"sqrt", "sqrt(x)", [NNDCT_FloatRole]>;
def NNDCT_ExpOp : NNDCT_UnaryOp<"exp", "e^x", [NNDCT_FloatRole, NNDCT_LibmRounding]>;
def NNDCT_LogOp : NNDCT_UnaryOp<"log", "ln(x)", [NNDCT_FloatRole, NNDCT_LibmRounding]>;
def NNDCT_ErfOp : NNDCT_UnaryOp<"erf", "erf(x)", [NNDCT_FloatRole, NNDCT_LibmRounding]>;
def NNDCT_FloorOp : NNDCT_UnaryOp<"floor", "floor(x)", [NNDCT_FloatRole]>;
def NNDCT_CeilOp : NNDCT_UnaryOp<"ceil", "ceil(x)", [NNDCT_FloatRole]>;
def NNDCT_RoundOp : NNDCT_UnaryOp<"round", "x rounded to nearest, ties to even", [NNDCT_FloatRole]>;
def NNDCT_IdentityOp : NNDCT_UnaryOp<"identity", "identity (folds away)", [NNDCT_FollowerRole, NNDCT_ValuePreserving]> {
  let hasFolder = 1;
}

def NNDCT_DropoutOp : NNDCT_UnaryOp<"dropout", "inference-mode dropout (folds away)", [NNDCT_FollowerRole, NNDCT_ValuePreserving]> {
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "0.5">:$ratio);
  let hasFolder = 1;
}

def NNDCT_LeakyReluOp : NNDCT_UnaryOp<"leaky_relu", "x >= 0 ? x : alpha * x", [NNDCT_FollowerRole]> {
  // `npu_multiplier`/`npu_shift` (set by nndct-emulate-npu-numerics from the
  // target): the device's slope, x * multiplier >> shift for x < 0; `alpha`
  // is then exactly multiplier / 2^shift. Without them the target has no
  // kernel for this slope and the op computes in float.
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "0.01">:$alpha,
                       OptionalAttr<I64Attr>:$npu_multiplier,
                       OptionalAttr<I64Attr>:$npu_shift);
  let hasVerifier = 1;
}

def NNDCT_ClampOp : NNDCT_UnaryOp<"clamp", "min(max(x, min), max)", [NNDCT_FollowerRole, NNDCT_KeepsOperandFixPoint]> {
  // Also on integer tensors (ONNX Clip int8): the bounds are then integers.
  let arguments = (ins NNDCT_NumTensor:$input, F32Attr:$min, F32Attr:$max);
  let results = (outs NNDCT_NumTensor:$output);
  let hasVerifier = 1;
  // clamp(0, 6) is relu6 and clamp(0, +inf) is relu.
  let hasCanonicalizer = 1;
}

def NNDCT_HardSigmoidOp : NNDCT_UnaryOp<"hard_sigmoid",
                                        "max(0, min(1, alpha * x + beta))", [NNDCT_ComputeRole]> {
  // PyTorch's hardsigmoid is alpha = 1/6, beta = 0.5; ONNX defaults 0.2, 0.5.
  // `npu_multiplier`/`npu_shift` (set by nndct-emulate-npu-numerics from the
  // target, only on the alpha = 1/6, beta = 1/2 form): computes
  // relu6(x + 3) * multiplier / 2^shift as the device does (2731 / 2^14).
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "0.2">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5">:$beta,
                       OptionalAttr<I64Attr>:$npu_multiplier,
                       OptionalAttr<I64Attr>:$npu_shift);
  let hasVerifier = 1;
}

// Exponential and smooth activations (ONNX Elu, Selu, Celu, Softplus,
// Softsign, ThresholdedRelu, Shrink; torch elu, selu, celu, softplus,
// softshrink, hardshrink). No pof2 kernel: they stay float, on the CPU.
def NNDCT_EluOp : NNDCT_UnaryOp<"elu", "x >= 0 ? x : alpha * (e^x - 1)", [NNDCT_FloatRole, NNDCT_LibmRounding]> {
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha);
}

def NNDCT_SeluOp : NNDCT_UnaryOp<"selu",
                                 "gamma * (x > 0 ? x : alpha * (e^x - 1))", [NNDCT_FloatRole, NNDCT_LibmRounding]> {
  // The defaults are ONNX's (and torch's) self-normalizing constants.
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "1.67326319217681884765625">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.05070102214813232421875">:$gamma);
}

def NNDCT_CeluOp : NNDCT_UnaryOp<"celu",
                                 "max(0, x) + min(0, alpha * (e^(x / alpha) - 1))", [NNDCT_FloatRole, NNDCT_LibmRounding]> {
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha);
  let hasVerifier = 1;
}

def NNDCT_ThresholdedReluOp : NNDCT_UnaryOp<"thresholded_relu",
                                            "x > alpha ? x : 0", [NNDCT_FloatRole]> {
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha);
}

// torch's threshold: above 20 the result is x (log(1 + e^x) rounds to x in
// f32 there, and e^x would overflow past 88).
def NNDCT_SoftplusOp : NNDCT_UnaryOp<"softplus", "x > 20 ? x : ln(1 + e^x)", [NNDCT_FloatRole, NNDCT_LibmRounding]>;
def NNDCT_SoftsignOp : NNDCT_UnaryOp<"softsign", "x / (1 + |x|)", [NNDCT_FloatRole]>;

def NNDCT_ShrinkOp : NNDCT_UnaryOp<"shrink",
    "x < -lambd ? x + bias : (x > lambd ? x - bias : 0)", [NNDCT_FloatRole]> {
  // torch's softshrink is bias = lambd, hardshrink bias = 0.
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "0.0">:$bias,
                       DefaultValuedAttr<F32Attr, "0.5">:$lambd);
  let hasVerifier = 1;
}

def NNDCT_GeluOp : NNDCT_UnaryOp<"gelu", "x * Phi(x) (exact or tanh form)", [NNDCT_ComputeRole, NNDCT_LibmRounding]> {
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<NNDCT_GeluApproxAttr,
                                         "GeluApproximation::none">:$approximation);
}

def NNDCT_SoftmaxOp : NNDCT_UnaryOp<"softmax", "softmax along one axis", [NNDCT_ComputeRole, NNDCT_LibmRounding]> {
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<NNDCT_I64Attr, "-1">:$axis);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def NNDCT_BatchNormOp : NNDCT_Op<"batch_norm",
    [NNDCT_ForbiddenRole<"batch_norm must be folded first (run nndct-fold-batchnorm)">,
     Pure, InferTypeOpAdaptor]> {
  let summary = "Inference batch normalization over channel dimension 1";
  let description = [{
    `y = (x - mean) / sqrt(var + epsilon) * scale + bias`, per channel.
    `nndct-fold-batchnorm` folds it into a preceding convolution.

    ```mlir
    %y = nndct.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-05 : f32}
        : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>,
           tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input,
                       1DTensorOf<[NNDCT_Float]>:$scale, 1DTensorOf<[NNDCT_Float]>:$bias,
                       1DTensorOf<[NNDCT_Float]>:$mean, 1DTensorOf<[NNDCT_Float]>:$variance,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
}

def NNDCT_LayerNormOp : NNDCT_Op<"layer_norm",
    [NNDCT_ComputeRole, NNDCT_HasBiasOperand, NNDCT_LibmRounding, Pure, InferTypeOpAdaptor, AttrSizedOperandSegments]> {
  let summary = "Layer normalization over the trailing dimensions from `axis`";
  let description = [{
    Normalizes over dims `[axis, rank)`; `scale`/`bias` have those dims' shape.

    ```mlir
    %y = nndct.layer_norm %x, %g, %b {axis = 2 : i64}
        : (tensor<1x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input,
                       Optional<NNDCT_FloatTensor>:$scale,
                       Optional<NNDCT_FloatTensor>:$bias,
                       DefaultValuedAttr<NNDCT_I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = [{
    $input (`,` $scale^)? (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NNDCT_GroupNormOp : NNDCT_InferOp<"group_norm", [NNDCT_FloatRole, NNDCT_LibmRounding, AttrSizedOperandSegments]> {
  let summary = "Group normalization over channel groups (instance norm when num_groups == C)";
  let description = [{
    Input `[N, C, D1, ...]`; the channels split into `num_groups` groups of
    `C / num_groups`, and each group of each sample is normalized over its
    channels and all spatial positions:
    `y = (x - mean) / sqrt(var + epsilon) * scale[c] + bias[c]`, with the
    optional `scale`/`bias` one value per channel (`[C]`, ONNX opset 21
    GroupNormalization; InstanceNormalization is `num_groups == C`).

    ```mlir
    %y = nndct.group_norm %x, %g, %b {num_groups = 2 : i64, epsilon = 1.0e-05 : f32}
        : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input,
                       Optional<1DTensorOf<[NNDCT_Float]>>:$scale,
                       Optional<1DTensorOf<[NNDCT_Float]>>:$bias,
                       ConfinedAttr<NNDCT_I64Attr, [IntPositive]>:$num_groups,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = [{
    $input (`,` $scale^)? (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// True when every channel is its own group (ONNX InstanceNormalization).
    bool isInstanceNorm() {
      return getNumGroups() ==
             cast<RankedTensorType>(getInput().getType()).getDimSize(1);
    }
  }];
}

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

def NNDCT_MaxPool2DOp : NNDCT_InferOp<"max_pool2d", [NNDCT_ComputeRole, NNDCT_ValuePreserving]> {
  let summary = "2-D max pooling";
  let description = [{
    `pads` is `[top, left, bottom, right]`; `ceil_mode` rounds the output
    size up (a window must start inside the input or its top/left padding).

    ```mlir
    %y = nndct.max_pool2d %x {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>}
        : (tensor<1x8x8x8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_PoolTensor4D:$input,
                       NNDCT_Pair:$kernel_size,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Quad, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs NNDCT_PoolTensor4D:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_AvgPool2DOp : NNDCT_InferOp<"avg_pool2d", [NNDCT_ComputeRole]> {
  let summary = "2-D average pooling";
  let description = [{
    `count_include_pad` divides by the full window including padding.
    With `npu_numerics` the op averages as the NPU does (window sum times a
    multiplier, then a shift; `docs/numerics.md`), not by exact division.

    ```mlir
    %y = nndct.avg_pool2d %x {kernel_size = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}
        : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor4D:$input,
                       NNDCT_Pair:$kernel_size,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Quad, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<BoolAttr, "true">:$count_include_pad,
                       UnitAttr:$npu_numerics);
  let results = (outs NNDCT_Tensor4D:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_AdaptiveAvgPool2DOp : NNDCT_InferOp<"adaptive_avg_pool2d", [NNDCT_ComputeRole]> {
  let summary = "Adaptive (and global) 2-D average pooling";
  let description = [{
    PyTorch's adaptive average pooling to `output_size`; `[1, 1]` is ONNX
    GlobalAveragePool. With `npu_numerics` the op averages as the NPU does.

    ```mlir
    %y = nndct.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>}
        : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor4D:$input,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$output_size,
                       UnitAttr:$npu_numerics);
  let results = (outs NNDCT_Tensor4D:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// True when the op averages the whole spatial plane.
    bool isGlobal() { return getOutputSize()[0] == 1 && getOutputSize()[1] == 1; }
  }];
}

class NNDCT_ReduceOp<string mnemonic, string what, list<Trait> traits = []>
    : NNDCT_InferOp<mnemonic, traits> {
  let summary = "Reduce by " # what # " over `axes`";
  let description = [{
    Axes are non-negative and unique; `keepdims` keeps reduced dims as 1.

    ```mlir
    %y = nndct.}] # mnemonic # [{ %x {axes = array<i64: 2, 3>}
        : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_ReduceMeanOp : NNDCT_ReduceOp<"reduce_mean", "mean", [NNDCT_ComputeRole]> {
  // `npu_numerics`: the mean as the NPU computes it (sum times a multiplier,
  // then a shift).
  let arguments = (ins NNDCT_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                       UnitAttr:$npu_numerics);
}
def NNDCT_ReduceSumOp : NNDCT_ReduceOp<"reduce_sum", "sum", [NNDCT_ComputeRole]>;
def NNDCT_ReduceMaxOp : NNDCT_ReduceOp<"reduce_max", "maximum", [NNDCT_ComputeRole]>;

// More reductions, the index reductions, log-softmax/hardmax, scans and
// top-k (the detection and classification tails real exports use). Each
// reduction is its own op, as reduce_mean/sum/max are: one ONNX op and one
// XIR type per op class, and the quant role and the kernels dispatch on the
// class; a kind attribute would only add a switch in every consumer. All of
// them are float-only (no pof2 kernel): they run on the CPU.
def NNDCT_ReduceMinOp : NNDCT_ReduceOp<"reduce_min", "minimum", [NNDCT_FloatRole]>;
def NNDCT_ReduceProdOp : NNDCT_ReduceOp<"reduce_prod", "product", [NNDCT_FloatRole]>;
def NNDCT_ReduceL1Op : NNDCT_ReduceOp<"reduce_l1", "sum of |x|", [NNDCT_FloatRole]>;
def NNDCT_ReduceL2Op : NNDCT_ReduceOp<"reduce_l2", "sqrt(sum of x^2)", [NNDCT_FloatRole]>;
def NNDCT_ReduceLogSumOp : NNDCT_ReduceOp<"reduce_log_sum", "log(sum of x)", [NNDCT_FloatRole]>;
def NNDCT_ReduceLogSumExpOp
    : NNDCT_ReduceOp<"reduce_log_sum_exp", "log(sum of e^x)", [NNDCT_FloatRole]>;
def NNDCT_ReduceSumSquareOp : NNDCT_ReduceOp<"reduce_sum_square", "sum of x^2", [NNDCT_FloatRole]>;

class NNDCT_ArgReduceOp<string mnemonic, string what>
    : NNDCT_InferOp<mnemonic, [NNDCT_FloatRole]> {
  let summary = "Index of the " # what # " along `axis` (int64)";
  let description = [{
    `axis` is non-negative; `keepdims` keeps it as 1. Ties give the first
    index, or the last with `select_last_index`.

    ```mlir
    %i = nndct.}] # mnemonic # [{ %x {axis = 1 : i64, keepdims = false}
        : (tensor<2x5xf32>) -> tensor<2xi64>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input, NNDCT_I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                       DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs NNDCT_I64Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_ArgMaxOp : NNDCT_ArgReduceOp<"arg_max", "maximum">;
def NNDCT_ArgMinOp : NNDCT_ArgReduceOp<"arg_min", "minimum">;

def NNDCT_LogSoftmaxOp : NNDCT_UnaryOp<"log_softmax",
                                       "log(softmax(x)) along one axis", [NNDCT_FloatRole]> {
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<NNDCT_I64Attr, "-1">:$axis);
  let hasVerifier = 1;
}

def NNDCT_HardmaxOp : NNDCT_UnaryOp<"hardmax",
                                    "1 at the first maximum along one axis, else 0", [NNDCT_FloatRole]> {
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<NNDCT_I64Attr, "-1">:$axis);
  let hasVerifier = 1;
}

def NNDCT_CumSumOp : NNDCT_UnaryOp<"cumsum", "running sum along one axis", [NNDCT_FloatRole]> {
  // `exclusive`: element i sums the elements before i (the first is 0);
  // `reverse`: the sum runs from the end of the axis.
  let arguments = (ins NNDCT_FloatTensor:$input, NNDCT_I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$exclusive,
                       DefaultValuedAttr<BoolAttr, "false">:$reverse);
  let hasVerifier = 1;
}

def NNDCT_TopKOp : NNDCT_InferOp<"top_k", [NNDCT_FloatRole]> {
  let summary = "The `k` largest (or smallest) elements along `axis` and their indices";
  let description = [{
    `axis` is non-negative, `1 <= k <= dim(axis)`. Equal values keep the
    lower index first. With `sorted = false` the order is unspecified; this
    op still sorts.

    ```mlir
    %v, %i = nndct.top_k %x {axis = 1 : i64, k = 3 : i64}
        : (tensor<2x5xf32>) -> (tensor<2x3xf32>, tensor<2x3xi64>)
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input, NNDCT_I64Attr:$k,
                       NNDCT_I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$largest,
                       DefaultValuedAttr<BoolAttr, "true">:$sorted);
  let results = (outs NNDCT_FloatTensor:$values, NNDCT_I64Tensor:$indices);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def NNDCT_ConcatOp : NNDCT_InferOp<"concat", [NNDCT_ConcatRole]> {
  let summary = "Concatenation along `axis`";
  let description = [{
    ```mlir
    %y = nndct.concat %a, %b {axis = 1 : i64}
        : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8xf32>
    ```
  }];
  let arguments = (ins Variadic<NNDCT_Tensor>:$inputs,
                       ConfinedAttr<NNDCT_I64Attr, [IntNonNegative]>:$axis);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def NNDCT_ReshapeOp : NNDCT_Op<"reshape", [NNDCT_FollowerRole, NNDCT_ValuePreserving, Pure]> {
  let summary = "Reshape (also Flatten, Squeeze, Unsqueeze, view)";
  let description = [{
    The result type gives the new shape; element counts must match.

    ```mlir
    %y = nndct.reshape %x : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$input);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def NNDCT_TransposeOp : NNDCT_InferOp<"transpose", [NNDCT_FollowerRole, NNDCT_ValuePreserving]> {
  let summary = "Permutation of dimensions: out.dim(i) = in.dim(perm[i])";
  let description = [{
    ```mlir
    %y = nndct.transpose %x {perm = array<i64: 0, 2, 3, 1>}
        : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NNDCT_PadOp : NNDCT_InferOp<"pad", [NNDCT_ComputeRole, NNDCT_KeepsOperandFixPoint]> {
  let summary = "Padding (constant, reflect, edge)";
  let description = [{
    `pads` lists all begins then all ends (ONNX order): `[b0, b1, ..., e0, e1, ...]`.

    ```mlir
    %y = nndct.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>}
        : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x6xf32>
    ```
  }];
  let arguments = (ins NNDCT_NumTensor:$input, DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<NNDCT_PadModeAttr, "PadMode::constant">:$mode,
                       DefaultValuedAttr<F32Attr, "0.0">:$value);
  let results = (outs NNDCT_NumTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NNDCT_SliceOp : NNDCT_InferOp<"slice", [NNDCT_FollowerRole, NNDCT_ValuePreserving]> {
  let summary = "Strided slice with one normalized (start, end, step) per dimension";
  let description = [{
    With `step >= 1`, `0 <= start <= end <= dim` and the result dim is
    `ceil((end - start) / step)`. With `step <= -1` the slice walks
    backwards from `start` down to (excluding) `end`:
    `-1 <= end <= start <= dim - 1` and the result dim is
    `ceil((start - end) / -step)` (`end = -1` runs through element 0;
    `start == end` is empty).

    ```mlir
    %y = nndct.slice %x {starts = array<i64: 0, 2>, ends = array<i64: 1, 6>,
                         steps = array<i64: 1, 2>}
        : (tensor<1x8xf32>) -> tensor<1x2xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_SplitOp : NNDCT_InferOp<"split", [NNDCT_FollowerRole, NNDCT_ValuePreserving]> {
  let summary = "Split along `axis` into pieces of `sizes`";
  let description = [{
    A size may be 0 (an empty result, as ONNX Split allows).

    ```mlir
    %a, %b = nndct.split %x {axis = 1 : i64, sizes = array<i64: 2, 6>}
        : (tensor<1x8xf32>) -> (tensor<1x2xf32>, tensor<1x6xf32>)
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$input,
                       ConfinedAttr<NNDCT_I64Attr, [IntNonNegative]>:$axis,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<NNDCT_Tensor>:$outputs);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_ResizeOp : NNDCT_Op<"resize", [NNDCT_AttributeDependentRole, Pure]> {
  let summary = "Spatial resize of an NCHW tensor (nearest, bilinear or cubic)";
  let description = [{
    The result type gives the output size. `scales` (`[sh, sw]`), when
    present, is the coordinate scale ONNX was given; otherwise it is
    `out / in`. Coordinate and nearest modes use ONNX names.

    Cubic resize uses the cubic convolution kernel with coefficient
    `cubic_coeff_a` on the 4 nearest rows and columns (clamped to the
    edge); `exclude_outside` gives the taps outside the input zero weight
    and renormalizes the others. The `tf_crop_and_resize` coordinate mode
    samples the box `roi` = `[y1, x1, y2, x2]` (normalized to
    `[0, 1]`); an output whose source lies outside the input is
    `extrapolation_value`.

    ```mlir
    %y = nndct.resize %x {mode = #nndct.resize_mode<nearest>,
                          coordinate_mode = #nndct.coordinate_mode<asymmetric>}
        : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
    %c = nndct.resize %x {mode = #nndct.resize_mode<cubic>,
                          cubic_coeff_a = -5.000000e-01 : f32,
                          exclude_outside = true}
        : (tensor<1x8x4x4xf32>) -> tensor<1x8x8x8xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor4D:$input,
                       NNDCT_ResizeModeAttr:$mode,
                       DefaultValuedAttr<NNDCT_CoordinateModeAttr,
                                         "CoordinateMode::half_pixel">:$coordinate_mode,
                       DefaultValuedAttr<NNDCT_NearestModeAttr,
                                         "NearestMode::round_prefer_floor">:$nearest_mode,
                       OptionalAttr<ConfinedAttr<DenseF32ArrayAttr,
                                                 [DenseArrayCount<2>]>>:$scales,
                       DefaultValuedAttr<F32Attr, "-0.75">:$cubic_coeff_a,
                       DefaultValuedAttr<BoolAttr, "false">:$exclude_outside,
                       OptionalAttr<ConfinedAttr<DenseF32ArrayAttr,
                                                 [DenseArrayCount<4>]>>:$roi,
                       DefaultValuedAttr<F32Attr, "0.0">:$extrapolation_value);
  let results = (outs NNDCT_Tensor4D:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Nearest resize moves values (a follower, as vai's upsample);
    /// bilinear computes new ones (its own group); cubic and crop-and-resize
    /// have no pof2 kernel (float).
    ::mlir::nndct::QuantRole computeQuantRole() {
      if (getMode() == ResizeMode::cubic ||
          getCoordinateMode() == CoordinateMode::tf_crop_and_resize)
        return ::mlir::nndct::QuantRole::Float;
      return getMode() == ResizeMode::nearest ? ::mlir::nndct::QuantRole::Follower
                                              : ::mlir::nndct::QuantRole::Compute;
    }
  }];
}

//===----------------------------------------------------------------------===//
// Integer, comparison and logic ops, casts, and gather/scatter
//
// They carry the integer and bool tensors of real exports (masks, indices,
// detection tails). None has a pof2 kernel: they stay float or integer, on
// the CPU (their Float role).
//===----------------------------------------------------------------------===//

class NNDCT_NumUnaryOp<string mnemonic, string formula, list<Trait> traits = []>
    : NNDCT_UnaryOp<mnemonic, formula, traits> {
  let arguments = (ins NNDCT_NumTensor:$input);
  let results = (outs NNDCT_NumTensor:$output);
}

def NNDCT_AbsOp : NNDCT_NumUnaryOp<"abs", "|x|", [NNDCT_FloatRole]>;
def NNDCT_NegOp : NNDCT_NumUnaryOp<"neg", "-x (wraps for integers)", [NNDCT_FloatRole]>;
def NNDCT_SignOp : NNDCT_NumUnaryOp<"sign", "sign(x): -1, 0 or 1", [NNDCT_FloatRole]>;
def NNDCT_ReciprocalOp : NNDCT_UnaryOp<"reciprocal", "1 / x", [NNDCT_FloatRole]>;
def NNDCT_SinOp : NNDCT_UnaryOp<"sin", "sin(x)", [NNDCT_FloatRole]>;
def NNDCT_CosOp : NNDCT_UnaryOp<"cos", "cos(x)", [NNDCT_FloatRole]>;
def NNDCT_TanOp : NNDCT_UnaryOp<"tan", "tan(x)", [NNDCT_FloatRole]>;
def NNDCT_AsinOp : NNDCT_UnaryOp<"asin", "asin(x)", [NNDCT_FloatRole]>;
def NNDCT_AcosOp : NNDCT_UnaryOp<"acos", "acos(x)", [NNDCT_FloatRole]>;
def NNDCT_AtanOp : NNDCT_UnaryOp<"atan", "atan(x)", [NNDCT_FloatRole]>;
def NNDCT_SinhOp : NNDCT_UnaryOp<"sinh", "sinh(x)", [NNDCT_FloatRole]>;
def NNDCT_CoshOp : NNDCT_UnaryOp<"cosh", "cosh(x)", [NNDCT_FloatRole]>;
def NNDCT_AsinhOp : NNDCT_UnaryOp<"asinh", "asinh(x)", [NNDCT_FloatRole]>;
def NNDCT_AcoshOp : NNDCT_UnaryOp<"acosh", "acosh(x)", [NNDCT_FloatRole]>;
def NNDCT_AtanhOp : NNDCT_UnaryOp<"atanh", "atanh(x)", [NNDCT_FloatRole]>;

def NNDCT_MinOp : NNDCT_BinaryOp<"min", "minimum", [NNDCT_FloatRole, Commutative]>;
def NNDCT_MaxOp : NNDCT_BinaryOp<"max", "maximum", [NNDCT_FloatRole, Commutative]>;
def NNDCT_ModOp : NNDCT_BinaryOp<"mod", "remainder", [NNDCT_FloatRole]> {
  // fmod: the sign of the dividend (C fmod); else the divisor's (Python %).
  // Integer division by zero gives 0 (ONNX leaves it undefined).
  let arguments = (ins NNDCT_NumTensor:$lhs, NNDCT_NumTensor:$rhs,
                       DefaultValuedAttr<BoolAttr, "false">:$fmod);
  let hasVerifier = 1;
}

class NNDCT_CompareOp<string mnemonic, string what>
    : NNDCT_InferOp<mnemonic, [NNDCT_FloatRole, ResultsBroadcastableShape]> {
  let summary = "Elementwise " # what # " with numpy broadcasting (bool result)";
  let description = [{
    Operands have the same element type (float, integer or bool).

    ```mlir
    %m = nndct.}] # mnemonic # [{ %a, %b
        : (tensor<1x8xf32>, tensor<1x1xf32>) -> tensor<1x8xi1>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$lhs, NNDCT_Tensor:$rhs);
  let results = (outs NNDCT_BoolTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_EqualOp : NNDCT_CompareOp<"equal", "lhs == rhs">;
def NNDCT_GreaterOp : NNDCT_CompareOp<"greater", "lhs > rhs">;
def NNDCT_GreaterEqualOp : NNDCT_CompareOp<"greater_equal", "lhs >= rhs">;
def NNDCT_LessOp : NNDCT_CompareOp<"less", "lhs < rhs">;
def NNDCT_LessEqualOp : NNDCT_CompareOp<"less_equal", "lhs <= rhs">;

class NNDCT_LogicOp<string mnemonic, string what>
    : NNDCT_CompareOp<mnemonic, what> {
  let arguments = (ins NNDCT_BoolTensor:$lhs, NNDCT_BoolTensor:$rhs);
}
def NNDCT_LogicalAndOp : NNDCT_LogicOp<"logical_and", "lhs and rhs">;
def NNDCT_LogicalOrOp : NNDCT_LogicOp<"logical_or", "lhs or rhs">;
def NNDCT_LogicalXorOp : NNDCT_LogicOp<"logical_xor", "lhs xor rhs">;

def NNDCT_LogicalNotOp : NNDCT_Op<"logical_not",
    [NNDCT_FloatRole, Pure, SameOperandsAndResultType, Elementwise]> {
  let summary = "Elementwise logical negation of a bool tensor";
  let description = [{
    ```mlir
    %n = nndct.logical_not %m : tensor<1x8xi1>
    ```
  }];
  let arguments = (ins NNDCT_BoolTensor:$input);
  let results = (outs NNDCT_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def NNDCT_IsNaNOp : NNDCT_Op<"is_nan", [NNDCT_FloatRole, Pure, SameOperandsAndResultShape]> {
  let summary = "Elementwise test for NaN (bool result)";
  let description = [{
    ```mlir
    %m = nndct.is_nan %x : (tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input);
  let results = (outs NNDCT_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_IsInfOp : NNDCT_Op<"is_inf", [NNDCT_FloatRole, Pure, SameOperandsAndResultShape]> {
  let summary = "Elementwise test for infinities of the selected signs";
  let description = [{
    ```mlir
    %m = nndct.is_inf %x {detect_negative = false} : (tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input,
                       DefaultValuedAttr<BoolAttr, "true">:$detect_negative,
                       DefaultValuedAttr<BoolAttr, "true">:$detect_positive);
  let results = (outs NNDCT_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_WhereOp : NNDCT_InferOp<"where", [NNDCT_FloatRole]> {
  let summary = "condition ? x : y, elementwise, with 3-way numpy broadcasting";
  let description = [{
    ```mlir
    %y = nndct.where %c, %a, %b
        : (tensor<1x8xi1>, tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins NNDCT_BoolTensor:$condition, NNDCT_Tensor:$x,
                       NNDCT_Tensor:$y);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = [{
    $condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_CastOp : NNDCT_Op<"cast", [NNDCT_FloatRole, Pure, SameOperandsAndResultShape]> {
  let summary = "Element type conversion (ONNX Cast semantics)";
  let description = [{
    The result type gives the target element type. Float to integer
    truncates toward zero and wraps to the type's width; anything to bool is
    `x != 0`; bool to a number is 0 or 1.

    ```mlir
    %i = nndct.cast %x : (tensor<1x8xf32>) -> tensor<1x8xi64>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$input);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NNDCT_ExpandOp : NNDCT_Op<"expand", [NNDCT_FloatRole, Pure]> {
  let summary = "Numpy broadcast of the input to the result type's shape";
  let description = [{
    ```mlir
    %y = nndct.expand %x : (tensor<1x4x1xf32>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$input);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NNDCT_TileOp : NNDCT_InferOp<"tile", [NNDCT_FloatRole]> {
  let summary = "Repeats the input `repeats[i]` times along dimension i";
  let description = [{
    ```mlir
    %y = nndct.tile %x {repeats = array<i64: 1, 2>}
        : (tensor<2x3xf32>) -> tensor<2x6xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$input, DenseI64ArrayAttr:$repeats);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_GatherOp : NNDCT_InferOp<"gather", [NNDCT_FloatRole]> {
  let summary = "Takes slices of `data` along `axis` at `indices` (ONNX Gather)";
  let description = [{
    The result shape is `data[:axis] + indices + data[axis+1:]`. Negative
    indices count from the end; an index out of range is a run-time error.

    ```mlir
    %y = nndct.gather %x, %i {axis = 1 : i64}
        : (tensor<2x5xf32>, tensor<3xi64>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$data, NNDCT_IndexTensor:$indices,
                       ConfinedAttr<NNDCT_I64Attr, [IntNonNegative]>:$axis);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_GatherElementsOp : NNDCT_InferOp<"gather_elements", [NNDCT_FloatRole]> {
  let summary = "out[i][j]... = data[..., indices[i][j]..., ...] along `axis`";
  let description = [{
    `indices` has the rank of `data`; the result has the shape of `indices`.

    ```mlir
    %y = nndct.gather_elements %x, %i {axis = 1 : i64}
        : (tensor<2x5xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$data, NNDCT_IndexTensor:$indices,
                       ConfinedAttr<NNDCT_I64Attr, [IntNonNegative]>:$axis);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_GatherNDOp : NNDCT_InferOp<"gather_nd", [NNDCT_FloatRole]> {
  let summary = "Gathers slices of `data` addressed by the last dim of `indices`";
  let description = [{
    ONNX GatherND: the result shape is
    `indices[:-1] + data[batch_dims + indices[-1]:]`.

    ```mlir
    %y = nndct.gather_nd %x, %i
        : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$data, NNDCT_I64Tensor:$indices,
                       DefaultValuedAttr<ConfinedAttr<NNDCT_I64Attr,
                                         [IntNonNegative]>, "0">:$batch_dims);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_ScatterNDOp : NNDCT_InferOp<"scatter_nd", [NNDCT_FloatRole]> {
  let summary = "A copy of `data` with slices at `indices` set from `updates`";
  let description = [{
    ONNX ScatterND. `reduction` is `none` (later updates win), `add`, `mul`,
    `max` or `min`.

    ```mlir
    %y = nndct.scatter_nd %x, %i, %u
        : (tensor<8xf32>, tensor<2x1xi64>, tensor<2xf32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$data, NNDCT_I64Tensor:$indices,
                       NNDCT_Tensor:$updates,
                       DefaultValuedAttr<StrAttr, "\"none\"">:$reduction);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_ScatterElementsOp : NNDCT_InferOp<"scatter_elements", [NNDCT_FloatRole]> {
  let summary = "A copy of `data` with elements at `indices` along `axis` set";
  let description = [{
    ONNX ScatterElements: `indices` and `updates` have the same shape and
    the rank of `data`. `reduction` as for scatter_nd.

    ```mlir
    %y = nndct.scatter_elements %x, %i, %u {axis = 1 : i64}
        : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor:$data, NNDCT_IndexTensor:$indices,
                       NNDCT_Tensor:$updates,
                       ConfinedAttr<NNDCT_I64Attr, [IntNonNegative]>:$axis,
                       DefaultValuedAttr<StrAttr, "\"none\"">:$reduction);
  let results = (outs NNDCT_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)
  }];
}


//===----------------------------------------------------------------------===//
// 3-D convolution and pooling
//===----------------------------------------------------------------------===//
// Volumetric (NCDHW) forms of the 2-D window ops. They are separate ops
// because every NPU rule, fusion and export reads the 2-D ops' fixed
// [h, w] attributes; the 3-D ones are float-only and run on the CPU.
// Windows list [d, h, w]; pads are ONNX's [front, top, left, back, bottom,
// right].

def NNDCT_Triple : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<3>]>;
def NNDCT_Hex : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<6>]>;
def NNDCT_Tensor5D : TensorRankOf<[NNDCT_Float], [5]>;

def NNDCT_Conv3DOp : NNDCT_InferOp<"conv3d", [NNDCT_FloatRole]> {
  let summary = "3-D convolution (grouped, dilated)";
  let description = [{
    input `[N, C, D, H, W]`, weight `[O, C/groups, KD, KH, KW]`, optional
    bias `[O]`. Sizes follow conv2d's rule per spatial dimension.

    ```mlir
    %y = nndct.conv3d %x, %w {pads = array<i64: 1, 1, 1, 1, 1, 1>}
        : (tensor<1x2x4x4x4xf32>, tensor<8x2x3x3x3xf32>) -> tensor<1x8x4x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor5D:$input, NNDCT_Tensor5D:$weight,
                       Optional<1DTensorOf<[NNDCT_Float]>>:$bias,
                       DefaultValuedAttr<NNDCT_Triple, "{1, 1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Hex, "{0, 0, 0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<NNDCT_Triple, "{1, 1, 1}">:$dilations,
                       DefaultValuedAttr<NNDCT_I64Attr, "1">:$groups);
  let results = (outs NNDCT_Tensor5D:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_ConvTranspose3DOp : NNDCT_InferOp<"conv_transpose3d", [NNDCT_FloatRole]> {
  let summary = "3-D transposed convolution";
  let description = [{
    input `[N, C, D, H, W]`, weight `[C, O/groups, KD, KH, KW]`, optional
    bias `[O]`. Sizes follow conv_transpose2d's rule per spatial dimension.

    ```mlir
    %y = nndct.conv_transpose3d %x, %w
        : (tensor<1x1x3x4x5xf32>, tensor<1x2x3x3x3xf32>) -> tensor<1x2x5x6x7xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor5D:$input, NNDCT_Tensor5D:$weight,
                       Optional<1DTensorOf<[NNDCT_Float]>>:$bias,
                       DefaultValuedAttr<NNDCT_Triple, "{1, 1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Hex, "{0, 0, 0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<NNDCT_Triple, "{1, 1, 1}">:$dilations,
                       DefaultValuedAttr<NNDCT_Triple, "{0, 0, 0}">:$output_padding,
                       DefaultValuedAttr<NNDCT_I64Attr, "1">:$groups);
  let results = (outs NNDCT_Tensor5D:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_MaxPool3DOp : NNDCT_InferOp<"max_pool3d", [NNDCT_FloatRole]> {
  let summary = "3-D max pooling";
  let description = [{
    ```mlir
    %y = nndct.max_pool3d %x {kernel_size = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>}
        : (tensor<1x3x8x8x8xf32>) -> tensor<1x3x4x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor5D:$input,
                       NNDCT_Triple:$kernel_size,
                       DefaultValuedAttr<NNDCT_Triple, "{1, 1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Hex, "{0, 0, 0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<NNDCT_Triple, "{1, 1, 1}">:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs NNDCT_Tensor5D:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_AvgPool3DOp : NNDCT_InferOp<"avg_pool3d", [NNDCT_FloatRole]> {
  let summary = "3-D average pooling";
  let description = [{
    `count_include_pad` divides by the full window including padding.

    ```mlir
    %y = nndct.avg_pool3d %x {kernel_size = array<i64: 2, 2, 2>}
        : (tensor<1x3x8x8x8xf32>) -> tensor<1x3x7x7x7xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor5D:$input,
                       NNDCT_Triple:$kernel_size,
                       DefaultValuedAttr<NNDCT_Triple, "{1, 1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Hex, "{0, 0, 0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<BoolAttr, "true">:$count_include_pad);
  let results = (outs NNDCT_Tensor5D:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Sampling ops (grid_sample, roi_align)
//===----------------------------------------------------------------------===//
// Float-only resampling at data-dependent positions (spatial transformers,
// detection heads): no pof2 kernel, they run on the CPU.

def NNDCT_GridSampleOp : NNDCT_InferOp<"grid_sample", [NNDCT_FloatRole]> {
  let summary = "Samples an NCHW input at the grid's normalized (x, y) points";
  let description = [{
    `grid` is `[N, Ho, Wo, 2]` with `(x, y)` in `[-1, 1]` (ONNX GridSample
    and `torch.nn.functional.grid_sample`); the result is `[N, C, Ho, Wo]`.
    `mode` is nearest (round half to even), bilinear or cubic (coefficient
    -0.75); `padding_mode` says what points outside the input read.

    ```mlir
    %y = nndct.grid_sample %x, %g {mode = #nndct.resize_mode<bilinear>,
                                   padding_mode = #nndct.grid_padding_mode<border>,
                                   align_corners = true}
        : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor4D:$input, NNDCT_Tensor4D:$grid,
                       DefaultValuedAttr<NNDCT_ResizeModeAttr,
                                         "ResizeMode::bilinear">:$mode,
                       DefaultValuedAttr<NNDCT_GridPaddingModeAttr,
                                         "GridPaddingMode::zeros">:$padding_mode,
                       DefaultValuedAttr<BoolAttr, "false">:$align_corners);
  let results = (outs NNDCT_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $grid attr-dict `:` functional-type(operands, results)
  }];
}

def NNDCT_RoiAlignOp : NNDCT_InferOp<"roi_align", [NNDCT_FloatRole]> {
  let summary = "Bilinearly pooled `output_height x output_width` bins of each ROI";
  let description = [{
    `rois` is `[R, 4]` boxes `(x1, y1, x2, y2)` in input coordinates times
    `1 / spatial_scale`; `batch_indices` (`[R]`) picks each box's image (out
    of range is a run-time error). Each bin averages (or takes the max of)
    `sampling_ratio` x `sampling_ratio` bilinear samples, or
    `ceil(roi size / output size)` per axis when `sampling_ratio` is 0.
    `aligned` shifts the boxes by half a pixel (ONNX's `half_pixel`
    coordinate mode, torchvision's `aligned=True`); otherwise boxes are at
    least 1x1 (`output_half_pixel`). The result is `[R, C, oh, ow]`.

    ```mlir
    %y = nndct.roi_align %x, %rois, %idx {output_height = 7 : i64,
                                         output_width = 7 : i64,
                                         sampling_ratio = 2 : i64,
                                         spatial_scale = 6.250000e-02 : f32}
        : (tensor<1x256x50x50xf32>, tensor<8x4xf32>, tensor<8xi64>)
        -> tensor<8x256x7x7xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor4D:$input, NNDCT_FloatTensor:$rois,
                       NNDCT_IndexTensor:$batch_indices,
                       DefaultValuedAttr<NNDCT_RoiPoolModeAttr,
                                         "RoiPoolMode::avg">:$mode,
                       DefaultValuedAttr<ConfinedAttr<NNDCT_I64Attr,
                                         [IntPositive]>, "1">:$output_height,
                       DefaultValuedAttr<ConfinedAttr<NNDCT_I64Attr,
                                         [IntPositive]>, "1">:$output_width,
                       DefaultValuedAttr<ConfinedAttr<NNDCT_I64Attr,
                                         [IntNonNegative]>, "0">:$sampling_ratio,
                       DefaultValuedAttr<F32Attr, "1.0">:$spatial_scale,
                       DefaultValuedAttr<BoolAttr, "true">:$aligned);
  let results = (outs NNDCT_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $rois `,` $batch_indices attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Classic CNN layers and masks: max pooling with argmax indices, max
// unpooling, local response normalization, triangular masks, one-hot. The
// NPU has no kernel for them: they stay float, on the CPU.
//===----------------------------------------------------------------------===//

def NNDCT_MaxPool2DWithIndicesOp : NNDCT_InferOp<"max_pool2d_with_indices", [NNDCT_FloatRole]> {
  let summary = "2-D max pooling that also returns the argmax indices";
  let description = [{
    `max_pool2d` plus, per output element, the index of its maximum in the
    flattened input (ONNX MaxPool's second output): `storage_order = 0`
    numbers `((n * C + c) * H + h) * W + w`, `storage_order = 1` numbers
    `(n * C + c) * H * W + h + w * H`. Padding is never selected; ties keep
    the first maximum in row-major window order.

    ```mlir
    %y, %i = nndct.max_pool2d_with_indices %x {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>}
        : (tensor<1x8x8x8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xi64>)
    ```
  }];
  let arguments = (ins NNDCT_Tensor4D:$input,
                       NNDCT_Pair:$kernel_size,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Quad, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<ConfinedAttr<NNDCT_I64Attr,
                           [IntMinValue<0>, IntMaxValue<1>]>, "0">:$storage_order);
  let results = (outs NNDCT_Tensor4D:$output, 4DTensorOf<[I64]>:$indices);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_MaxUnpool2DOp : NNDCT_Op<"max_unpool2d", [NNDCT_FloatRole, Pure]> {
  let summary = "2-D max unpooling: scatters values to their argmax indices";
  let description = [{
    The inverse of `max_pool2d_with_indices` (ONNX MaxUnpool). The window
    (`kernel_size`, `strides`, `pads`) gives the unpooled size
    `(in - 1) * stride + kernel - pad_begin - pad_end`; the result's type
    gives the output size, at least the unpooled one (ONNX's output_shape,
    PyTorch's output_size). The result is zero except
    `y.flat[indices[i]] = input[i]`: the indices are MaxPool's of a tensor
    of the result's shape, as ONNX Runtime and PyTorch read them. An index
    outside the result fails the run.

    ```mlir
    %y = nndct.max_unpool2d %x, %i {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>}
        : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_Tensor4D:$input, 4DTensorOf<[I64]>:$indices,
                       NNDCT_Pair:$kernel_size,
                       DefaultValuedAttr<NNDCT_Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<NNDCT_Quad, "{0, 0, 0, 0}">:$pads);
  let results = (outs NNDCT_Tensor4D:$output);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NNDCT_LRNOp : NNDCT_InferOp<"lrn", [NNDCT_FloatRole, NNDCT_LibmRounding]> {
  let summary = "Local response normalization across channels";
  let description = [{
    For an input `[N, C, D1, ...]` (rank >= 3), ONNX LRN:
    `y = x / (bias + alpha / size * sum(x[c']^2))^beta`, the sum over the
    channels `c - floor((size - 1) / 2) <= c' <= c + ceil((size - 1) / 2)`
    that exist.

    ```mlir
    %y = nndct.lrn %x {size = 3 : i64, alpha = 1.0e-04 : f32, beta = 0.75 : f32, bias = 1.0 : f32}
        : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins NNDCT_FloatTensor:$input,
                       ConfinedAttr<NNDCT_I64Attr, [IntPositive]>:$size,
                       DefaultValuedAttr<F32Attr, "1.0e-4">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.75">:$beta,
                       DefaultValuedAttr<F32Attr, "1.0">:$bias);
  let results = (outs NNDCT_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_TriluOp : NNDCT_InferOp<"trilu", [NNDCT_FloatRole]> {
  let summary = "Upper or lower triangle of the last two dimensions";
  let description = [{
    ONNX Trilu: element `[..., i, j]` is kept when `j - i >= k` (`upper`)
    or `j - i <= k` (lower), else it is 0.

    ```mlir
    %y = nndct.trilu %x {upper = true, k = 1 : i64} : (tensor<4x5xf32>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins NNDCT_NumTensor:$input,
                       DefaultValuedAttr<BoolAttr, "true">:$upper,
                       DefaultValuedAttr<NNDCT_I64Attr, "0">:$k);
  let results = (outs NNDCT_NumTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NNDCT_OneHotOp : NNDCT_Op<"one_hot", [NNDCT_FloatRole, Pure]> {
  let summary = "One-hot encoding of integer-valued indices";
  let description = [{
    ONNX OneHot with a constant depth and values: the result has the
    indices' shape with `depth` inserted at `axis` (normalized, in
    `[0, rank]`); it holds `on_value` where the inserted coordinate equals
    the index (truncated toward 0; a negative index counts from `depth`)
    and `off_value` elsewhere. An index outside `[-depth, depth)` gives an
    all-off row. The result element type is the values' type.

    ```mlir
    %y = nndct.one_hot %i {depth = 10 : i64, axis = 1 : i64, on_value = 3.0 : f32, off_value = 1.0 : f32}
        : (tensor<3xi64>) -> tensor<3x10xf32>
    ```
  }];
  let arguments = (ins NNDCT_NumTensor:$indices,
                       ConfinedAttr<NNDCT_I64Attr, [IntPositive]>:$depth,
                       ConfinedAttr<NNDCT_I64Attr, [IntNonNegative]>:$axis,
                       DefaultValuedAttr<F32Attr, "1.0">:$on_value,
                       DefaultValuedAttr<F32Attr, "0.0">:$off_value);
  let results = (outs NNDCT_NumTensor:$output);
  let assemblyFormat = "$indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // NNDCT_OPS_TD

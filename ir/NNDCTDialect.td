//===- NNDCTDialect.td - the nndct dialect declaration -----*- tablegen -*-===//
//
// The `nndct` dialect: a dataflow IR of float CNN ops on builtin ranked
// tensors plus the power-of-two quantization ops that vai_q_pytorch models.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_DIALECT_TD
#define NNDCT_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def NNDCT_Dialect : Dialect {
  let name = "nndct";
  let cppNamespace = "::mlir::nndct";
  let summary = "Tensor-graph dialect for power-of-two post-training quantization";
  let description = [{
    Value-semantic ops on static-shaped builtin tensors in NCHW layout with
    OIHW weights. Float compute ops come from the frontends; `nndct.fix` ops
    carry the int8 fake quantization that the NPU executes; `nndct.region`
    groups the ops that are quantized (QuantStub…DeQuantStub regions).
  }];
  // Every discardable `nndct.*` attribute, spelled once here; the verifier
  // rejects any other and checks where each may appear. None changes what
  // an op computes (such a fact is an op attribute, e.g. `npu_numerics`).
  let discardableAttrs = (ins
    // On function arguments and results: the source model's tensor name.
    "::mlir::StringAttr":$name,
    // On the module: the #nndct.target the passes compile for.
    "::mlir::Attribute":$target,
    // On the module: what the ONNX frontend read (opset, producer tool).
    "::mlir::IntegerAttr":$onnx_opset,
    "::mlir::StringAttr":$producer,
    // On the module: which accuracy rewrites changed weights or biases
    // (quant_info.json reports them).
    "::mlir::UnitAttr":$bias_corrected,
    "::mlir::UnitAttr":$fast_finetuned,
    // On every op of the entry function: where nndct-place-ops put it.
    "::mlir::Attribute":$placement,
    // On NPU compute ops: the shifts their fix points make the device
    // execute (nndct-legalize-fix-points; nndct-verify-target checks them
    // against the fix points and the target's ranges).
    "::mlir::Attribute":$shifts,
    // On fixes: the network output's noise-to-signal ratio with this fix
    // moved to a few fix points around its own, every other fix applied
    // ({fix_point = F, nsr = array<f64: ...>} for F - r .. F + r;
    // nndct-measure-output-noise, the costs of nndct-legalize-fix-points).
    "::mlir::DictionaryAttr":$output_noise,
    // On convs, transposed convs and linears: what nndct-fast-finetune did
    // to the layer ({loss_before = F, loss_after = F, result = "kept" |
    // "unchanged" | "restored"}; the quant report lists it).
    "::mlir::DictionaryAttr":$finetune,
    // On ops: not quantized although their region is (nndct-keep-float);
    // the reason in words ("kept float for accuracy: +3.1 dB"). They get
    // no fix and run on the CPU.
    "::mlir::StringAttr":$kept_float
  );
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

#endif // NNDCT_DIALECT_TD

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
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

#endif // NNDCT_DIALECT_TD

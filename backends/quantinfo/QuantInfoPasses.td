//===- QuantInfoPasses.td - passes that read quant_info.json -*- tablegen -*-===//
//
// Test mode's IR change: fix points (and corrected biases) from a previous
// calibration run, as a pass so it composes with the prepare pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_QUANTINFO_PASSES_TD
#define NNDCT_QUANTINFO_PASSES_TD

include "mlir/Pass/PassBase.td"

def ApplyQuantInfoPass : Pass<"nndct-apply-quant-info", "ModuleOp"> {
  let summary = "Set fix points (and corrected biases) from quant_info.json";
  let description = [{
    vai_q_pytorch's test mode: the module, prepared like the calibration run
    (fixes inserted, no fix points), takes every fix point from `file`.
    Every quantized name of the model must be in the file and vice versa;
    otherwise one error lists the missing and the extra names, and the
    module is left unchanged.

    When the file says `"bias_corrected": true`, the corrected biases are
    copied from `bundle` (the calibration run's `<model>.nndct.mlir`),
    matched by parameter name, and the module is marked
    `nndct.bias_corrected`. A missing bundle is a warning: the biases stay
    as the model has them.

    ```
    nndct-opt m.mlir --nndct-ptq-pipeline="compile-to=regions" \
      --nndct-apply-quant-info="file=quantize_result/quant_info.json"
    ```
  }];
  let options = [
    Option<"file", "file", "std::string", "\"\"", "quant_info.json to apply">,
    Option<"bundle", "bundle", "std::string", "\"\"",
           "The calibration run's .nndct.mlir (for corrected biases)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

#endif // NNDCT_QUANTINFO_PASSES_TD

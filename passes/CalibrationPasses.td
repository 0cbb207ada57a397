//===- CalibrationPasses.td - passes that run the interpreter -*- tablegen -*-===//
//
// Passes that execute the model on data. They live in NNDCTCalibration (which
// links the interpreter) so that NNDCTPasses stays free of runtime code.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_CALIBRATION_PASSES_TD
#define NNDCT_CALIBRATION_PASSES_TD

include "mlir/Pass/PassBase.td"

def CalibratePass : Pass<"nndct-calibrate", "ModuleOp"> {
  let summary = "Run the model on calibration data and store statistics on each fix";
  let description = [{
    Runs the interpreter in float mode over `data` (one `.npy` file per
    function argument, samples stacked on dim 0; each sample's shape must be
    the argument's without its batch dim, or the argument's whole shape when
    the argument has batch 1 squeezed) and stores a `#nndct.calib_stats` on
    every fix of kind input/activation.

    - `statistics=per-batch` (vai_q_pytorch): samples are cut into batches of
      `batch` samples (the last may be short); for each batch every fix gets
      one candidate fix point (input fixes and `maxmin`: non-overflow;
      `diffs`: the 5-candidate search), stored in order for the modal vote.
      The result depends on `batch` exactly as vai's does.
    - `statistics=dataset`: one batch holding the whole data set; the result
      depends only on the data (not on `batch`, order of runs or threads).
    - `percentile`/`mse`/`entropy`: a 2048-bin |x| histogram over a
      power-of-two range that grows by merging bin pairs, so it is exact
      and independent of batching; input fixes still get per-batch fps.

    Memory: per fix O(histogram) plus the interpreter's live activations;
    samples are read from the files one run at a time. `diffs` runs each
    batch twice (min/max first, then the candidates' errors) so nothing is
    cached. Statistics are accumulated sequentially in double, so they are
    identical for any `threads`.
  }];
  let options = [
    ListOption<"data", "data", "std::string",
               "One .npy file per function argument">,
    Option<"method", "method", "std::string", "\"diffs\"",
           "diffs, maxmin, percentile, mse or entropy">,
    Option<"batch", "batch", "int64_t", "0",
           "Samples per calibration batch (0: the function's batch size)">,
    Option<"statistics", "statistics", "std::string", "\"per-batch\"",
           "per-batch (vai's modal vote) or dataset (batch-independent)">,
    Option<"threads", "threads", "int", "1", "Interpreter threads">,
    Option<"entry", "entry", "std::string", "\"\"",
           "Function to calibrate (default: the only function, or @main)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def BiasCorrectionPass : Pass<"nndct-bias-correction", "ModuleOp"> {
  let summary = "Move conv/linear biases against the mean quantization error";
  let description = [{
    vai_q_pytorch's bias correction: runs the fake-quantized and the float
    model on the same data, takes for every quantized conv2d,
    conv_transpose2d and linear the per-output-channel mean (over N, H, W
    and all samples) of `quantized output - float output`, and subtracts it
    from the bias (a zero bias is created when the op has none). Bias fix
    points are then recomputed from the new data. Needs assigned fix points.
  }];
  let options = [
    ListOption<"data", "data", "std::string",
               "One .npy file per function argument">,
    Option<"threads", "threads", "int", "1", "Interpreter threads">,
    Option<"entry", "entry", "std::string", "\"\"",
           "Function to correct (default: the only function, or @main)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

#endif // NNDCT_CALIBRATION_PASSES_TD

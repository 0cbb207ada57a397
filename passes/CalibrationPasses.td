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
      The result depends on `batch` as vai's does, with one exception: a
      batch in which the tensor is all zeros (a ReLU that never fired, a
      squeeze-excite gate closed) tells nothing of its range and does not
      vote (vai's vote for the largest fix point clips every value the other
      batches saw); only a tensor that is zero in every batch keeps those
      votes.
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
    Option<"method", "method", "::mlir::nndct::CalibrationMethod",
           "::mlir::nndct::PTQOptions().method",
           "Activation calibration: diffs, maxmin, percentile, mse or entropy",
           "::mlir::nndct::choiceValues<::mlir::nndct::CalibrationMethod>()">,
    Option<"batch", "batch", "int64_t", "::mlir::nndct::PTQOptions().batch",
           "Samples per calibration batch (0: the function's batch size)">,
    Option<"statistics", "statistics", "::mlir::nndct::CalibrationStatistics",
           "::mlir::nndct::PTQOptions().statistics",
           "per-batch (vai's modal vote) or dataset (batch-independent)",
           "::mlir::nndct::choiceValues<::mlir::nndct::CalibrationStatistics>()">,
    Option<"threads", "threads", "int", "::mlir::nndct::PTQOptions().threads",
           "Interpreter threads">,
    Option<"entry", "entry", "std::string", "\"\"",
           "Function to calibrate (default: the only function, or @main)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def BiasCorrectionPass : Pass<"nndct-bias-correction", "ModuleOp"> {
  let summary = "Move conv/linear biases against the mean quantization error";
  let description = [{
    Corrects every quantized conv2d, conv_transpose2d and linear (weight
    behind a fix with a fix point). Needs assigned fix points; bias fix
    points are recomputed from the corrected data.

    - `method=vai` (default; vai_q_pytorch's `param_corr`): the data is cut
      into steps of `batch` samples, run in fake-quant mode. In each step
      every layer compares its quantized output (its output fix applied
      when the layer ends a quant group) with the float layer on the same
      input (float weights, original bias), `error = quantized - float`,
      and updates `bias -= rate * mean over N,H,W of error` (`rate` 0.05,
      halved for the step when the layer's efficiency exceeds 4). The
      efficiency is an exponential average (weight 0.2, from 0) of
      `1.25 * log10(mean(float^2) / mean(error^2))`; a layer stops for
      good when it exceeds 4.3, when its averaged change is below 5 % of
      it, or when its change settles (vai's `eval_qnoise`). Layers without
      a bias are left alone. The corrected bias is used by later steps
      (the interpreter's output is shifted by the quantized bias change as
      it is produced).
    - `method=full`: one fake-quant and one float run of the whole model;
      the per-channel mean of `quantized output - float model output` over
      all samples is subtracted in full (a zero bias is created when the
      op has none). Accumulated network error, no stop rule.

    `vai` is the default for parity with vai_q_pytorch. `full` corrects
    more: on the 8-layer CNN of test/backends/interpreter/Inputs/
    integer_cnn.py (64 calibration samples, 32 held-out) the output SQNR
    against float went from 26.3 dB (no correction) to 26.6 dB with `vai`
    and 29.1 dB with `full` (top-1 agreement 84 %, 91 %, 94 %).
  }];
  let options = [
    ListOption<"data", "data", "std::string",
               "One .npy file per function argument">,
    Option<"method", "method", "::mlir::nndct::BiasCorrectionMethod",
           "::mlir::nndct::PTQOptions().biasCorrectionMethod",
           "vai (stepwise, stop rule) or full (one-shot mean)",
           "::mlir::nndct::choiceValues<::mlir::nndct::BiasCorrectionMethod>()">,
    Option<"rate", "rate", "double", "::mlir::nndct::PTQOptions().biasCorrectionRate",
           "vai: correction rate per step">,
    Option<"batch", "batch", "int64_t", "::mlir::nndct::PTQOptions().batch",
           "vai: samples per step (0: the function's batch)">,
    Option<"threads", "threads", "int", "::mlir::nndct::PTQOptions().threads",
           "Interpreter threads">,
    Option<"entry", "entry", "std::string", "\"\"",
           "Function to correct (default: the only function, or @main)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def MeasureOutputNoisePass : Pass<"nndct-measure-output-noise", "ModuleOp"> {
  let summary = "Measure what each fix's quantization does to the network output";
  let description = [{
    nndct-legalize-fix-points (`strategy=exact`) weighs each candidate fix
    point by the noise it adds to the network output. This pass measures
    that on the first `samples` samples of `data`: the float model for
    reference, then the fake-quant model (every fix at its own fix point)
    with this fix moved to each fix point F - r .. F + r (F its own, r =
    `radius`). The output's noise-to-signal ratio (NSR: squared error over
    energy, all outputs) at each is recorded on the fix as
    `nndct.output_noise = {fix_point = F, nsr = array<f64: ...>}`.
    Measured, not modelled: clipping the largest values of a tensor on the
    main path costs the output far more than its rounding noise suggests,
    and a squeeze-excite average before a saturating gate far less.
    An output computed by a softmax, log-softmax, sigmoid or hard sigmoid
    is measured at that op's input (as quantized): a confident classifier's
    probabilities saturate and would hide every fix's noise.

    Only the fixes whose costs the exact solver reads are measured: those
    in the windows around the broken shift rules. The pass finds them by
    running the solver itself (it keeps no answer): 2r fake-quant runs per
    fix, plus one shared, per sample batch. A fix that has a record keeps
    it, so running the pass again (after bias correction) only measures
    new windows. Nothing is measured without a target, or when every rule
    holds. `max-move` must be nndct-legalize-fix-points' own.
  }];
  let options = [
    ListOption<"data", "data", "std::string",
               "One .npy file per function argument">,
    Option<"samples", "samples", "int64_t", "4",
           "Samples measured (rounded down to whole function batches, at least one)">,
    Option<"radius", "radius", "int64_t", "2",
           "Fix points measured on each side of the fix's own">,
    Option<"maxMove", "max-move", "int64_t", "12",
           "nndct-legalize-fix-points' max-move">,
    Option<"threads", "threads", "int", "::mlir::nndct::PTQOptions().threads",
           "Interpreter threads">,
    Option<"entry", "entry", "std::string", "\"\"",
           "Function to measure (default: the only function, or @main)">
  ];
  let statistics = [
    Statistic<"numMeasured", "measured", "Fixes whose output noise was measured">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def RefineFixPointsPass : Pass<"nndct-refine-fix-points", "ModuleOp"> {
  let summary = "Choose clipping activation fix points by the network output's error";
  let description = [{
    The calibration methods choose each activation's fix point for that
    tensor's own error: `diffs` clips a tensor when that lowers its mean
    squared error, even where the clipped values are the ones the network
    output depends on (a hard swish before a squeeze-excite average, a
    detector's logits). For every activation or input fix whose fix point
    clips its calibrated range (finer than the range's non-overflow fix
    point F0), this pass measures the network output's noise-to-signal ratio
    at each fix point from F0 to its own on the first `samples` samples of
    `data` (fake-quant, every other fix at its fix point; a softmax or
    sigmoid output compared at its input) and keeps the least, in program
    order, each choice seen by the next. Ties keep the fix's own. The
    per-tensor method stays the baseline: this pass only ever clips less.
  }];
  let options = [
    ListOption<"data", "data", "std::string",
               "One .npy file per function argument">,
    Option<"samples", "samples", "int64_t", "4",
           "Samples measured (rounded down to whole function batches, at least one)">,
    Option<"threads", "threads", "int", "::mlir::nndct::PTQOptions().threads",
           "Interpreter threads">,
    Option<"entry", "entry", "std::string", "\"\"",
           "Function to refine (default: the only function, or @main)">
  ];
  let statistics = [
    Statistic<"numMeasured", "measured", "Fixes whose candidates were measured">,
    Statistic<"numChanged", "changed", "Fix points the output's error moved">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def FastFinetunePass : Pass<"nndct-fast-finetune", "ModuleOp"> {
  let summary = "Fit each quantized layer to its float twin (AdaQuant, AdaRound)";
  let description = [{
    After the fix points are assigned and legal, each conv and transposed
    conv (any groups) and linear with a quantized weight, in program order,
    is fitted so that its
    quantized form on the quantized network's input computes what the float
    layer computes on the float network's input, through its activation
    (relu, relu6, leaky relu, hard swish) and output fix. Only weights and
    biases change; every fix point stays.

    The layer is seen through `rows` sampled output positions (the input
    values under one output pixel, or one input vector of a linear), spread
    evenly over the samples of `data` at seeded positions. The float rows
    of every layer come from one float run over the data, kept for the
    whole pass; the quantized rows of a layer from a fake-quant run with
    every earlier layer already finetuned. Their memory is computed before
    anything runs: over `max-memory` MiB, the pass fails and names the
    options to change.

    - `method=adaquant` (vai_q_pytorch's fast finetune): Adam on weight and
      bias through the fixes (straight-through inside their range), loss
      MSE(layer) + MSE(W, W_float), learning rate 0.01 * std of each
      tensor, halved back at the best point after an epoch without
      improvement;
    - `method=adaround` (Nagel et al. 2020): per weight, whether it rounds
      down or up, learned through a rectified sigmoid with an annealed
      regularizer; then the biases absorb the mean error left.

    A fit that does not lower its layer's loss changes nothing; a layer
    whose change raises the network output's error on the first
    `check-samples` samples (vai's rule) is restored. Each layer gets
    `nndct.finetune` = {loss_before, loss_after, result} (result: kept,
    unchanged or restored) and a remark with its loss and time; the module
    gets `nndct.fast_finetuned`. Results are the same for any thread count
    and batch size.
  }];
  let options = [
    ListOption<"data", "data", "std::string",
               "One .npy file per function argument">,
    Option<"method", "method", "::mlir::nndct::FinetuneMethod",
           "::mlir::nndct::FinetuneMethod::AdaQuant",
           "adaquant or adaround",
           "::mlir::nndct::choiceValues<::mlir::nndct::FinetuneMethod>()">,
    Option<"rows", "rows", "int64_t", "2048",
           "Output positions sampled per layer">,
    Option<"epochs", "epochs", "int64_t", "0",
           "Passes over the rows per layer (0: 10 for adaquant, 40 for adaround)">,
    Option<"maxMemory", "max-memory", "int64_t", "4096",
           "Most MiB the cached rows may take">,
    Option<"checkSamples", "check-samples", "int64_t", "16",
           "Samples the network output's error is checked on">,
    Option<"seed", "seed", "int64_t", "0",
           "Seed of the sampled positions and the row order">,
    Option<"threads", "threads", "int", "::mlir::nndct::PTQOptions().threads",
           "Interpreter and fit threads">,
    Option<"entry", "entry", "std::string", "\"\"",
           "Function to finetune (default: the only function, or @main)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

#endif // NNDCT_CALIBRATION_PASSES_TD

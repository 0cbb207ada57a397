//===- Passes.td - nndct pass declarations -----------------*- tablegen -*-===//
//
// Every nndct pass and its options. Flags are nndct-<verb>-<object>.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_TD
#define NNDCT_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBatchNormPass : Pass<"nndct-fold-batchnorm", "func::FuncOp"> {
  let summary = "Fold batch_norm into the preceding convolution";
  let description = [{
    `s = gamma / sqrt(var + eps)`; a conv, depthwise conv or transposed conv
    whose only user is a batch_norm gets `W' = W * s` (per output channel) and
    `b' = b * s + beta - mean * s`. A batch_norm that cannot fold becomes a
    per-channel scale and offset: a 1x1 depthwise conv2d on 4-D inputs (what
    the NPU runs), a mul + add otherwise. Afterwards no batch_norm remains.
  }];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def FoldAffinePass : Pass<"nndct-fold-affine", "func::FuncOp"> {
  let summary = "Fold constant scales and shifts into the layers next to them";
  let description = [{
    A mul, add, sub or div by a constant that is one value, or one value per
    channel, is an affine map `x * s + t` over channels. Left alone, each is
    an NPU op with its own activation fix, and a tiny constant (PaddleOCR's
    learnable affine blocks hold shifts near 1e-4) quantizes to zero.
    Folded, the float model computes the same in real arithmetic:

    - a conv, transposed conv or linear whose only user starts a chain of
      such ops absorbs the chain: `W' = W * s`, `b' = b * s + t` per output
      channel;
    - a chain whose result only feeds a conv or linear (its input) is
      absorbed by it: `W' = W * s[c_in]`, `b' = b + sum(W * t[c_in])`. A
      conv that pads sees zeros where `x * s + t` is not zero, so it takes
      only the scale and keeps one add, `x + t / s`, before it;
    - three or more such ops in a row with single-value constants become one
      mul and one add.

    Folded layers get a location fusing the layer's and the folded ops'.
  }];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def EqualizePass : Pass<"nndct-equalize", "func::FuncOp"> {
  let summary = "Cross-layer equalization: balance weight ranges across layer pairs";
  let description = [{
    Nagel et al. 2019. A conv or linear `L1` whose output only reaches a
    conv or linear `L2` (directly or through one relu, leaky relu or prelu,
    all of which commute with a positive scale) computes the same function
    when L1's output channel `i` is divided by `s_i` and L2's input channel
    `i` multiplied by it. With `s_i = sqrt(r1_i / r2_i)` (`r1_i`: largest
    |weight| of L1's output channel i, `r2_i`: of L2's input channel i)
    both become `sqrt(r1_i * r2_i)`, so a per-tensor weight fix point no
    longer spends its range on one channel while the others round to zero.
    Depthwise convs are both: in a conv -> depthwise -> conv chain the
    pairs are swept until no scale moves by more than 0.01 % (at most
    `max-sweeps` times). A channel that is zero in either layer is left
    alone. The float function is unchanged up to float rounding; the
    rescaled parameters are named `<name>.cle`. Runs before calibration
    (on canonical IR, after the batch-norm and affine folds).
  }];
  let options = [
    Option<"maxSweeps", "max-sweeps", "int64_t", /*default=*/"100",
           "Most sweeps over the layer pairs">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def CanonicalizePass : Pass<"nndct-canonicalize", "func::FuncOp"> {
  let summary = "Bring nndct IR to canonical form";
  let description = [{
    Applies the nndct ops' folders and canonicalization patterns (declared
    on the ops, so upstream `-canonicalize` applies them too): dropout,
    identity and all-zero pads fold away, reshapes and transposes of
    constants fold into new constants, reshape(reshape(x)) is one reshape,
    clamp(0, 6) becomes relu6 and clamp(0, inf) relu, layer and group
    normalizations written out as reduce_mean/sub/pow/sqrt/div chains (and
    their reshape + affine forms) become nndct.layer_norm / nndct.group_norm,
    relu6(x + 3) / 6 becomes hard_sigmoid and x * relu6(x + 3) / 6 or
    x * hard_sigmoid(x) hard_swish (Paddle2ONNX's form), and dead ops go. The patterns are also available through
    `populateCanonicalizePatterns`.
  }];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def VerifyCanonicalPass : Pass<"nndct-verify-canonical", "func::FuncOp"> {
  let summary = "Check that IR is in canonical form";
  let description = [{
    Fails with an error naming the op when a batch_norm, dropout or identity
    remains, or when a reshape/transpose of a constant was not folded. Runs at
    the boundary between canonicalization and quantization.
  }];
}

def PartitionQuantRegionsPass : Pass<"nndct-partition-quant-regions", "func::FuncOp"> {
  let summary = "Wrap each connected quantized part of a function in an nndct.region";
  let description = [{
    Decides which ops are quantized (QuantStub semantics, spec §Regions) and
    wraps every connected quantized part in `nndct.region "quant_<i>"`,
    numbered in program order; values used outside are yielded.

    - With `quant_stub`/`dequant_stub` ops: an op is quantized iff it is
      reachable from a quant_stub without passing a dequant_stub. The
      quant_stub is inside its region, the dequant_stub outside.
    - With `quant-begin`/`quant-end` (tensor names: `NameLoc` names of ops,
      `nndct.name` argument attributes): ops reachable from a begin tensor
      are quantized, up to and including the producers of end tensors. A
      begin tensor enters the region (it gets an input fix); an empty
      `quant-end` quantizes everything downstream.
    - With neither: every op of the function body is quantized (the whole
      body is one region `quant_0`).

    Constants join a region when all their users are in it. Float ops that
    are not in the quant table (sigmoid, tanh, ...) may sit inside a region:
    they get no fix and stay float (target legalization moves them to the
    CPU). Errors name the op: a dequant_stub that no quant_stub reaches; an
    op in a quantized part that nndct cannot quantize at all (an op of
    another dialect, an already-quantized `quantize_linear` /
    `dequantize_linear`, a leftover `batch_norm`); a tensor name that does not
    exist; a quantized part that re-enters itself through a float op.
    Functions that already contain regions are left alone.

    ```mlir
    %r = nndct.region "quant_0" {
      %q = nndct.quant_stub %x : tensor<1x8xf32>
      %y = nndct.relu %q : tensor<1x8xf32>
      nndct.yield %y : tensor<1x8xf32>
    } : tensor<1x8xf32>
    %f = nndct.dequant_stub %r : tensor<1x8xf32>
    ```
  }];
  let options = [
    ListOption<"quantBegin", "quant-begin", "std::string",
               "Tensors where quantization begins (models without stubs)">,
    ListOption<"quantEnd", "quant-end", "std::string",
               "Last quantized tensors (models without stubs)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def KeepFloatPass : Pass<"nndct-keep-float", "func::FuncOp"> {
  let summary = "Keep the named ops float inside their quantized region";
  let description = [{
    Marks each op named in `ops` (its location's name, as the quant report
    and `nndct analyze` print it) with `nndct.kept_float`, before fixes are
    inserted: the op gets no fix (its weights and bias stay float) and runs
    on the CPU with reason `kept_float`. Its quant group goes with it: the
    activations and shape ops that continue its group (a conv's relu) are
    kept float too, so the group's tensor is quantized once, where a
    quantized op reads it (an input fix), not twice.

    `reasons` (optional, one per name) says why, in words; the search of
    `nndct quantize --max-float-ops` gives "kept float for accuracy: +x dB"
    (what it gained in output SQNR), and test mode reads them back from
    quant_info.json. The default is "kept float (asked for)".

    Errors name the option: a name no op has, an op that is not quantized
    (outside every region, or float already), `reasons` of another length.

    ```mlir
    %c = nndct.conv2d %x, %w, %b {nndct.kept_float =
        "kept float for accuracy: +3.10 dB"} : ...
    ```
  }];
  let options = [
    ListOption<"ops", "ops", "std::string", "Names of the ops kept float">,
    ListOption<"reasons", "reasons", "std::string",
               "Why each is kept float (optional, one per op)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def InsertFixPass : Pass<"nndct-insert-fix", "func::FuncOp"> {
  let summary = "Insert nndct.fix on every tensor that must be quantized";
  let description = [{
    Inside every `nndct.region`, following the quant table of
    `ir/QuantRole.h`, declared per op in `NNDCTOps.td` (spec §Quant groups):

    - activation and shape ops (relu, relu6, leaky_relu, clamp, reshape,
      transpose, slice, split, nearest resize, dropout, identity) join their
      producer's group when the producer is quantized and has this op as its
      only consumer; each group gets one output fix after its last op
      (`kind activation`, `half_up`);
    - a group output consumed only by concats gets no fix of its own: it
      shares the concat's output fix;
    - constant operands of quantized ops get `kind weight` fixes (`bias` for
      the bias operand of conv/linear), `std_round`, one per constant;
    - region inputs get `kind input` fixes (`half_up`): quant_stub outputs,
      values from outside the region (network inputs), and values a
      quantized op takes from a float op of the region.

    Fix points are left unset. Regions that already contain fixes are
    skipped, so the pass is idempotent.
  }];
  let options = [
    Option<"bitWidth", "bit-width", "int64_t", "::mlir::nndct::PTQOptions().bitWidth",
           "Bits of every fix">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def LegalizeFixPointsPass : Pass<"nndct-legalize-fix-points", "func::FuncOp"> {
  let summary = "Make fix points satisfy the target's shift rules";
  let description = [{
    Every NPU op the target has shift rules for (conv, depthwise and
    transposed conv, linear: shift_cut and shift_bias; add and sub:
    shift_read and shift_write; mul: shift_write; hard sigmoid and hard
    swish: their windows; concat and, where the target aligns them,
    average pools: input = output) relates the fix points of its input,
    weight, bias and output fixes. The rules, with their ranges from the
    target model, form an integer program over the fix points:

    - `strategy=exact` (default): the assignment of least total cost that
      satisfies every rule. The cost of a fix point is the noise-to-signal
      ratio it adds to the network output over the calibrated choice, as
      nndct-measure-output-noise recorded it (`nndct.output_noise`; beyond
      the measured fix points, scaled along the tensor's own error); a fix
      without a record counts the growth of its tensor's own
      noise-to-signal ratio, from the errors nndct-calibrate recorded (or
      the weights' data). Any change costs at least a little, so legal fix
      points stay as they are. Solved exactly in windows around the broken
      rules, by branch and bound or Z3.
      When no assignment exists (`max-move` bounds how far any fix point
      may move from its calibrated value, 12 steps by default; with the
      target's ranges a fix point of 7 satisfies every AIE2 rule, so it is
      that bound, or fix points outside the domain, that makes a problem
      infeasible), the error lists a minimal set of conflicting rules by
      op.
    - `strategy=greedy`: vai_q_pytorch's repair, one pass over the rules in
      graph order moving one fix point per broken rule; rules still broken
      afterwards are a warning here (nndct-verify-target then rejects
      them), so the result can be compared.

    Afterwards every NPU op with rules carries `nndct.shifts` (the shifts
    its fix points make the device execute): the integer interpreter
    executes them and the xmodel carries them (`shift_cut`, `shift_bias`,
    `shift_read`, `shift_write` on the XIR op). The number of fixes changed
    and of rules broken before are pass statistics, and with `report` a
    remark at the function: "<rules> shift rules, <broken> broken, <moved>
    fix points moved, cost <c>" (the total cost in millionths of output
    noise-to-signal ratio, comparable between strategies). Without a
    target, or with no NPU op, nothing changes.
  }];
  let options = [
    Option<"strategy", "strategy", "::mlir::nndct::FixPointStrategy",
           "::mlir::nndct::PTQOptions().fixPointStrategy",
           "exact (least total cost) or greedy (vai's one-pass repair)",
           "::mlir::nndct::choiceValues<::mlir::nndct::FixPointStrategy>()">,
    Option<"maxMove", "max-move", "int64_t", "12",
           "How far a fix point may move from its calibrated value (steps)">,
    Option<"report", "report", "bool", "false",
           "Emit a remark with the rules broken, fix points moved and total cost">
  ];
  let statistics = [
    Statistic<"numRules", "rules", "Shift rules of NPU ops">,
    Statistic<"numBroken", "broken", "Rules the assigned fix points broke">,
    Statistic<"numChanged", "changed", "Fix points changed">,
    Statistic<"numCost", "cost",
              "Total cost of the result (millionths of noise-to-signal ratio)">
  ];
}

def AssignFixPointsPass : Pass<"nndct-assign-fix-points", "func::FuncOp"> {
  let summary = "Set the fix point of every nndct.fix (vai_q_pytorch rules)";
  let description = [{
    - weight/bias: computed once from the constant data with `std_round`
      (`diffs` unless `param-method=maxmin`), no calibration needed;
    - input (network inputs, quant_stub outputs): non-overflow fp; the mode
      of the per-batch candidates that nndct-calibrate stored;
    - activation, `diffs`/`maxmin` statistics: the mode of the per-batch
      candidates (ties to the smallest);
    - activation, histogram statistics: `percentile` takes the pof2 range
      just covering the `percentile`-th |x| (rounding toward the coarser
      step: nothing the method keeps is clipped; vai's QAT uses the same
      ceil rule); `mse` and `entropy` pick among the 5 diffs candidates by
      histogram-estimated MSE / KL divergence;
    - every fp is clamped to <= 12 (8 bit) or <= 15 (wider); no lower clamp.

    A fix of kind input/activation without statistics is an error. With
    `overwrite`, fixes that already have a fix point are recomputed.
  }];
  let options = [
    Option<"paramMethod", "param-method", "::mlir::nndct::ParamMethod",
           "::mlir::nndct::PTQOptions().paramMethod",
           "Method for weights and biases: diffs or maxmin",
           "::mlir::nndct::choiceValues<::mlir::nndct::ParamMethod>()">,
    Option<"percentile", "percentile", "double", "::mlir::nndct::PTQOptions().percentile",
           "Percentile of |x| for method=percentile">,
    Option<"overwrite", "overwrite", "bool", "false",
           "Recompute fixes that already have a fix point">
  ];
}

def LegalizeTargetPass : Pass<"nndct-legalize-target", "func::FuncOp"> {
  let summary = "Rewrite ops into the forms the module's target runs";
  let description = [{
    Reads the target model of the module's `#nndct.target`
    (`ir/TargetModel.h`) and rewrites ops the target's engines cannot run as
    they are into equivalent ones they can. Without a target it changes
    nothing. Each rewrite keeps the op's location; ops it adds before the
    op are named after it.

    - `hard_sigmoid` with another `alpha`/`beta` than the engine's
      (`relu6(x + 3) / 6` on AIE2) becomes the engine's hard sigmoid of
      `6 * alpha * x + (6 * beta - 3)`: Paddle's `alpha = 0.2, beta = 0.5`
      is torch's hard sigmoid of `1.2 * x`. The affine map folds into the
      producing conv2d / conv_transpose2d / linear when the producer feeds
      only the hard sigmoid and has constant weights; otherwise it is a
      `mul` (and an `add`) by scalar constants.
    - `conv2d` with `1 < groups` that is not depthwise, on a target whose
      conv engine has no grouped convolution: one slice, conv2d and weight
      block per group, joined by a `concat` along the channels.
    - an activation after a `concat` whose every input is the only use of
      an NPU op whose engine applies it (the split grouped conv above, then
      its relu): one activation per input, named `<act>.part<i>`, before
      the concat, so each engine runs it fused.
    - `split`: one `slice` per result, named `<split>.slice<i>`.
    - `reduce_mean` over exactly H and W of a 4-D tensor: global average
      pooling (`adaptive_avg_pool2d` to 1 x 1), then a `reshape` without
      `keepdims`.
    - `max_pool2d`, `avg_pool2d` and global average pooling whose window or
      stride exceeds the engine's: a chain of pools that fit and compute
      the same values. Max pool `k` = max pool `k2` (stride `s`) of max pool
      `k1` (stride 1), `k1 + k2 - 1 = k`; average pools split into
      non-overlapping stages (`k = d * k'`, `s = d * s'`, first stage `d`
      taps at stride `d`); a stride beyond the engine's becomes the pool at
      stride `a` and a 1-tap pool at stride `b`, `a * b = s`. Padding goes
      into the first stage when it stays within `kernel - 1` there; an
      average pool with padding needs `count_include_pad`. A pool with no
      exact chain is left as it is.
    - an explicit zero `pad` of H and W before a `conv2d` or an
      `avg_pool2d` (with `count_include_pad`, or without padding of its
      own) folds into the consumer's padding when the consumer fits its
      engine and each side stays within `kernel - 1`.
    - `convert-silu`: `silu` and `x * sigmoid(x)` become `hard_swish`
      (`x * relu6(x + 3) / 6`; `|silu - hard_swish| < 0.143`) — or `x` times
      the engine's hard sigmoid when the engine's is another form.
    - `convert-sigmoid`: `sigmoid` becomes the engine's `hard_sigmoid`
      (`|sigmoid - relu6(x + 3) / 6| < 0.07`).

    Both options change the model's numerics (vai_q_pytorch's
    `convert_silu_to_hswish`, AMD Quark's NPU option) and are off by
    default; without them a sigmoid or SiLU stays float, on the CPU.

    ```mlir
    // alpha = 0.2, beta = 0.5 after a conv with weights w and bias b:
    %c = nndct.conv2d %x, %w12, %b12 ...   // w * 1.2, b * 1.2
    %y = nndct.hard_sigmoid %c {alpha = 0.166666672 : f32} ...
    ```
  }];
  let options = [
    Option<"convertSigmoid", "convert-sigmoid", "bool",
           "::mlir::nndct::PTQOptions().convertSigmoid",
           "Run sigmoid as the engine's hard sigmoid (changes the numerics)">,
    Option<"convertSilu", "convert-silu", "bool",
           "::mlir::nndct::PTQOptions().convertSilu",
           "Run SiLU (x * sigmoid(x)) as hard swish (changes the numerics)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def EmulateNPUNumericsPass : Pass<"nndct-emulate-npu-numerics", "func::FuncOp"> {
  let summary = "Make the float and fake-quant model compute what the device computes";
  let description = [{
    The device approximates a few ops (spec §Device numerics); a quantized
    model that does not emulate them predicts accuracy the device will not
    reach. Every constant comes from the module's target model
    (`#nndct.target`, `ir/TargetModel.h` DeviceNumerics), and the pass
    records what it decided on the ops, so nndct's fake-quant execution
    (and everything built on it: bias correction, evaluation), the integer
    interpreter and the exporters all read the same decision and make none
    of their own:

    - `leaky_relu`: the slope the device multiplies by, `k / 2^shift` with
      `2^shift` the target's leaky denominator (256) and `k` rounded half
      up (0.1 -> 26/256 = 0.1015625), becomes `alpha` and is recorded as
      `npu_multiplier = k, npu_shift = shift`. This is a real rewrite (as
      vai_q_pytorch and Quark do), so float calibration sees it too. A
      target with one fixed slope (DPUCZDX8G: 26/256 only) rewrites only
      the alphas that round to it; another alpha stays as it is, without
      the attributes: the device has no kernel for it (it runs in float on
      the CPU, see nndct-place-ops).
    - `hard_sigmoid` of the engine's form (alpha 1/6, beta 1/2): the
      target's 1/6 as `npu_multiplier`/`npu_shift` (2731 / 2^14);
      fake-quant and the integer mode compute
      `relu6(x + 3) * multiplier / 2^shift` (up to 1.0001 instead of 1).
    - `avg_pool2d`, `adaptive_avg_pool2d`, `reduce_mean`: marked with the
      unit attribute `npu_numerics` when the target averages with its
      multiplier table and some window's count is not a power of two; the
      kernels then compute `sum * multiplier * 2^-shift` (3x3: `* 7/64`,
      i.e. the mean times 63/64; table and rule in
      ir/numerics/DeviceArithmetic.h). A marker rather than constants:
      the factor depends on each window's count. Float mode keeps the
      exact mean (the float model is the reference).

    Without a `#nndct.target` the pass fails (the PTQ pipeline attaches
    one first, see nndct-attach-target). Idempotent. An op without these
    attributes computes its float formula in every mode, the integer
    interpreter included.

    ```mlir
    %y = nndct.avg_pool2d %x {kernel_size = array<i64: 3, 3>, npu_numerics}
        : (tensor<1x8x6x6xf32>) -> tensor<1x8x4x4xf32>
    %l = nndct.leaky_relu %x {alpha = 0.1015625 : f32, npu_multiplier = 26,
        npu_shift = 8} : tensor<1x8x4x4xf32>
    ```
  }];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def PlaceOpsPass : Pass<"nndct-place-ops", "func::FuncOp"> {
  let summary = "Put every op on the NPU or the CPU, with a reason for the CPU";
  let description = [{
    Asks the module's target model (`ir/TargetSupport.h`) whether one of the
    NPU's engines runs each op, and records the answer on the op as
    `nndct.placement` (`#nndct.placement`): the engine for an NPU op, a
    reason code and a message naming the limit for a CPU op. Ops outside
    quantized regions (when the function has any; without regions its whole
    body is one quantized graph) and ops with no integer form run on the
    CPU.

    Then, on the graph:
    - an activation the target runs only fused joins the NPU op before it
      when that op's engine fuses it and has no other user;
    - ops are grouped into device subgraphs that form an acyclic graph by
      construction (an op joins a producer's subgraph only when no path
      leaves that subgraph and comes back), numbered in program order;
    - an NPU subgraph with no multiply-accumulate op (conv, depthwise or
      transposed conv, linear) goes to the CPU with reason `fragment`:
      eltwise, pool and data movement are memory-bound, so moving their
      data costs more than running them on the device saves.

    Without a `#nndct.target` the pass fails: the target decides placement.
    The counts are pass statistics (`--mlir-pass-statistics`).

    ```mlir
    %c = nndct.conv2d %x, %w {nndct.placement = #nndct.placement<device = npu,
        engine = "conv", subgraph = 0>} : ...
    %s = nndct.sigmoid %c {nndct.placement = #nndct.placement<device = cpu,
        reason = float_op, message = "sigmoid: no integer form; it runs in
        float", subgraph = 1>} : ...
    ```
  }];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
  let statistics = [
    Statistic<"numNpuOps", "npu-ops", "Ops placed on the NPU">,
    Statistic<"numCpuOps", "cpu-ops", "Ops placed on the CPU">,
    Statistic<"numSubgraphs", "subgraphs", "Device subgraphs">
  ];
}


def VerifyTargetPass : Pass<"nndct-verify-target", "func::FuncOp"> {
  let summary = "Check placements against the target's limits (check-only)";
  let description = [{
    Runs at the end of the PTQ pipeline and fails with an error on the op for
    every violation, changing nothing:

    - a placeable op without `nndct.placement`;
    - an NPU op the target's engines cannot run (the limit's message), or
      placed on another engine than the one that runs it; an activation
      counts as supported when it is fused into its NPU producer, whose
      engine applies it;
    - a subgraph whose ops are on different devices or in different regions;
    - subgraphs that depend on each other both ways (XIR's
      "Children from a same subgraph depend each other").

    - fix points that break one of the target's shift rules (shift_cut,
      shift_bias, shift_read, shift_write, the hard sigmoid and hard swish
      windows, aligned inputs and outputs), listing the fixes involved;
    - an NPU op with shift rules whose `nndct.shifts` is missing or does
      not restate its fix points.

    Ops whose fixes have no fix points yet (before calibration) have no
    shift rules to check.
  }];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

//===----------------------------------------------------------------------===//
// Target selection
//===----------------------------------------------------------------------===//

def AttachTargetPass : Pass<"nndct-attach-target", "ModuleOp"> {
  let summary = "Set the module's hardware target (#nndct.target)";
  let description = [{
    Sets the module's `nndct.target` to the target model registered under
    `name` (`ir/TargetModel.h`), the first step of the PTQ pipeline: every
    later decision (legalization, device numerics, placement) reads it.
    An unknown name is an error listing the known targets; a module that
    already names another target is an error (a model is compiled for one
    device); the same target again changes nothing.

    ```mlir
    // nndct-opt --nndct-attach-target="name=DPUCZDX8G_ISA1_B4096"
    module attributes {nndct.target = #nndct.target<"DPUCZDX8G_ISA1_B4096">} {}
    ```
  }];
  let options = [
    Option<"name", "name", "std::string",
           "::mlir::nndct::PTQOptions().target",
           "The target model's name (AMD_AIE2_Nx4_Overlay_cfg0, "
           "DPUCZDX8G_ISA1_B4096)">
  ];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

#endif // NNDCT_PASSES_TD

#!/usr/bin/env python3
"""Conformance of the ONNX frontend (and the interpreter) on the ONNX backend test data.

Import mode (default): runs `nndct-translate --import-onnx` on every
model.onnx of the node, pytorch-converted, pytorch-operator and simple suites
of libonnx-testdata and reports per suite how many import (and verify), how
many are rejected with a diagnostic, and why. A crash (signal, exit code other
than 0/1, or exit 1 without a diagnostic) is always a bug and makes the script
exit 1.

Numerical mode (--run DRIVER, DRIVER = build/bin/onnx-conformance-run):
every case (each of its test_data_set_*) goes through import + interpreter
in one driver process per suite, and the outputs are compared with the
expected output_k.pb (|got - want| <= atol + rtol * |want|, rtol 1e-4,
atol 1e-5 unless TOLERANCES says otherwise, NaN equal to NaN). Cases run
unmodified with all their inputs: the driver binds the inputs that a node
needs as constants (shapes, axes, pads, scales, bounds...), as `nndct run`
does, and reports them (BIND lines); a bound input counts as a constant for
the scope below. A case is
"passed", "failed" (ran, wrong values or shapes, or crashed) or
"unsupported" (rejected with a diagnostic by the importer or the
interpreter); cases whose ops are all in the issue-3 op list (IN_SCOPE) are
reported separately, and every in-scope case must pass unless listed in
KNOWN_FAILURES with its reason. The script exits 1 on any failure among
supported cases (but the KNOWN_FAILURES), any crash, and any unexpected
in-scope failure.

usage: onnx_conformance.py NNDCT_TRANSLATE [--data DIR] [--details] [--suite S]
       onnx_conformance.py --run DRIVER [--data DIR] [--details] [--suite S]
                           [--threads N] [--reference-kernels]
"""
import argparse
import collections
import glob
import os
import re
import subprocess
import sys

SUITES = ["node", "pytorch-converted", "pytorch-operator", "simple"]


def classify(stderr):
    """A short reason for a rejected model."""
    if "unsupported ONNX node" in stderr:
        ops = re.search(r"unsupported ONNX nodes? \(opset \d+\): (.*)", stderr)
        names = re.findall(r"(?:^|; )([\w:]+) \(", ops.group(1)) if ops else []
        return "unsupported op", names
    if "uses ONNX opset" in stderr:
        return "unsupported opset", []
    if "element type" in stderr:
        return "unsupported input type", []
    if "must be a constant" in stderr or "only supported on constant" in stderr:
        return "needs constant input", []
    if "is not supported" in stderr:
        return "unsupported attribute/form", []
    return "other error", []


# ---------------------------------------------------------------------------
# Numerical mode (--run): import + interpreter vs the expected outputs.
# ---------------------------------------------------------------------------

# The issue-3 op list. SHAPE_OPS count as in scope only as shape arithmetic:
# when none of their inputs is an (unbound) graph input.
CORE_OPS = {
    "Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div",
    "Relu", "LeakyRelu", "PRelu", "Clip", "Sigmoid", "HardSigmoid",
    "HardSwish", "Tanh", "Softmax", "MaxPool", "AveragePool",
    "GlobalAveragePool", "BatchNormalization", "Concat", "Reshape", "Flatten",
    "Transpose", "Squeeze", "Unsqueeze", "Pad", "Slice", "Split", "Resize",
    "Upsample", "ReduceMean", "ReduceSum", "ReduceMax", "Identity", "Dropout",
    "Constant", "QuantizeLinear", "DequantizeLinear", "Shape", "Size",
    # Issue 15: comparison and logic, elementwise math, data movement on
    # runtime data.
    "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual", "And", "Or",
    "Xor", "Not", "Where", "Neg", "Reciprocal", "Sign", "Sin", "Cos", "Min",
    "Max", "Mean", "Sum", "Mod", "Expand", "Tile", "Gather", "GatherElements",
    "GatherND", "ScatterND", "ScatterElements",
    # Issue 15: reductions, index ops, scans, top-k and einsum.
    "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
    "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin", "LogSoftmax",
    "Hardmax", "CumSum", "TopK", "Einsum",
    # Issue 15: normalizations.
    "LayerNormalization", "InstanceNormalization", "GroupNormalization",
    # Exponential and smooth activations.
    "Elu", "Selu", "Celu", "ThresholdedRelu", "Softplus", "Softsign", "Shrink",
    # Issue 15: sampling ops.
    "GridSample", "RoiAlign",
    # Classic CNN layers and masks.
    "MaxUnpool", "LRN", "MeanVarianceNormalization", "Trilu", "EyeLike",
    "OneHot",
    # Issue 15: integer ops of models another tool quantized (decomposed
    # exactly at import, docs/element-types.md).
    "ConvInteger", "MatMulInteger", "QLinearConv", "QLinearMatMul",
    "DynamicQuantizeLinear",
}
# Ops that read int8/uint8 runtime inputs and what their integer outputs are.
INTEGER_INPUT_OPS = {"DequantizeLinear", "ConvInteger", "MatMulInteger",
                     "QLinearConv", "QLinearMatMul"}
INT32_OUTPUT_OPS = {"ConvInteger", "MatMulInteger"}
INT8_OUTPUT_OPS = {"QuantizeLinear", "QLinearConv", "QLinearMatMul",
                   "DynamicQuantizeLinear"}
SHAPE_OPS = {"Cast", "ConstantOfShape", "Range", "Floor", "Ceil"}
# Element types of in-scope graph inputs/outputs: float32, int8, uint8
# (Q/DQ) and int64 (shapes).
IN_SCOPE_TYPES = {1, 2, 3, 7}

DEFAULT_RTOL, DEFAULT_ATOL = 1e-4, 1e-5
# Cases that need looser tolerances, and why.
TOLERANCES = {
    # The expected windows were computed in double: float32 cos of 2*pi*n/N
    # is off by up to 7.4e-5 (ONNX Runtime 1.30 gives the same values and
    # fails these cases at the default tolerance).
    **{"node/test_%s%s_expanded" % (w, sym): (1e-4, 1e-4, "float32 cos")
       for w in ("blackmanwindow", "hammingwindow", "hannwindow")
       for sym in ("", "_symmetric")},
    # ONNX's expected outputs are written out to 4 decimals (nndct's values
    # round to them; max |diff| 8.4e-5).
    **{"node/test_%s" % c: (1e-4, 1e-4, "expected values rounded to 4 decimals")
       for c in ("gridsample_bicubic", "roialign_aligned_false",
                 "roialign_aligned_true")},
}

# In-scope cases that are expected not to pass, with the reason.
KNOWN_FAILURES = {
    "node/test_maxunpool_export_with_output_shape":
        "the expected data numbers the indices over the smaller unpooled "
        "tensor placed at the output's top-left; nndct follows ONNX Runtime "
        "and PyTorch, whose indices number the output (MaxPool's indices of "
        "a tensor of that shape)",
    # Out of scope, broken ONNX 1.12 test data (regenerated in later ONNX
    # releases): bfloat16 tensors stored as UINT16 bit patterns, truncated
    # rather than rounded to nearest even (docs/element-types.md), and
    # CastLike's 'like' input file of shape [1] for a model declaring 3x4.
    "node/test_cast_BFLOAT16_to_FLOAT":
        "the input file is UINT16 bit patterns, not BFLOAT16 values",
    "node/test_cast_FLOAT_to_BFLOAT16":
        "the expected output is UINT16 bit patterns of truncated (not "
        "round-to-nearest-even) bfloat16 values",
    **{"node/test_castlike_%s%s" % (c, e):
       "the 'like' input file has shape [1], the model declares 3x4"
       for c in ("BFLOAT16_to_FLOAT", "FLOAT_to_BFLOAT16")
       for e in ("", "_expanded")},
    # Out of scope: DOUBLE inputs of magnitude ~1e200, beyond float32's
    # range, in which nndct computes DOUBLE tensors (docs/element-types.md).
    **{"pytorch-operator/test_operator_%s" % c:
       "DOUBLE inputs beyond float32's range"
       for c in ("add_broadcast", "add_size1_right_broadcast",
                 "add_size1_singleton_broadcast", "addconstant")},
}


def out_of_scope_reason(model, inputs, runtime, bound):
    """Why a case is outside the issue-3 op list, or None when it is in.

    In scope: every node's op is listed (shape ops only on static values),
    float32 runtime inputs and outputs (int8/uint8 only into
    DequantizeLinear and the integer ops or as QuantizeLinear's zero point /
    out of QuantizeLinear and the QLinear ops, int32 only out of
    ConvInteger/MatMulInteger, int64 only out of Shape/Size, MaxPool's
    indices or into MaxUnpool/OneHot as indices),
    and none of the forms nndct (a 2-D, inference-only CNN compiler) leaves
    out on purpose: training-mode BatchNormalization and Dropout. RoiAlign's
    batch_indices are int64 runtime data."""
    from onnx import numpy_helper
    producer = {o: n for n in model.graph.node for o in n.output}
    consumers = collections.defaultdict(list)
    for n in model.graph.node:
        for i in n.input:
            consumers[i].append(n)
    inits = {t.name: t for t in model.graph.initializer}
    inits.update(bound)
    for node in model.graph.node:
        attrs = {a.name: a for a in node.attribute}
        if node.domain not in ("", "ai.onnx"):
            return "domain " + node.domain
        if node.op_type in SHAPE_OPS:
            if any(n in runtime for n in node.input):
                return node.op_type + " on runtime data"
        elif node.op_type not in CORE_OPS:
            return "op " + node.op_type
        if node.op_type == "BatchNormalization" and (
                len([o for o in node.output if o]) > 1 or
                ("training_mode" in attrs and attrs["training_mode"].i)):
            return "training-mode BatchNormalization"
        if node.op_type == "Dropout" and len(node.input) > 2 and node.input[2]:
            t = inits.get(node.input[2])
            if t is None or numpy_helper.to_array(t).any():
                return "training-mode Dropout"
    for vi in inputs:
        if vi.name not in runtime:
            continue
        et = vi.type.tensor_type.elem_type
        if et == 1:
            continue
        if et == 7 and consumers[vi.name] and all(
                n.op_type == "RoiAlign" and list(n.input).index(vi.name) == 2
                for n in consumers[vi.name]):
            continue
        if et in (2, 3) and consumers[vi.name] and all(
                n.op_type in INTEGER_INPUT_OPS or
                (n.op_type == "QuantizeLinear" and list(n.input).index(vi.name) == 2)
                for n in consumers[vi.name]):
            continue
        # int64 indices: MaxUnpool's argmax input, OneHot's indices.
        if et == 7 and consumers[vi.name] and all(
                (n.op_type == "MaxUnpool" and list(n.input).index(vi.name) == 1) or
                (n.op_type == "OneHot" and list(n.input).index(vi.name) == 0)
                for n in consumers[vi.name]):
            continue
        return "input element type %d" % et
    for vi in model.graph.output:
        et = vi.type.tensor_type.elem_type
        p = producer.get(vi.name)
        if et == 1 or (et in (2, 3) and p is not None and p.op_type in INT8_OUTPUT_OPS) or (
                et == 6 and p is not None and p.op_type in INT32_OUTPUT_OPS) or (
                et == 7 and p is not None and p.op_type in ("Shape", "Size")) or (
                et == 7 and p is not None and p.op_type == "MaxPool"):
            continue
        return "output element type %d" % et
    return None


def case_plan(suite, case_dir, work):
    """Manifest lines and metadata for one case (all its data sets): the
    unmodified model and every input."""
    import onnx
    model = onnx.load(os.path.join(case_dir, "model.onnx"))
    inits = {t.name for t in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in inits]
    ops = sorted({n.op_type for n in model.graph.node})

    lines, datasets = [], []
    case = os.path.basename(case_dir)
    model_path = os.path.join(case_dir, "model.onnx")
    for ds in sorted(glob.glob(os.path.join(case_dir, "test_data_set_*"))):
        ins = [os.path.join(ds, "input_%d.pb" % k) for k in range(len(inputs))]
        outs = sorted(glob.glob(os.path.join(ds, "output_*.pb")),
                      key=lambda p: int(re.search(r"output_(\d+)", p).group(1)))
        if not all(os.path.exists(p) for p in ins):
            continue
        ident = "%s/%s/%s" % (suite, case, os.path.basename(ds))
        outdir = os.path.join(work, "out", ident)
        lines.append("\t".join([ident, model_path, outdir] + ins))
        datasets.append((ident, outdir, outs, ins))
    return {"case": case, "lines": lines, "datasets": datasets, "model": model,
            "inputs": inputs, "ops": ops, "bound": []}


def case_scope(plan, binds):
    """Sets the plan's scope from the inputs the driver bound (first data
    set): a bound input is a constant, the others are runtime inputs."""
    import onnx
    if "error" in plan:
        plan["in_scope"], plan["why_out"] = False, plan["error"]
        return
    names = [i.name for i in plan["inputs"]]
    bound = set()
    first = plan["datasets"][0] if plan["datasets"] else None
    if first:
        bound = set(binds.get(first[0], [])) & set(names)
    values = {}
    for name, path in zip(names, first[3] if first else []):
        if name in bound:
            t = onnx.TensorProto()
            with open(path, "rb") as f:
                t.ParseFromString(f.read())
            values[name] = t
    why = out_of_scope_reason(plan["model"], plan["inputs"], set(names) - bound, values)
    plan["in_scope"], plan["why_out"] = why is None, why
    plan["bound"] = sorted(bound)


def run_driver(driver, manifest_lines, work, name, extra, timeout):
    """Runs the driver over the lines; returns {id: (status, message)}.
    A crash or hang is recorded for the case in progress and the driver
    resumes after it."""
    manifest = os.path.join(work, name + ".manifest")
    with open(manifest, "w") as f:
        f.write("\n".join(manifest_lines) + "\n")
    status, binds = {}, collections.defaultdict(list)
    ids = [l.split("\t", 1)[0] for l in manifest_lines]
    skip = 0
    while skip < len(ids):
        cmd = [driver, manifest, "--skip", str(skip)] + extra
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            out, err, rc = p.stdout, p.stderr, p.returncode
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            err, rc = "timeout", "timeout"
        current = None
        for line in out.splitlines():
            tag, _, rest = line.partition(" ")
            ident, _, msg = rest.partition(" ")
            if tag == "BEGIN":
                current = ident
            elif tag == "BIND":
                binds[ident].append(msg.split(" ", 1)[0])
            elif ident == current:
                status[ident] = (tag, msg)
                current = None
        done = max([ids.index(i) for i in status if i in ids] + [skip - 1])
        if rc == 0 and len(status) >= len(ids):
            break
        if rc == 0 and current is None:
            break
        crashed = current if current is not None else (
            ids[done + 1] if done + 1 < len(ids) else None)
        if crashed is None:
            break
        status[crashed] = ("CRASH", "exit %s: %s" % (rc, err.strip()[-300:]))
        skip = ids.index(crashed) + 1
    return status, binds


def compare(outdir, expected, rtol, atol):
    """None when every output matches, else the reason."""
    import numpy as np
    from onnx import numpy_helper, TensorProto
    for k, path in enumerate(expected):
        t = TensorProto()
        with open(path, "rb") as f:
            t.ParseFromString(f.read())
        want = numpy_helper.to_array(t)
        got_path = os.path.join(outdir, "output_%d.npy" % k)
        if not os.path.exists(got_path):
            return "output %d missing" % k
        got = np.load(got_path)
        if got.shape != want.shape:
            return "output %d: shape %s, expected %s" % (k, got.shape, want.shape)
        if want.size == 0:
            continue
        if want.dtype.kind in "biu":
            bad = got.astype(np.float64) != want.astype(np.float64)
        else:
            w = want.astype(np.float64)
            g = got.astype(np.float64)
            both_nan = np.isnan(w) & np.isnan(g)
            with np.errstate(invalid="ignore"):
                bad = ~(both_nan | (np.abs(g - w) <= atol + rtol * np.abs(w)) | (g == w))
        if bad.any():
            i = np.unravel_index(np.argmax(bad), bad.shape)
            with np.errstate(invalid="ignore"):
                err = np.nanmax(np.abs(got.astype(np.float64) - want.astype(np.float64)))
            return "output %d: %d/%d elements differ (at %s: %r vs %r, max |diff| %.3g)" % (
                k, int(bad.sum()), bad.size, tuple(int(x) for x in i),
                float(got[i]), float(want[i]), err)
    return None


def classify_unsupported(msg):
    if "unsupported ONNX node" in msg:
        ops = re.search(r"unsupported ONNX nodes? \(opset \d+\): (.*)", msg)
        names = re.findall(r"(?:^|; )([\w:]+) \(", ops.group(1)) if ops else []
        return "unsupported op" + (" " + ",".join(names) if names else "")
    if "uses ONNX opset" in msg:
        return "unsupported opset"
    if "element type" in msg:
        return "unsupported element type"
    if "must be a constant" in msg or "only supported on constant" in msg:
        return "needs constant input"
    if "interpreter:" in msg:
        return "interpreter: no kernel"
    if "is not supported" in msg or "not supported" in msg:
        return "unsupported attribute/form"
    return "other: " + msg[:80]


def run_mode(args):
    import tempfile
    extra = []
    if args.threads:
        extra += ["--threads", str(args.threads)]
    if args.reference_kernels:
        extra.append("--reference-kernels")
    work = tempfile.mkdtemp(prefix="onnx-conformance-")
    totals = collections.Counter()
    scope_totals = collections.Counter()
    unexpected = []
    known_seen = []
    known_other = []  # out of scope
    try:
        for suite in args.suite or SUITES:
            cases = sorted(glob.glob(os.path.join(args.data, suite, "*", "model.onnx")))
            plans = []
            for path in cases:
                try:
                    plans.append(case_plan(suite, os.path.dirname(path), work))
                except Exception as e:  # unreadable by the onnx package itself
                    plans.append({"case": os.path.basename(os.path.dirname(path)),
                                  "lines": [], "datasets": [], "in_scope": False,
                                  "ops": [], "bound": [], "error": str(e)})
            lines = [l for p in plans for l in p["lines"]]
            status, binds = run_driver(args.run, lines, work, suite, extra,
                                       args.timeout) if lines else ({}, {})
            for p in plans:
                case_scope(p, binds)
            counts = collections.Counter()
            reasons = collections.Counter()
            scope = collections.Counter()
            for p in plans:
                key = "%s/%s" % (suite, p["case"])
                verdict, why = "passed", None
                if not p["datasets"]:
                    verdict, why = "unsupported", "no runnable test data" + (
                        ": " + p["error"] if "error" in p else "")
                for ident, outdir, outs, _ in p["datasets"]:
                    tag, msg = status.get(ident, ("CRASH", "no status"))
                    if tag in ("IMPORT", "PREPARE"):
                        verdict, why = "unsupported", classify_unsupported(msg)
                        break
                    if tag != "OK":
                        verdict, why = "failed", "%s: %s" % (tag.lower(), msg)
                        break
                    rtol, atol = TOLERANCES.get(key, (DEFAULT_RTOL, DEFAULT_ATOL))[:2]
                    bad = compare(outdir, outs, rtol, atol)
                    if bad:
                        verdict, why = "failed", "%s: %s" % (os.path.basename(ident), bad)
                        break
                counts[verdict] += 1
                if verdict == "unsupported":
                    reasons[why.split(":")[0] if why.startswith("other") else why] += 1
                if p["in_scope"]:
                    scope[verdict] += 1
                    if verdict != "passed":
                        if key in KNOWN_FAILURES:
                            known_seen.append((key, verdict, why, KNOWN_FAILURES[key]))
                        else:
                            unexpected.append((key, verdict, why))
                elif verdict == "failed":
                    if key in KNOWN_FAILURES:
                        known_other.append((key, verdict, why, KNOWN_FAILURES[key]))
                    else:
                        unexpected.append((key, verdict, why))
                if args.details and verdict != "passed":
                    print("  %-9s %s%s: %s%s" % (
                        verdict, key, " [in scope]" if p["in_scope"] else "", why,
                        " (bound: %s)" % ",".join(p["bound"]) if p["bound"] else ""))
            n = len(plans)
            print("%-18s %4d cases: %4d passed, %3d failed, %4d unsupported;"
                  " in scope %3d: %3d passed" % (
                      suite, n, counts["passed"], counts["failed"], counts["unsupported"],
                      sum(scope.values()), scope["passed"]))
            if reasons and args.details:
                print("%-18s unsupported: %s" % ("", "; ".join(
                    "%s %d" % kv for kv in reasons.most_common())))
            totals.update(counts)
            scope_totals.update(scope)
    finally:
        if not args.keep:
            import shutil
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("work directory kept: %s" % work)
    for key, verdict, why, reason in known_seen + known_other:
        print("KNOWN %s %s (%s): %s" % (verdict, key, reason, why))
    for key, verdict, why in unexpected:
        print("UNEXPECTED %s %s: %s" % (verdict, key, why))
    print("in scope: %d passed, %d failed, %d known failures" % (
        scope_totals["passed"], sum(v for k, v in scope_totals.items() if k != "passed") - len(known_seen),
        len(known_seen)))
    print("unexpected failures: %d" % len(unexpected))
    print("total: %d passed, %d failed, %d unsupported" % (
        totals["passed"], totals["failed"], totals["unsupported"]))
    return 1 if unexpected else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("translate", nargs="?")
    ap.add_argument("--data", default="/usr/share/libonnx-testdata/data")
    ap.add_argument("--details", action="store_true", help="print every failure")
    ap.add_argument("--suite", action="append")
    ap.add_argument("--run", metavar="DRIVER",
                    help="numerical mode: onnx-conformance-run binary")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--reference-kernels", action="store_true")
    ap.add_argument("--timeout", type=int, default=600,
                    help="seconds for one driver process (a hang counts as a crash)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    if args.run:
        return run_mode(args)
    if not args.translate:
        ap.error("NNDCT_TRANSLATE or --run DRIVER is required")

    crashes = []
    total_ok = total = 0
    for suite in args.suite or SUITES:
        models = sorted(glob.glob(os.path.join(args.data, suite, "*", "model.onnx")))
        ok = 0
        reasons = collections.Counter()
        ops = collections.Counter()
        for path in models:
            case = os.path.basename(os.path.dirname(path))
            try:
                p = subprocess.run([args.translate, "--import-onnx", path, "-o", os.devnull],
                                   capture_output=True, text=True, timeout=120)
            except subprocess.TimeoutExpired:
                crashes.append((suite, case, "timeout"))
                continue
            if p.returncode == 0:
                ok += 1
                continue
            if p.returncode != 1 or "error:" not in p.stderr:
                crashes.append((suite, case, "exit %d: %s" % (p.returncode, p.stderr[-300:])))
                continue
            reason, names = classify(p.stderr)
            reasons[reason] += 1
            for n in names:
                ops[n] += 1
            if args.details:
                first = p.stderr.strip().splitlines()[0] if p.stderr.strip() else ""
                print("  %s/%s: %s" % (suite, case, first))
        total += len(models)
        total_ok += ok
        print("%-18s imported %4d / %4d   rejected %4d  (%s)" % (
            suite, ok, len(models), len(models) - ok,
            ", ".join("%s %d" % kv for kv in reasons.most_common())))
        if ops:
            print("%-18s unsupported ops: %s" % ("", ", ".join(
                "%s %d" % kv for kv in ops.most_common())))
    print("total              imported %4d / %4d   crashes %d" % (total_ok, total, len(crashes)))
    for c in crashes:
        print("CRASH %s/%s: %s" % c)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Fix-point legalization on real models: greedy against exact.

For each model: import, run the PTQ pipeline to `compile-to=calibrated`
(vai's fix points, before any shift rule moves one; maxmin, no bias
correction), then legalize the fix points three ways:

  - greedy: vai_q_pytorch's one-pass repair,
  - exact, own NSR: the exact solver weighing each tensor's own
    noise-to-signal ratio (NSR),
  - exact: the exact solver weighing the output NSR each candidate fix
    point causes, measured on the model's input
    (nndct-measure-output-noise; what the PTQ pipeline runs),

and print the rules each leaves broken (nndct-verify-target), the fix
points it moved, its total cost (millionths of output NSR as measured,
the pass's `report`), the SQNR of its fake-quant output against the
float model, and the exact solver's and the measurement's times
(--mlir-timing).

A benchmark, not a test. Models: the model sweep's cache (ONNX exports of
the torchvision set with one real input each, `bench/models/sweep.py
--work WORK`) and the PaddleOCR / BlazeFace ONNX models in .deps/models.

  /usr/bin/python3 bench/fixpoints/legalize.py --build build --work /work/sweep-cache
  # options: --models resnet18,ppocr_v2_cls  --target DPUCZDX8G_ISA1_B4096
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "bench", "target"))
import placement  # noqa: E402  (the model list: name, frontend, path, shape, input)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=3600, **kw)


def broken_rules(opt, mlir):
    p = run([opt, mlir, "--nndct-verify-target", "-o", os.devnull])
    return len(re.findall(r"the fix points break", p.stderr))


def sqnr(ref_dir, out_dir):
    """Signal-to-quantization-noise ratio (dB) over all outputs."""
    sig = noise = 0.0
    for f in sorted(os.listdir(ref_dir)):
        if not f.endswith(".npy"):
            continue
        r = np.load(os.path.join(ref_dir, f)).astype(np.float64)
        q = np.load(os.path.join(out_dir, f)).astype(np.float64)
        sig += float((r * r).sum())
        noise += float(((r - q) ** 2).sum())
    return float("inf") if noise == 0 else 10 * np.log10(sig / noise)


def legalize(opt, cal, out, strategy, measure_npy=None):
    """Runs the strategy (with output noise measured on `measure_npy`);
    returns the pass's report and times, or None when it fails."""
    cmd = [opt, cal]
    if measure_npy:
        cmd.append(f"--nndct-measure-output-noise=data={measure_npy}")
    cmd += [f"--nndct-legalize-fix-points=strategy={strategy} report=true",
            "--mlir-timing", "-o", out]
    p = run(cmd)
    if p.returncode != 0:
        return None
    r = {}
    for line in p.stderr.splitlines():
        m = re.search(r"(\d+) fix points moved, cost (\d+)", line)
        if m:
            r["moved"], r["cost"] = int(m.group(1)), int(m.group(2))
        for key, name in (("secs", "LegalizeFixPoints"), ("measure_secs", "MeasureOutputNoise")):
            if name in line:
                m = re.match(r"\s*([\d.]+)", line)
                if m:
                    r[key] = float(m.group(1))
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--work", required=True)
    ap.add_argument("--models", default="")
    ap.add_argument("--target", default="AMD_AIE2_Nx4_Overlay_cfg0")
    args = ap.parse_args()
    b = os.path.join(os.path.abspath(args.build), "bin")
    translate, opt, nndct = (os.path.join(b, t) for t in
                             ("nndct-translate", "nndct-opt", "nndct"))
    names = [n for n in args.models.split(",") if n]
    rows = []
    for name, fe, path, shape, npy in placement.models(args.work, names, ["onnx"]):
        print(f"{name} ...", file=sys.stderr, flush=True)
        row = {"model": name}
        with tempfile.TemporaryDirectory() as d:
            m = os.path.join(d, "m.mlir")
            cmd = [translate, "--import-onnx", path, "-o", m]
            if shape:
                cmd.append("--input-shape=" + shape[0] + "=" + "x".join(map(str, shape[1])))
            p = run(cmd)
            if p.returncode != 0:
                row["error"] = p.stderr.strip().splitlines()[-1][:120]
                rows.append(row)
                continue
            cal = os.path.join(d, "cal.mlir")
            p = run([opt, m, "--nndct-ptq-pipeline=data=" + npy + " method=maxmin "
                     "bias-correction=false compile-to=calibrated target=" + args.target,
                     "-o", cal])
            if p.returncode != 0:
                row["error"] = p.stderr.strip().splitlines()[-1][:120]
                rows.append(row)
                continue
            row["calibrated"] = broken_rules(opt, cal)
            ref = os.path.join(d, "ref")
            run([nndct, "run", m, "--input", npy, "-o", ref])
            # greedy, exact on the tensors' own NSR, exact on measured output
            # NSR (what the pipeline runs). Greedy's cost is reported under
            # the same measurements.
            for key, strategy, measure in (("greedy", "greedy", npy),
                                         ("nsr", "exact", None),
                                         ("exact", "exact", npy)):
                out = os.path.join(d, key + ".mlir")
                r = legalize(opt, cal, out, strategy, measure)
                if r is None:
                    row[key] = "error"
                    continue
                row[key] = broken_rules(opt, out)
                row[key + "_moved"] = r.get("moved")
                row[key + "_cost"] = r.get("cost")
                if key == "exact":
                    row["secs"] = r.get("secs")
                    row["measure_secs"] = r.get("measure_secs")
                q = os.path.join(d, key)
                run([nndct, "run", out, "--mode", "fake-quant", "--input", npy, "-o", q])
                try:
                    row[key + "_sqnr"] = sqnr(ref, q)
                except (FileNotFoundError, ValueError):
                    row[key + "_sqnr"] = None
        rows.append(row)

    def f(v, fmt="{}"):
        return "" if v is None else fmt.format(v)

    print(f"target {args.target}, maxmin, no bias correction, one input per model\n")
    print("| model | rules broken: calibrated | greedy | exact "
          "| fix points moved: greedy | exact | cost: greedy | exact "
          "| SQNR (dB): greedy | exact, own NSR | exact "
          "| solve (s) | measure (s) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['model']} | {r['error']} |" + " |" * 11)
            continue
        print(f"| {r['model']} | {r['calibrated']} | {r.get('greedy')} | {r.get('exact')} "
              f"| {f(r.get('greedy_moved'))} | {f(r.get('exact_moved'))} "
              f"| {f(r.get('greedy_cost'))} | {f(r.get('exact_cost'))} "
              f"| {f(r.get('greedy_sqnr'), '{:.2f}')} | {f(r.get('nsr_sqnr'), '{:.2f}')} "
              f"| {f(r.get('exact_sqnr'), '{:.2f}')} "
              f"| {f(r.get('secs'), '{:.3f}')} | {f(r.get('measure_secs'), '{:.2f}')} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Fix-point legalization on real models: greedy against exact.

For each model: import, run the PTQ pipeline to `compile-to=calibrated`
(vai's fix points, before any shift rule moves one; maxmin, no bias
correction), then count the target's shift rules that

  - the calibrated fix points break (nndct-verify-target),
  - vai_q_pytorch's greedy repair leaves broken,
  - the exact solver leaves broken (0 when it succeeds),

and print the SQNR of each result's fake-quant output against the float
model on the model's input, and the exact solver's time (--mlir-timing).

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


def legalize(opt, cal, out, strategy):
    p = run([opt, cal, f"--nndct-legalize-fix-points=strategy={strategy}",
             "--mlir-timing", "-o", out])
    if p.returncode != 0:
        return None
    t = None
    for line in p.stderr.splitlines():
        if "LegalizeFixPoints" in line:
            m = re.match(r"\s*([\d.]+)", line)
            if m:
                t = float(m.group(1))
    return {"secs": t}


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
            for strategy in ("greedy", "exact"):
                out = os.path.join(d, strategy + ".mlir")
                r = legalize(opt, cal, out, strategy)
                if r is None:
                    row[strategy] = "error"
                    continue
                row[strategy] = broken_rules(opt, out)
                if strategy == "exact":
                    row["secs"] = r["secs"]
                q = os.path.join(d, strategy)
                run([nndct, "run", out, "--mode", "fake-quant", "--input", npy, "-o", q])
                try:
                    row[strategy + "_sqnr"] = sqnr(ref, q)
                except (FileNotFoundError, ValueError):
                    row[strategy + "_sqnr"] = None
        rows.append(row)

    def f(v, fmt="{}"):
        return "" if v is None else fmt.format(v)

    print(f"target {args.target}, maxmin, no bias correction, one input per model\n")
    print("| model | rules broken: calibrated | greedy | exact "
          "| SQNR greedy (dB) | SQNR exact (dB) | exact solve (s) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['model']} | {r['error']} | | | | | |")
            continue
        print(f"| {r['model']} | {r['calibrated']} | {r.get('greedy')} | {r.get('exact')} "
              f"| {f(r.get('greedy_sqnr'), '{:.2f}')} | {f(r.get('exact_sqnr'), '{:.2f}')} "
              f"| {f(r.get('secs'), '{:.3f}')} |")


if __name__ == "__main__":
    main()

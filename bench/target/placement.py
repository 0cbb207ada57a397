#!/usr/bin/env python3
"""Placement on real models: `nndct quantize` on each model, then what the
quantize report says about placement (ops on NPU / CPU, CPU ops by reason,
device subgraphs), whether every output was written (exit 0 means the
xmodel was accepted by libxir and nndct-verify-target passed), and whether
quant_info.json, the xmodel and the QDQ ONNX agree on every fix point
(consistency.py).

A benchmark, not a test. Models: the torchvision set of the model sweep
(bench/models/sweep.py --work WORK exports them, with one real input each)
through ONNX and TorchScript, and the PaddleOCR / BlazeFace ONNX models of
the npm packages in .deps/models. Calibration: the sweep's one input.

  /usr/bin/python3 bench/target/placement.py --build build --work /work/sweep-cache
  # options: --target DPUCZDX8G_ISA1_B4096  --models resnet18,ppocr_v2_cls
  #          --frontends onnx  --flags="--convert-silu --convert-sigmoid"
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "bench", "models"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import consistency  # noqa: E402  (quant_info.json against xmodel and ONNX)
import sweep  # noqa: E402  (model list, npm model paths and input shapes)


def models(work, names, frontends):
    """(name, frontend, model path, (input name, shape) or None, input.npy)."""
    out = []
    for name, (path, input_name, shape, _) in sweep.NPM_MODELS.items():
        npy = os.path.join(work, "models", name, "input.npy")
        if "onnx" in frontends and os.path.exists(path) and os.path.exists(npy):
            # Their inputs have dynamic dimensions: bind the sweep's shape.
            out.append((name, "onnx", path, (input_name, shape), npy))
    for name in sweep.TORCHVISION:
        d = os.path.join(work, "models", name)
        npy = os.path.join(d, "input.npy")
        meta = os.path.join(d, "meta.json")
        if not os.path.exists(npy) or not os.path.exists(meta):
            continue
        shape = json.load(open(meta))["shape"]
        for fe, ext in (("onnx", ".onnx"), ("torchscript", ".pt")):
            path = os.path.join(d, name + ext)
            if fe in frontends and os.path.exists(path):
                out.append((name, fe, path, ("x", shape) if fe == "torchscript" else None, npy))
    return [m for m in out if not names or m[0] in names]


def parse_report(text):
    r = {}
    m = re.search(r"# placement: (\d+) ops, npu=(\d+) cpu=(\d+)", text)
    if m:
        r["ops"], r["npu"], r["cpu"] = map(int, m.groups())
    m = re.search(r"# cpu ops by reason:(.*)", text)
    if m:
        r["reasons"] = m.group(1).strip()
    m = re.search(r"# subgraphs: (\d+) \(npu=(\d+) cpu=(\d+)\)", text)
    if m:
        r["subgraphs"], r["npu_sg"], r["cpu_sg"] = map(int, m.groups())
    return r


def run(nndct, model, args):
    name, fe, path, shape, npy = model
    with tempfile.TemporaryDirectory() as out:
        cmd = [nndct, "quantize", path, "--calib-data", npy, "-o", out,
               "--target", args.target, "--method", "maxmin",
               "--no-bias-correction"] + shlex.split(args.flags)
        if shape:
            cmd += ["--input-shape", shape[0] + "=" + "x".join(map(str, shape[1]))]
        t0 = time.time()
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
        secs = time.time() - t0
        files = sorted(os.listdir(out)) if p.returncode == 0 else []
        report = {}
        for f in files:
            if f.endswith("_quant_report.txt"):
                report = parse_report(open(os.path.join(out, f)).read())
        row = {"model": name, "frontend": fe, "exit": p.returncode,
               "xmodel": any(f.endswith(".xmodel") for f in files),
               "onnx": any(f.endswith("_int.onnx") for f in files),
               "quant_info": "quant_info.json" in files, "seconds": secs}
        row.update(report)
        if row["xmodel"] and row["onnx"] and row["quant_info"]:
            n, bad, no_x, no_o, notes = consistency.check(out, args.xmodel_check)
            missing = "".join(f", {k} not in {where}" for k, where in
                              ((no_x, "xmodel"), (no_o, "ONNX")) if k)
            row["consistent"] = (f"{n} fps agree{missing}" if not bad else
                                 f"{bad} of {n} differ: {notes[0]}")
        if p.returncode:
            err = [l for l in p.stderr.splitlines() if "error" in l]
            row["error"] = (err[0] if err else p.stderr.strip()[-200:])[:200]
        return row


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--work", default="/work/sweep-cache")
    ap.add_argument("--target", default="AMD_AIE2_Nx4_Overlay_cfg0")
    ap.add_argument("--models", default="")
    ap.add_argument("--frontends", default="onnx,torchscript")
    ap.add_argument("--flags", default="", help="extra nndct quantize flags")
    args = ap.parse_args()
    nndct = os.path.join(os.path.abspath(args.build), "bin", "nndct")
    args.xmodel_check = os.path.join(os.path.abspath(args.build), "bin", "xmodel-check")
    names = set(filter(None, args.models.split(",")))
    todo = models(args.work, names, args.frontends.split(","))
    rows = []
    for m in todo:
        print(f"{m[0]} ({m[1]}) ...", file=sys.stderr, flush=True)
        rows.append(run(nndct, m, args))
    print(f"target {args.target}, flags: --method maxmin --no-bias-correction {args.flags}\n")
    print("| model | frontend | exit | outputs | quant_info = xmodel = ONNX | ops | NPU | CPU "
          "| subgraphs (NPU/CPU) | CPU ops by reason |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        outputs = "all" if r["xmodel"] and r["onnx"] and r["quant_info"] else "-"
        if r["exit"]:
            print(f"| {r['model']} | {r['frontend']} | {r['exit']} | - | | | | | | {r.get('error', '')} |")
            continue
        print(f"| {r['model']} | {r['frontend']} | 0 | {outputs} | {r.get('consistent', '-')} "
              f"| {r.get('ops', '?')} | "
              f"{r.get('npu', '?')} | {r.get('cpu', '?')} | {r.get('subgraphs', '?')} "
              f"({r.get('npu_sg', '?')}/{r.get('cpu_sg', '?')}) | {r.get('reasons', '')} |")
    ok = sum(1 for r in rows if r["exit"] == 0 and r["xmodel"])
    agree = sum(1 for r in rows if "agree" in r.get("consistent", ""))
    print(f"\n{ok}/{len(rows)} models: exit 0 with every output written; "
          f"{agree}/{len(rows)}: quant_info.json, xmodel and QDQ ONNX agree")


if __name__ == "__main__":
    main()

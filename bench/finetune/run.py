#!/usr/bin/python3
"""Fast finetune benchmark: plain PTQ vs +CLE, +AdaQuant, +AdaRound.

Part `fmnist` trains the depthwise-heavy Fashion-MNIST MobileNet of
bench/accuracy (inverted residuals, ReLU6, hard swish; weights cached),
quantizes it with each configuration on the same calibration images, and
measures on held-out test images: top-1 (`nndct eval`), the output SQNR of
the exported QDQ model in ONNX Runtime against the float model, and the
time and peak RSS of `nndct quantize`.

Part `resnet18` times fast finetune on a resnet18-sized model (torchvision
resnet18 with seeded weights: no pretrained weights can be downloaded) with
512 calibration crops of Debian's sample photographs at 224 x 224.

The real pretrained models (PaddleOCR, BlazeFace) are in bench/real, whose
configurations include cle, adaquant, adaround and cle+adaquant.

  usage: bench/finetune/run.py [--build build] [--work DIR] [--parts fmnist,resnet18]
                               [--resnet18-configs "plain PTQ,+AdaQuant,+AdaRound"]

Not a test: it measures.
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CONFIGS = {
    "plain PTQ": [],
    "+CLE": ["--cle"],
    "+AdaQuant": ["--fast-finetune"],
    "+AdaRound": ["--fast-finetune", "--finetune-method", "adaround"],
    "+CLE +AdaQuant": ["--cle", "--fast-finetune"],
    "+CLE +AdaRound": ["--cle", "--fast-finetune", "--finetune-method", "adaround"],
}


def bench_module(name):
    """bench/NAME/run.py as a module (the benchmarks share their helpers)."""
    spec = importlib.util.spec_from_file_location(
        "bench_" + name, os.path.join(REPO, "bench", name, "run.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def timed(cmd):
    """(seconds, peak RSS MiB) of one command; raises on failure."""
    with tempfile.NamedTemporaryFile() as t:
        start = time.time()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd,
                           capture_output=True, text=True)
        secs = time.time() - start
        if p.returncode != 0:
            raise RuntimeError("%s failed:\n%s" % (" ".join(cmd[:3]), p.stderr[-3000:]))
        rss = int(open(t.name).read().split()[-1]) / 1024.0
    return secs, rss


def fmnist_table(nndct, args):
    import torch

    acc = bench_module("accuracy")
    real = bench_module("real")
    torch.set_num_threads(1)
    work = os.path.join(args.work, "fmnist")
    os.makedirs(work, exist_ok=True)
    xtr, ytr = acc.load("train")
    xte, yte = acc.load("t10k")
    xte, yte = xte[:args.test], yte[:args.test]
    calib_path = os.path.join(work, "calib.npy")
    test_path = os.path.join(work, "test.npy")
    labels_path = os.path.join(work, "labels.npy")
    np.save(calib_path, xtr[-args.calib:])
    np.save(test_path, xte)
    np.save(labels_path, yte)

    weights = os.path.join(work, "mobilenet_e%d.pth" % args.epochs)
    torch.manual_seed(0)
    model = acc.MobileNet()
    if os.path.exists(weights):
        model.load_state_dict(torch.load(weights))
        model.eval()
    else:
        log("training the Fashion-MNIST MobileNet (%d epochs)" % args.epochs)
        model = acc.train(model, xtr, ytr, args.epochs)
        torch.save(model.state_dict(), weights)
    onnx_path = os.path.join(work, "mobilenet.onnx")
    torch.onnx.export(model, torch.from_numpy(xte[:1]), onnx_path, opset_version=13,
                      input_names=["image"], output_names=["logits"])
    node_modules = os.path.join(REPO, ".deps", "npm", "node_modules")
    ref = real.ort_run(node_modules, onnx_path, "image", xte, os.path.join(work, "ort_float"))
    key = next(iter(ref))
    float_top1 = float(np.mean(ref[key].argmax(-1) == yte))

    rows = []
    for label, flags in CONFIGS.items():
        log("fmnist / " + label)
        out = os.path.join(work, "q_" + re.sub(r"[^a-z]+", "_", label.lower()).strip("_"))
        secs, rss = timed([nndct, "quantize", onnx_path, "--calib-data", calib_path,
                           "--threads", "2", "-o", out] + flags)
        res = subprocess.run([nndct, "eval", onnx_path, "--quant", out, "--data", test_path,
                              "--labels", labels_path], check=True, capture_output=True,
                             text=True).stdout
        q_top1 = float(re.search(r"int8\s+([0-9.]+)%", res).group(1)) / 100
        got = real.ort_run(node_modules, os.path.join(out, "mobilenet_int.onnx"), "image",
                           xte, os.path.join(out, "ort"))
        rows.append((label, q_top1, real.sqnr(ref[key], got[key]),
                     float(np.mean(ref[key].argmax(-1) == got[key].argmax(-1))), secs, rss))

    print("\nFashion-MNIST MobileNet (depthwise, ReLU6, hard swish), %d epochs: %d calibration"
          " images, %d test images; float top-1 %.2f %%\n"
          % (args.epochs, args.calib, args.test, 100 * float_top1))
    print("| configuration | int8 top-1 % | output SQNR dB (ORT, QDQ) | argmax agrees % "
          "| quantize s | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, top1, snr, agree, secs, rss in rows:
        print("| %s | %.2f | %.1f | %.1f | %.1f | %.0f |"
              % (label, 100 * top1, snr, 100 * agree, secs, rss))


def resnet18_table(nndct, args):
    import torch

    speed = bench_module("speed")
    work = os.path.join(args.work, "resnet18")
    os.makedirs(work, exist_ok=True)
    model, shape, d = speed.export("resnet18", work)
    onnx_path = os.path.join(d, "b1.onnx")
    calib = speed.photo_crops(work, shape, 512)
    rows = []
    for label in args.resnet18_configs.split(","):
        log("resnet18 / " + label)
        out = os.path.join(work, "q_" + re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_"))
        secs, rss = timed([nndct, "quantize", onnx_path, "--calib-data", calib, "--threads",
                           "2", "-o", out] + CONFIGS[label])
        rows.append((label, secs, rss))
    print("\nresnet18 (224 x 224, seeded weights), 512 calibration images, 2 threads\n")
    print("| configuration | quantize s | peak RSS MiB |")
    print("|---|---:|---:|")
    for label, secs, rss in rows:
        print("| %s | %.0f | %.0f |" % (label, secs, rss))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(REPO, "build"))
    ap.add_argument("--work", default="/tmp/nndct-finetune-bench")
    ap.add_argument("--parts", default="fmnist,resnet18")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--calib", type=int, default=512)
    ap.add_argument("--test", type=int, default=2000)
    ap.add_argument("--resnet18-configs", default="plain PTQ,+AdaQuant,+AdaRound",
                    help="comma-separated labels of CONFIGS")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    nndct = os.path.join(args.build, "bin", "nndct")
    parts = args.parts.split(",")
    if "fmnist" in parts:
        fmnist_table(nndct, args)
    if "resnet18" in parts:
        resnet18_table(nndct, args)


if __name__ == "__main__":
    main()

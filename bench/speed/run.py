"""Speed: nndct's interpreter and calibration against ONNX Runtime (and
PyTorch FX calibration) on the torchvision set, in one script.

Usage (from the repository root; /usr/bin/python3 with Debian's torch,
torchvision, onnx, numpy; ONNX Runtime from setup.sh's .deps/npm):

  /usr/bin/python3 bench/speed/run.py --build build [--work DIR]
      [--models a,b] [--batches 1,8] [--threads 2] [--runs 10]
      [--images 100] [--quantize diffs,maxmin] [--no-quantize] [--no-fx]

Models: torchvision 0.14 architectures with seeded random weights (the
same builder as bench/models/sweep.py), exported to ONNX opset 13 with a
static batch of 1 and of 8.

Inference: `nndct run MODEL.onnx --repeat N --stats` (the steady-state
time per run it prints: runs 2..N, import and first-run preparation
excluded) against onnxruntime-node (bench/interpreter/ort_bench.js, all
graph optimizations, intra-op threads = --threads, session creation and a
warm-up run excluded), same input. ratio = nndct's throughput over ORT's
(> 1: nndct faster).

Calibration: `nndct quantize MODEL.onnx --calib-data calib.npy` (batch 1,
IMAGES crops of real photographs, resized to the model's input) with each
method, with and without bias correction, whole command timed (import,
calibration, fix points, exports). images/s = IMAGES / seconds; "x ORT" is
that over ORT's float inference throughput at batch 1 (1.0 = quantizing
costs one inference per image); "x FX" is that over PyTorch FX's
calibration (prepare_fx with the fbgemm qconfig, a HistogramObserver per
activation, one forward per image, timed on the same images).

Peak RSS: the whole process (/usr/bin/time -f %M); ORT's includes node.
"-" where FX cannot trace the model (symbolic tracing fails on
shufflenet's channel shuffle, for one).
Not a test: numbers depend on the machine and its load.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "bench", "models"))
import sweep  # noqa: E402  (torchvision builder, photograph helper)

DEFAULT_MODELS = ["resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_large",
                  "efficientnet_b0", "densenet121", "shufflenet_v2_x1_0",
                  "regnet_x_400mf", "inception_v3"]
PHOTOS = ["astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png"]
TIMEOUT = 7200


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def timed(cmd, env=None):
    """(seconds, peak RSS MiB, stdout, stderr) of one command; raises on
    failure."""
    with tempfile.NamedTemporaryFile() as t:
        start = time.time()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd,
                           capture_output=True, text=True, timeout=TIMEOUT, env=env)
        secs = time.time() - start
        if p.returncode != 0:
            raise RuntimeError("%s failed:\n%s" % (" ".join(cmd[:3]), p.stderr[-2000:]))
        rss = int(open(t.name).read().split()[-1]) / 1024.0
    return secs, rss, p.stdout, p.stderr


def export(name, work):
    """NAME.b1.onnx / NAME.b8.onnx and seeded inputs, once."""
    import torch

    d = os.path.join(work, "models", name)
    os.makedirs(d, exist_ok=True)
    model, shape = sweep.build_torchvision(name)
    for b in (1, 8):
        path = os.path.join(d, "b%d.onnx" % b)
        inp = os.path.join(d, "b%d.npy" % b)
        if os.path.exists(path) and os.path.exists(inp):
            continue
        x = torch.from_numpy(np.random.default_rng(b).standard_normal(
            (b,) + tuple(shape[1:])).astype(np.float32))
        np.save(inp, x.numpy())
        torch.onnx.export(model, x, path + ".tmp", opset_version=13, input_names=["x"],
                          output_names=["y"])
        os.replace(path + ".tmp", path)
    return model, shape, d


def photo_crops(work, shape, count):
    """COUNT seeded crops of Debian's sample photographs at SHAPE[2:],
    ImageNet-normalized, as one N x C x H x W array."""
    import torch
    import torchvision.io
    import torchvision.transforms.functional as TF

    path = os.path.join(work, "calib_%d_%d.npy" % (shape[2], count))
    if os.path.exists(path):
        return path
    sample_dir = os.path.dirname(sweep.image_path(work))
    images = []
    for p in PHOTOS:
        f = os.path.join(sample_dir, p)
        if os.path.exists(f):
            images.append(torchvision.io.read_image(f, torchvision.io.ImageReadMode.RGB))
    rng = np.random.default_rng(7)
    out = np.empty((count, 3, shape[2], shape[3]), np.float32)
    for i in range(count):
        img = images[i % len(images)]
        h, w = img.shape[1:]
        side = int(min(h, w) * rng.uniform(0.5, 1.0))
        top, left = int(rng.integers(0, h - side + 1)), int(rng.integers(0, w - side + 1))
        crop = TF.resize(img[:, top:top + side, left:left + side], [shape[2], shape[3]],
                         antialias=True).float() / 255.0
        out[i] = TF.normalize(crop, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]).numpy()
    np.save(path, out)
    return path


def nndct_run(build, model, inp, threads, runs):
    """(steady ms per run, peak RSS MiB)."""
    with tempfile.TemporaryDirectory() as out:
        _, rss, _, err = timed([os.path.join(build, "bin", "nndct"), "run", model, "--input", inp,
                             "-o", out, "--repeat", str(runs), "--stats",
                             "--threads", str(threads)])
    m = re.search(r"steady state ([0-9.]+) ms per run", err)
    if not m:
        raise RuntimeError("no steady-state time in:\n" + err)
    return float(m.group(1)), rss


def ort_run(model, inp, threads, runs):
    node_modules = os.path.join(REPO, ".deps", "npm", "node_modules")
    env = dict(os.environ, NODE_PATH=node_modules)
    _, rss, out, _ = timed(["node", os.path.join(REPO, "bench", "interpreter", "ort_bench.js"),
                            model, inp, str(threads), str(runs)], env=env)
    return float(out.split()[0]), rss


def nndct_quantize(build, model, calib, method, bias_correction, threads, work):
    out = os.path.join(work, "quantize_out")
    cmd = [os.path.join(build, "bin", "nndct"), "quantize", model, "--calib-data", calib,
           "--method", method, "--threads", str(threads), "-o", out]
    if not bias_correction:
        cmd.append("--no-bias-correction")
    secs, rss, _, _ = timed(cmd)
    return secs, rss


def fx_calibration(model, calib, images):
    """Seconds per image of PyTorch FX post-training calibration."""
    import torch
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import prepare_fx

    data = np.load(calib, mmap_mode="r")
    x0 = torch.from_numpy(np.ascontiguousarray(data[:1]))
    prepared = prepare_fx(model.eval(), get_default_qconfig_mapping("fbgemm"), (x0,))
    with torch.no_grad():
        start = time.time()
        for i in range(images):
            prepared(torch.from_numpy(np.ascontiguousarray(data[i:i + 1])))
        return (time.time() - start) / images


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--work", default=os.path.expanduser("~/.cache/nndct-speed"))
    ap.add_argument("--models", default=",".join(DEFAULT_MODELS))
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=10, help="timed runs per inference figure")
    ap.add_argument("--images", type=int, default=100, help="calibration images")
    ap.add_argument("--quantize", default="diffs,maxmin", help="methods to time")
    ap.add_argument("--no-quantize", action="store_true")
    ap.add_argument("--no-fx", action="store_true", help="skip PyTorch FX calibration")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    import torch
    torch.set_num_threads(args.threads)

    infer_rows, quant_rows = [], []
    for name in args.models.split(","):
        log("== " + name)
        model, shape, d = export(name, work)
        ort_b1_ms = None
        for b in [int(x) for x in args.batches.split(",")]:
            onnx_path, inp = os.path.join(d, "b%d.onnx" % b), os.path.join(d, "b%d.npy" % b)
            runs = args.runs if b == 1 else max(2, args.runs // 4)
            ms, rss = nndct_run(build, onnx_path, inp, args.threads, runs + 1)
            oms, orss = ort_run(onnx_path, inp, args.threads, runs)
            if b == 1:
                ort_b1_ms = oms
            infer_rows.append((name, b, ms, oms, oms / ms, 1000.0 * b / ms, rss, orss))
            log("  batch %d: nndct %.1f ms, ORT %.1f ms" % (b, ms, oms))
        if args.no_quantize:
            continue
        calib = photo_crops(work, shape, args.images)
        fx = None
        if not args.no_fx:
            try:
                fx = fx_calibration(model, calib, args.images)
            except Exception as e:  # noqa: BLE001 - FX cannot trace every model
                log("  FX calibration failed: %s" % str(e).splitlines()[0][:100])
        if ort_b1_ms is None:
            ort_b1_ms, _ = ort_run(os.path.join(d, "b1.onnx"), os.path.join(d, "b1.npy"),
                                   args.threads, args.runs)
        ort_ips = 1000.0 / ort_b1_ms
        for method in args.quantize.split(","):
            for bc in (True, False):
                secs, rss = nndct_quantize(build, os.path.join(d, "b1.onnx"), calib, method,
                                           bc, args.threads, work)
                ips = args.images / secs
                quant_rows.append((name, method, "on" if bc else "off", secs, ips,
                                   ips / ort_ips, (ips * fx) if fx else None, rss))
                log("  quantize %s bc=%s: %.1f s" % (method, bc, secs))

    print("Inference, %d threads (ratio = nndct throughput / ORT throughput)\n" % args.threads)
    print("| model | batch | nndct ms | ORT ms | ratio | nndct images/s | nndct RSS MiB | ORT RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in infer_rows:
        print("| %s | %d | %.1f | %.1f | %.2f | %.1f | %.0f | %.0f |" % r)
    if quant_rows:
        print("\n`nndct quantize`, %d images, batch 1, %d threads (whole command)\n"
              % (args.images, args.threads))
        print("| model | method | bias corr. | seconds | images/s | x ORT inference | x FX calibration | peak RSS MiB |")
        print("|---|---|---|---:|---:|---:|---:|---:|")
        for (n, m, bc, secs, ips, xort, xfx, rss) in quant_rows:
            print("| %s | %s | %s | %.1f | %.2f | %.2f | %s | %.0f |"
                  % (n, m, bc, secs, ips, xort, "%.2f" % xfx if xfx else "-", rss))


if __name__ == "__main__":
    main()

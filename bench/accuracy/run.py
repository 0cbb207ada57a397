#!/usr/bin/python3
"""Accuracy benchmark: nndct int8 PTQ vs PyTorch 1.13 FX PTQ on Fashion-MNIST.

Trains three small models (short, deterministic, CPU), exports each to ONNX,
quantizes it with `nndct quantize` (diffs and maxmin) and with PyTorch's FX
graph-mode PTQ (qnnpack and onednn backends, default qconfigs), using the
same calibration images, and prints the top-1 of each on the test images.

  usage: bench/accuracy/run.py BIN_DIR [--epochs N] [--calib N] [--test N] [--work DIR]

Models:
  resnet     conv-bn-relu stem, two residual blocks, max pool, global avg pool, linear
  mobilenet  MobileNetV2-style inverted residuals (depthwise, ReLU6) + hard-swish head
  lenet      LeNet-style: conv, LeakyReLU, avg pool (twice), three linear layers

Not a test: it measures. Needs Debian's dataset-fashion-mnist.
"""
import argparse
import gzip
import os
import re
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import torch
import torch.nn as nn

DATA = "/usr/share/datasets/fashion-mnist"
MEAN, STD = 0.2860, 0.3530


def load(kind):
    with gzip.open(f"{DATA}/{kind}-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(f"{DATA}/{kind}-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return ((images.astype(np.float32) / 255.0 - MEAN) / STD), labels


class ResBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.relu2 = nn.ReLU()

    def forward(self, x):
        return self.relu2(self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(x))))) + x)


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16),
                                  nn.ReLU())
        self.block1 = ResBlock(16)
        self.pool = nn.MaxPool2d(2)
        self.widen = nn.Sequential(nn.Conv2d(16, 32, 3, padding=1, bias=False),
                                   nn.BatchNorm2d(32), nn.ReLU())
        self.block2 = ResBlock(32)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = self.block1(self.stem(x))
        x = self.block2(self.widen(self.pool(x)))
        return self.fc(torch.flatten(self.gap(x), 1))


class Contiguous(nn.Module):
    """qnnpack computes quantized ReLU6/hardtanh wrongly on the channels-last
    tensors its convs produce; a no-op in float."""

    def forward(self, x):
        return x.contiguous()


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand):
        super().__init__()
        hidden = cin * expand
        self.use_res = stride == 1 and cin == cout
        self.body = nn.Sequential(
            nn.Conv2d(cin, hidden, 1, bias=False), nn.BatchNorm2d(hidden), Contiguous(),
            nn.ReLU6(),
            nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False),
            nn.BatchNorm2d(hidden), Contiguous(), nn.ReLU6(),
            nn.Conv2d(hidden, cout, 1, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.body(x)
        return x + y if self.use_res else y


class MobileNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16),
                                  nn.Hardswish())
        self.blocks = nn.Sequential(InvertedResidual(16, 16, 1, 2), InvertedResidual(16, 24, 2, 4),
                                    InvertedResidual(24, 24, 1, 4), InvertedResidual(24, 32, 2, 4))
        self.head = nn.Sequential(nn.Conv2d(32, 64, 1, bias=False), nn.BatchNorm2d(64),
                                  nn.Hardswish())
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.head(self.blocks(self.stem(x)))
        return self.fc(torch.flatten(self.gap(x), 1))


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 5, padding=2), nn.LeakyReLU(0.1), nn.AvgPool2d(2),
            nn.Conv2d(8, 16, 5), nn.LeakyReLU(0.1), nn.AvgPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.LeakyReLU(0.1), nn.Linear(120, 84),
            nn.LeakyReLU(0.1), nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def train(model, xtr, ytr, epochs):
    torch.manual_seed(0)
    rng = np.random.RandomState(0)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    for _ in range(epochs):
        model.train()
        order = rng.permutation(len(xtr))
        for i in range(0, len(order), 128):
            idx = order[i:i + 128]
            loss = nn.functional.cross_entropy(model(torch.from_numpy(xtr[idx])),
                                               torch.from_numpy(ytr[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model.eval()


def top1(fn, x, y, batch=500):
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += int((fn(torch.from_numpy(x[i:i + batch])).argmax(1).numpy()
                            == y[i:i + batch]).sum())
    return correct / len(x)


def fx_ptq(model, backend, calib):
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx
    torch.backends.quantized.engine = backend
    example = (torch.from_numpy(calib[:1]),)
    prepared = prepare_fx(model, get_default_qconfig_mapping(backend), example)
    with torch.no_grad():
        for i in range(0, len(calib), 50):
            prepared(torch.from_numpy(calib[i:i + 50]))
    return convert_fx(prepared)


def nndct_top1(bin_dir, onnx_path, work, method, calib_path, test_path, labels_path, batch):
    out = os.path.join(work, f"q_{method}")
    shape = f"image={batch}x1x28x28"
    subprocess.run([os.path.join(bin_dir, "nndct"), "quantize", onnx_path, "--input-shape", shape,
                    "--calib-data", calib_path, "--method", method, "-o", out],
                   check=True, stdout=subprocess.DEVNULL)
    res = subprocess.run([os.path.join(bin_dir, "nndct"), "eval", onnx_path, "--input-shape",
                          shape, "--quant", out, "--data", test_path, "--labels", labels_path],
                         check=True, capture_output=True, text=True).stdout
    fl = float(re.search(r"float\s+([0-9.]+)%", res).group(1))
    q = float(re.search(r"int8\s+([0-9.]+)%", res).group(1))
    return fl / 100, q / 100


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin_dir")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--calib", type=int, default=500)
    ap.add_argument("--test", type=int, default=2000)
    ap.add_argument("--work", default="/tmp/nndct-accuracy-bench")
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.work, exist_ok=True)
    xtr, ytr = load("train")
    xte, yte = load("t10k")
    xte, yte = xte[:args.test], yte[:args.test]
    calib = xtr[-args.calib:]  # the same calibration images for every method
    calib_path = os.path.join(args.work, "calib.npy")
    test_path = os.path.join(args.work, "test.npy")
    labels_path = os.path.join(args.work, "labels.npy")
    np.save(calib_path, calib)
    np.save(test_path, xte)
    np.save(labels_path, yte)
    batch = 100 if args.test % 100 == 0 else 1

    rows = []
    for name, cls in (("resnet", ResNet), ("mobilenet", MobileNet), ("lenet", LeNet)):
        t0 = time.time()
        work = os.path.join(args.work, name)
        os.makedirs(work, exist_ok=True)
        # Trained weights are cached per epoch count: re-runs only quantize.
        weights = os.path.join(work, f"{name}_e{args.epochs}.pth")
        torch.manual_seed(0)
        model = cls()
        if os.path.exists(weights):
            model.load_state_dict(torch.load(weights))
            model.eval()
        else:
            model = train(model, xtr, ytr, args.epochs)
            torch.save(model.state_dict(), weights)
        onnx_path = os.path.join(work, f"{name}.onnx")
        torch.onnx.export(model, torch.from_numpy(xte[:1]), onnx_path, opset_version=13,
                          input_names=["image"], output_names=["logits"],
                          dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
        row = {"model": name, "float": top1(model, xte, yte)}
        for method in ("diffs", "maxmin"):
            try:
                nf, nq = nndct_top1(args.bin_dir, onnx_path, work, method, calib_path, test_path,
                                    labels_path, batch)
                row[f"nndct {method}"] = nq
                row["nndct float"] = nf
            except (subprocess.CalledProcessError, OSError) as e:
                print(f"{name}: nndct {method} failed: {getattr(e, 'stderr', None) or e}",
                      file=sys.stderr)
                row[f"nndct {method}"] = None
        for backend in ("qnnpack", "onednn"):
            try:
                q = fx_ptq(model, backend, calib)
                row[f"fx {backend}"] = top1(q, xte, yte)
            except Exception as e:  # noqa: BLE001 - report and continue
                print(f"{name}: fx {backend} failed: {e}", file=sys.stderr)
                row[f"fx {backend}"] = None
        rows.append(row)
        print(f"{name}: done in {time.time() - t0:.0f}s: " +
              ", ".join(f"{k} {'n/a' if v is None else f'{100 * v:.2f}'}"
                        for k, v in row.items() if k != "model"), file=sys.stderr, flush=True)

    cols = ["float", "nndct float", "nndct diffs", "nndct maxmin", "fx qnnpack", "fx onednn"]
    print(f"\nFashion-MNIST top-1 on {args.test} test images ({args.epochs} epochs, "
          f"{args.calib} calibration images)")
    print(f"| model | {' | '.join(cols)} |")
    print("|---" * (len(cols) + 1) + "|")
    for r in rows:
        cells = ["n/a" if r.get(c) is None else f"{100 * r[c]:.2f}" for c in cols]
        print(f"| {r['model']} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()

"""Imports torchvision 0.14 classification models through --import-torchscript.

Usage: torchvision_sweep.py --bin BUILD/bin [--run] [--models a,b,...]
                            [--workdir DIR] [--rtol 1e-4]

For every architecture: build it with pretrained=False weights (seeded),
torch.jit.trace it, save the archive, import it with nndct-translate and
report the import time. With --run (needs the `nndct` tool with the
interpreter), it also runs the imported IR with `nndct run` and compares
the result with torch's output: max |a - b| / max |b| <= rtol.

Exit code 0 when every selected model imports (and matches); prints one
line per model and a summary. Not part of the default lit run (the full
sweep takes minutes); test/frontends/torchscript/torchvision.test runs two
small architectures.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import torch
import torchvision

warnings.filterwarnings("ignore")

# One or two per family. The transformer families (vit_b_16, swin_t,
# maxvit_t) and the ONNX exports are in bench/models/sweep.py, which runs
# every model on a real photograph (ViT's head is zero-initialized, so a
# random-weight ViT's output is all zeros here).
DEFAULT_MODELS = [
    "alexnet", "vgg11_bn", "resnet18", "resnet50", "resnext50_32x4d",
    "wide_resnet50_2", "squeezenet1_0", "squeezenet1_1", "densenet121",
    "googlenet", "inception_v3", "mobilenet_v2", "mobilenet_v3_small",
    "mobilenet_v3_large", "shufflenet_v2_x0_5", "shufflenet_v2_x1_0",
    "mnasnet0_5", "mnasnet1_0", "regnet_x_400mf", "regnet_y_400mf",
    "efficientnet_b0", "efficientnet_v2_s", "convnext_tiny",
]


def build(name):
    torch.manual_seed(0)
    kwargs = {}
    if name in ("googlenet", "inception_v3"):
        kwargs = {"aux_logits": False, "init_weights": False}
    model = torchvision.models.get_model(name, weights=None, **kwargs).eval()
    size = 299 if name == "inception_v3" else 224
    return model, (1, 3, size, size)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="directory with nndct-translate (and nndct)")
    ap.add_argument("--run", action="store_true", help="compare with torch via `nndct run`")
    ap.add_argument("--models", default=",".join(DEFAULT_MODELS))
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--rtol", type=float, default=1e-4)
    args = ap.parse_args()

    workdir = args.workdir or tempfile.mkdtemp(prefix="nndct-tv-")
    os.makedirs(workdir, exist_ok=True)
    translate = os.path.join(args.bin, "nndct-translate")
    nndct = os.path.join(args.bin, "nndct")
    failures = 0
    for name in args.models.split(","):
        model, shape = build(name)
        torch.manual_seed(1)
        x = torch.rand(shape)
        try:
            traced = torch.jit.trace(model, x, check_trace=False)
        except Exception as e:  # noqa: BLE001 - report and go on
            print(f"{name:22s} TRACE-FAIL {str(e).splitlines()[0][:80]}", flush=True)
            continue
        pt = os.path.join(workdir, name + ".pt")
        mlir = os.path.join(workdir, name + ".mlir")
        traced.save(pt)
        shape_arg = "x".join(str(d) for d in shape)
        start = time.time()
        proc = subprocess.run([translate, "--import-torchscript", "--input-shape", shape_arg,
                               pt, "-o", mlir], capture_output=True, text=True)
        seconds = time.time() - start
        if proc.returncode != 0:
            failures += 1
            first = (proc.stderr.strip().splitlines() or ["?"])[0]
            print(f"{name:22s} IMPORT-FAIL {first[:160]}", flush=True)
            continue
        line = f"{name:22s} imported in {seconds:6.2f}s"
        if args.run:
            with torch.no_grad():
                ref = traced(x).numpy()
            inp = os.path.join(workdir, name + ".input.npy")
            out = os.path.join(workdir, name + ".out")
            np.save(inp, x.numpy())
            proc = subprocess.run([nndct, "run", mlir, "--input", inp, "-o", out],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                failures += 1
                first = (proc.stderr.strip().splitlines() or ["?"])[0]
                print(f"{line}  RUN-FAIL {first[:160]}", flush=True)
                continue
            got = np.load(os.path.join(out, "output_0.npy"))
            err = float(np.abs(got - ref).max() / max(np.abs(ref).max(), 1e-12))
            ok = got.shape == ref.shape and err <= args.rtol
            failures += 0 if ok else 1
            line += f"  rel.err {err:.2e} {'MATCH' if ok else 'MISMATCH'}"
        print(line, flush=True)
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

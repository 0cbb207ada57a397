#!/usr/bin/python3
"""The Python front's overhead against the CLI, on the same model and data.

    /usr/bin/python3 bench/python/run.py --build build [--repeat 3] [--models fmnist,resnet18]

Per model, the median wall time of --repeat runs of:
  cli calib    `nndct quantize MODEL.pt --calib-data calib.npy` (a process:
               startup, import, calibration, every output)
  quantize()   nndct.quantize on the same file and samples, in this process
  torch calib  the seed's workflow: torch_quantizer('calib') (trace +
               in-memory import), quant_model over the samples in batches of
               32 (nndct's float interpreter), export_quant_config()
  cli test     `nndct quantize MODEL.pt --mode test`
  torch test   torch_quantizer('test'), quant_model over the samples,
               export_xmodel() + export_onnx_model()
"x CLI" is the time over the CLI's for the same mode (< 1: faster).
Models: the bundled Fashion-MNIST CNN with its 200 calibration images, and
torchvision's resnet18 (seeded random weights) with 32 random 224x224
samples. `import nndct` (once per process) is printed apart.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def models(names):
    sys.path.insert(0, os.path.join(ROOT, "examples", "fashion_mnist"))
    for name in names:
        if name == "fmnist":
            from train import FashionCNN
            m = FashionCNN()
            m.load_state_dict(torch.jit.load(
                os.path.join(ROOT, "examples", "fashion_mnist", "fmnist_cnn.pt")).state_dict())
            data = np.load(os.path.join(ROOT, "examples", "fashion_mnist", "calib.npy"))
        elif name == "resnet18":
            import torchvision
            torch.manual_seed(0)
            m = torchvision.models.resnet18()
            data = np.random.default_rng(0).standard_normal((32, 3, 224, 224)).astype(np.float32)
        else:
            raise SystemExit(f"unknown model '{name}' (fmnist, resnet18)")
        yield name, m.eval(), data


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--models", default="fmnist,resnet18")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    sys.path.insert(0, os.path.join(build, "python"))
    start = time.perf_counter()
    import nndct
    import_s = time.perf_counter() - start
    nndct_bin = os.path.join(build, "bin", "nndct")

    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, model, data in models(args.models.split(",")):
            example = torch.from_numpy(data[:1])
            pt = os.path.join(work, name + ".pt")
            torch.jit.save(torch.jit.trace(model, example), pt)
            npy = os.path.join(work, name + "_calib.npy")
            np.save(npy, data)
            shape = "x".join(str(d) for d in example.shape)
            out = os.path.join(work, name)

            def cli(*extra):
                subprocess.run([nndct_bin, "quantize", pt, "--input-shape", shape,
                                *extra, "-o", out + "_cli"], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

            def api():
                nndct.quantize(pt, data, out + "_api", input_shapes=[shape])

            def run_batches(qm):
                with torch.no_grad():
                    for i in range(0, len(data), 32):
                        qm(torch.from_numpy(data[i:i + 32]))

            def torch_calib():
                q = nndct.torch_quantizer("calib", model, example, output_dir=out + "_torch")
                run_batches(q.quant_model)
                q.export_quant_config()

            def torch_test():
                q = nndct.torch_quantizer("test", model, example, output_dir=out + "_torch")
                run_batches(q.quant_model)
                q.export_xmodel()
                q.export_onnx_model()

            cli_calib = timed(lambda: cli("--calib-data", npy), args.repeat)
            cli_test = timed(lambda: cli("--mode", "test"), args.repeat)
            rows.append((name, len(data), "calib", "cli", cli_calib, cli_calib))
            rows.append((name, len(data), "calib", "quantize()", timed(api, args.repeat), cli_calib))
            rows.append((name, len(data), "calib", "torch_quantizer",
                         timed(torch_calib, args.repeat), cli_calib))
            rows.append((name, len(data), "test", "cli", cli_test, cli_test))
            rows.append((name, len(data), "test", "torch_quantizer",
                         timed(torch_test, args.repeat), cli_test))

    print(f"`import nndct`: {import_s:.2f} s (once per process)\n")
    print("| model | samples | mode | path | seconds | x CLI |")
    print("|---|---:|---|---|---:|---:|")
    for name, n, mode, path, s, base in rows:
        print(f"| {name} | {n} | {mode} | {path} | {s:.2f} | {s / base:.2f} |")


if __name__ == "__main__":
    main()

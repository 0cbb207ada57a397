"""Compares `nndct run` outputs with ONNX Runtime's, output by output.

usage: compare_outputs.py NNDCT_DIR ORT_DIR NAME... [--rel 1e-4]
NNDCT_DIR holds output_<k>.npy (from `nndct run`), ORT_DIR holds <NAME>.npy
(from ort_run.js), the k-th NAME pairing with output_<k>. The error of an
output is max|nndct - ort| / max|ort| (relative to the output's range); each
line prints it and whether it is within --rel. Exits 1 on a shape mismatch.
"""
import argparse
import os
import sys

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("nndct")
ap.add_argument("ort")
ap.add_argument("names", nargs="+")
ap.add_argument("--rel", type=float, default=1e-4)
args = ap.parse_args()
for k, name in enumerate(args.names):
    got = np.load(os.path.join(args.nndct, "output_%d.npy" % k)).astype(np.float64)
    want = np.load(os.path.join(args.ort, name + ".npy")).astype(np.float64)
    if got.shape != want.shape:
        print("%s: shape %s vs onnxruntime %s" % (name, got.shape, want.shape))
        sys.exit(1)
    err = np.abs(got - want).max() / max(np.abs(want).max(), 1e-30)
    print("%s: max relative error %.2e %s" % (
        name, err, "ok" if err <= args.rel else "EXCEEDS %.0e" % args.rel))

"""Checks `nndct run` output against torch: compare.py MODEL.pt INPUT.npy OUTDIR [RTOL].

Runs the TorchScript archive on the input with torch, flattens its result
(a tensor or nested tuples/lists of tensors, in the order nndct numbers its
outputs) and loads OUTDIR/output_<k>.npy written by `nndct run` for each.
Float outputs need max|a-b| / max|b| <= RTOL (1e-4); integer and bool
outputs (indices, masks) must be equal.
"""
import sys

import numpy as np
import torch


def flatten(v):
    if isinstance(v, (tuple, list)):
        for e in v:
            yield from flatten(e)
    elif v is not None:
        yield v


model = torch.jit.load(sys.argv[1]).eval()
x = torch.from_numpy(np.load(sys.argv[2]))
rtol = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-4
with torch.no_grad():
    refs = [t.numpy() for t in flatten(model(x))]
worst = 0.0
for k, ref in enumerate(refs):
    got = np.load(f"{sys.argv[3]}/output_{k}.npy")
    if got.shape != ref.shape:
        sys.exit(f"MISMATCH: output {k} shape {got.shape} vs torch {ref.shape}")
    if ref.dtype.kind == "f":
        err = float(np.abs(got.astype(np.float64) - ref).max(initial=0.0) /
                    max(float(np.abs(ref).max(initial=0.0)), 1e-12))
    else:
        same = np.array_equal(got.astype(np.int64), ref.astype(np.int64))
        err = 0.0 if same else float("inf")
    if err > rtol and len(refs) > 1:
        print(f"output {k} ({ref.dtype}): rel.err {err:.3e}")
    worst = max(worst, err)
print(f"{'MATCH' if worst <= rtol else 'MISMATCH'} rel.err {worst:.3e}")
sys.exit(0 if worst <= rtol else 1)

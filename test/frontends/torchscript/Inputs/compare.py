"""Checks `nndct run` output against torch: compare.py MODEL.pt INPUT.npy OUTDIR [RTOL].

Runs the TorchScript archive on the input with torch, loads OUTDIR/output_0.npy
written by `nndct run`, and fails unless max|a-b| / max|b| <= RTOL (1e-4).
"""
import sys

import numpy as np
import torch

model = torch.jit.load(sys.argv[1]).eval()
x = torch.from_numpy(np.load(sys.argv[2]))
rtol = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-4
with torch.no_grad():
    ref = model(x).numpy()
got = np.load(sys.argv[3] + "/output_0.npy")
if got.shape != ref.shape:
    sys.exit(f"MISMATCH: shape {got.shape} vs torch {ref.shape}")
err = float(np.abs(got - ref).max() / max(float(np.abs(ref).max()), 1e-12))
print(f"{'MATCH' if err <= rtol else 'MISMATCH'} rel.err {err:.3e}")
sys.exit(0 if err <= rtol else 1)

"""Compares ONNX Runtime outputs with the fixture's references.

usage: compare.py DIR   (DIR/exact/logits.npy, DIR/standard/logits.npy from
ort_run.js; DIR/ref_nndct.npy, DIR/ref_half_even.npy from make_fixture.py)
Prints one line per comparison, for FileCheck.
"""
import os
import sys

import numpy as np

d = sys.argv[1]
ref = np.load(os.path.join(d, "ref_nndct.npy"))
ref_even = np.load(os.path.join(d, "ref_half_even.npy"))
exact = np.load(os.path.join(d, "exact", "logits.npy"))
standard = np.load(os.path.join(d, "standard", "logits.npy"))
assert exact.shape == ref.shape and standard.shape == ref.shape


def ndiff(a, b):
    # Exact float32 comparison. -0.0 equals +0.0: a Q/DQ pair turns -0 into
    # +0 (an int8 has no negative zero), as the device does.
    b = b.astype(np.float32)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    return int(np.count_nonzero(~same))


print(f"exact vs nndct: {ndiff(exact, ref)} of {ref.size} differ")
print(f"standard vs half-even reference: {ndiff(standard, ref_even)} of {ref.size} differ")
print(f"standard vs nndct: {ndiff(standard, ref)} of {ref.size} differ")

# Edge cases (present when the edge model was run).
k = 0
while os.path.exists(os.path.join(d, f"edge_ref_{k}.npy")):
    ref_k = np.load(os.path.join(d, f"edge_ref_{k}.npy"))
    got = np.load(os.path.join(d, "edge", f"out_{k}.npy"))
    print(f"edge {k}: {ndiff(got, ref_k)} of {ref_k.size} differ")
    k += 1

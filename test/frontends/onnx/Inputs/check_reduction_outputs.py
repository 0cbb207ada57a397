#!/usr/bin/env python3
"""Checks every output of a reductions.test model: float outputs against
ONNX Runtime's (max relative error 1e-4, as compare_outputs.py), int64
indices against numpy (ort_run.js writes float outputs only).

usage: check_reduction_outputs.py MODEL.onnx X.npy NNDCT_DIR ORT_DIR
NNDCT_DIR holds output_<k>.npy in the model's output order; ORT_DIR holds
<name>.npy for the float outputs.
"""
import os
import sys

import numpy as np
import onnx

model, x, out, ort = onnx.load(sys.argv[1]), np.load(sys.argv[2]), sys.argv[3], sys.argv[4]


def topk(a, k, axis, largest):
    # Equal values keep the lower index first.
    idx = np.argsort(-a if largest else a, axis=axis, kind="stable")
    return np.take(idx, np.arange(k), axis=axis)


INDICES = {
    # ArgMax(axis -1, select_last_index) and ArgMin(axis 1, keepdims 0).
    "amax": lambda: (x.shape[-1] - 1 - np.argmax(x[..., ::-1], axis=-1))[..., None],
    "amin": lambda: np.argmin(x, axis=1),
    "ti": lambda: topk(x, 2, 1, True) if x.ndim == 3 and model.opset_import[0].version >= 18
    else topk(x, 3, 2, True),
    "si": lambda: topk(x, 2, 2, False),
}

bad = 0
for k, o in enumerate(model.graph.output):
    got = np.load(os.path.join(out, "output_%d.npy" % k))
    if o.type.tensor_type.elem_type == onnx.TensorProto.INT64:
        want = INDICES[o.name]()
        ok = got.shape == want.shape and np.array_equal(got.astype(np.int64), want)
        print("%s: indices %s" % (o.name, "ok" if ok else "MISMATCH"))
    else:
        want = np.load(os.path.join(ort, o.name + ".npy")).astype(np.float64)
        ok = got.shape == want.shape
        err = 0.0
        if ok:
            g, w = got.astype(np.float64), want
            same = (g == w) | (np.isnan(g) & np.isnan(w))
            fin = np.isfinite(w)
            err = np.abs(np.where(same, 0, g - w)).max() / max(np.abs(w[fin]).max(initial=0), 1e-30)
            ok = err <= 1e-4
        print("%s: max relative error %.2e %s" % (o.name, err, "ok" if ok else "EXCEEDS"))
    bad += not ok
sys.exit(1 if bad else 0)

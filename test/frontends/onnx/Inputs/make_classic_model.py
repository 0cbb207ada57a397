#!/usr/bin/env python3
"""Writes the ONNX models of the classic-CNN and mask ops' lit tests
(test/frontends/onnx/import-classic.test).

usage: make_classic_model.py NAME OUT.onnx
       make_classic_model.py inputs OUTDIR   (x.npy and idx.npy)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def i64(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def vi(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def model(nodes, inputs, outputs, inits=(), opset=14):
    g = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="nndct-test")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def classic_ops():
    """MaxPool with Indices (both storage orders, and 1-D), MaxUnpool with an
    output_shape, LRN, MeanVarianceNormalization, Trilu (both triangles),
    EyeLike, OneHot on runtime float indices, a backwards Slice of runtime
    data and a Split with empty pieces."""
    n = helper.make_node
    nodes = [
        n("MaxPool", ["x"], ["p", "pi"], name="pool", kernel_shape=[2, 2],
          strides=[2, 2]),
        n("MaxPool", ["x"], ["q", "qi"], name="pool_cm", kernel_shape=[3, 3],
          pads=[1, 1, 1, 1], storage_order=1),
        n("Reshape", ["x", "flat_shape"], ["x1"], name="flat"),
        n("MaxPool", ["x1"], ["r", "ri"], name="pool1d", kernel_shape=[3],
          strides=[2]),
        n("MaxUnpool", ["p", "pi", "unpool_shape"], ["u"], name="unpool",
          kernel_shape=[2, 2], strides=[2, 2]),
        n("LRN", ["x"], ["l"], name="lrn", size=3, alpha=0.5, beta=0.75,
          bias=2.0),
        n("MeanVarianceNormalization", ["x"], ["m"], name="mvn"),
        n("Trilu", ["x", "k1"], ["tl"], name="tril", upper=0),
        n("Trilu", ["x", "km1"], ["tu"], name="triu"),
        n("EyeLike", ["idx"], ["e"], name="eye", k=1),
        n("Add", ["idx", "e"], ["idx_e"], name="add_eye"),
        n("OneHot", ["idx_e", "depth", "values"], ["o"], name="onehot", axis=1),
        n("Slice", ["x", "starts", "ends", "axes", "steps"], ["s"],
          name="reverse"),
        n("Split", ["x", "sizes"], ["s0", "s1", "s2"], name="split", axis=3),
    ]
    # Indices as float outputs (ort_run.js writes float32 only).
    nodes += [n("Cast", [i], [i + "f"], name="cast_" + i, to=TensorProto.FLOAT)
              for i in ("pi", "qi", "ri")]
    inits = [
        i64("flat_shape", [2, 3, 25]), i64("unpool_shape", [2, 3, 5, 5]),
        i64("k1", 1), i64("km1", -1), numpy_helper.from_array(
            np.array(5, dtype=np.float32), "depth"),
        numpy_helper.from_array(np.array([-1, 3], dtype=np.float32), "values"),
        i64("starts", [4, -1]), i64("ends", [-100, 0]), i64("axes", [2, 3]),
        i64("steps", [-2, -1]), i64("sizes", [2, 0, 3]),
    ]
    outputs = [
        vi("p", [2, 3, 2, 2]), vi("pif", [2, 3, 2, 2]), vi("q", [2, 3, 5, 5]),
        vi("qif", [2, 3, 5, 5]), vi("r", [2, 3, 12]), vi("rif", [2, 3, 12]),
        vi("u", [2, 3, 5, 5]), vi("l", [2, 3, 5, 5]), vi("m", [2, 3, 5, 5]),
        vi("tl", [2, 3, 5, 5]), vi("tu", [2, 3, 5, 5]), vi("o", [3, 5, 4]),
        vi("s", [2, 3, 3, 4]), vi("s0", [2, 3, 5, 2]), vi("s2", [2, 3, 5, 3]),
        vi("s1", [2, 3, 5, 0]),
    ]
    return model(nodes, [vi("x", [2, 3, 5, 5]), vi("idx", [3, 4])], outputs,
                 inits)


def inputs(out):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 5, 5)).astype(np.float32)
    x[0, 0, 0, :2] = 7.0  # a tie: the first maximum wins
    np.save(os.path.join(out, "x.npy"), x)
    idx = rng.integers(-6, 6, (3, 4)).astype(np.float32)
    np.save(os.path.join(out, "idx.npy"), idx)


if __name__ == "__main__":
    name, out = sys.argv[1], sys.argv[2]
    if name == "inputs":
        inputs(out)
    else:
        onnx.save_model({"classic_ops": classic_ops}[name](), out)

#!/usr/bin/env python3
"""Writes the ONNX models of the reduction, index, scan, top-k and einsum
lit tests (reductions.test, einsum.test).

usage: make_reduction_models.py NAME OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

n = helper.make_node


def i64(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def vi(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def model(nodes, inputs, outputs, inits=(), opset=13):
    g = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="nndct-test")
    m.ir_version = 8
    return m


def reductions18():
    """Opset 18: axes as inputs, negative axes, keepdims, noop_with_empty_axes."""
    nodes = [
        n("ReduceMin", ["x", "ax_neg"], ["rmin"], name="rmin", keepdims=1),
        n("ReduceProd", ["x", "ax_1"], ["rprod"], name="rprod", keepdims=0),
        n("ReduceL1", ["x"], ["rl1"], name="rl1", keepdims=0),
        n("ReduceL2", ["x", "ax_02"], ["rl2"], name="rl2"),
        n("ReduceLogSumExp", ["x", "ax_neg"], ["rlse"], name="rlse"),
        n("ReduceSumSquare", ["x", "ax_1"], ["rss"], name="rss"),
        n("ReduceSumSquare", ["x", "ax_none"], ["rnoop"], name="rnoop",
          noop_with_empty_axes=1),
        n("Abs", ["x"], ["ax"], name="abs"),
        n("ReduceLogSum", ["ax", "ax_1"], ["rls"], name="rls", keepdims=0),
        n("ArgMax", ["x"], ["amax"], name="amax", axis=-1, select_last_index=1),
        n("ArgMin", ["x"], ["amin"], name="amin", axis=1, keepdims=0),
        n("LogSoftmax", ["x"], ["lsm"], name="lsm", axis=1),
        n("Hardmax", ["x"], ["hm"], name="hm"),
        n("CumSum", ["x", "ax_1s"], ["cs"], name="cs", exclusive=1, reverse=1),
        n("CumSum", ["x", "ax_neg1s"], ["cs2"], name="cs2"),
        n("TopK", ["x", "k"], ["tv", "ti"], name="topk", axis=1),
        n("TopK", ["x", "k"], ["sv", "si"], name="bottomk", axis=-1, largest=0),
    ]
    inits = [i64("ax_neg", [-1]), i64("ax_1", [1]), i64("ax_02", [0, 2]),
             i64("ax_none", []), i64("ax_1s", 1), i64("ax_neg1s", -1),
             i64("k", [2])]
    f, i = TensorProto.FLOAT, TensorProto.INT64
    outs = [vi("rmin", [2, 3, 1]), vi("rprod", [2, 4]), vi("rl1", []),
            vi("rl2", [1, 3, 1]), vi("rlse", [2, 3, 1]), vi("rss", [2, 1, 4]),
            vi("rnoop", [2, 3, 4]), vi("rls", [2, 4]), vi("amax", [2, 3, 1], i),
            vi("amin", [2, 4], i), vi("lsm", [2, 3, 4]), vi("hm", [2, 3, 4]),
            vi("cs", [2, 3, 4]), vi("cs2", [2, 3, 4]), vi("tv", [2, 2, 4]),
            vi("ti", [2, 2, 4], i), vi("sv", [2, 3, 2]), vi("si", [2, 3, 2], i)]
    return model(nodes, [vi("x", [2, 3, 4])], outs, inits, opset=18)


def reductions11():
    """Opset 11: axes attributes; LogSoftmax/Hardmax coerce to 2-D; TopK."""
    nodes = [
        n("ReduceMin", ["x"], ["rmin"], name="rmin", axes=[-2], keepdims=0),
        n("ReduceLogSumExp", ["x"], ["rlse"], name="rlse", axes=[0, 2]),
        n("LogSoftmax", ["x"], ["lsm"], name="lsm", axis=1),
        n("Hardmax", ["x"], ["hm"], name="hm", axis=1),
        n("TopK", ["x", "k"], ["tv", "ti"], name="topk"),
    ]
    outs = [vi("rmin", [2, 4]), vi("rlse", [1, 3, 1]), vi("lsm", [2, 3, 4]),
            vi("hm", [2, 3, 4]), vi("tv", [2, 3, 3]),
            vi("ti", [2, 3, 3], TensorProto.INT64)]
    return model(nodes, [vi("x", [2, 3, 4])], outs, [i64("k", [3])], opset=11)


def einsum():
    """The attention forms, transposes, outer/inner products and sums."""
    nodes = [
        n("Einsum", ["q", "k"], ["scores"], name="qk", equation="bhid,bhjd->bhij"),
        n("Einsum", ["scores", "v"], ["ctx"], name="av", equation="bhij,bhjd->bhid"),
        n("Einsum", ["q", "w"], ["proj"], name="proj", equation="...id,de->...ie"),
        n("Einsum", ["w"], ["wt"], name="wt", equation="de->ed"),
        n("Einsum", ["a", "b"], ["outer"], name="outer", equation="i,j->ij"),
        n("Einsum", ["a", "a"], ["inner"], name="inner", equation="i,i"),
        n("Einsum", ["q"], ["rowsum"], name="rowsum", equation="bhid->bi"),
        n("Einsum", ["q", "v", "w"], ["chain"], name="chain",
          equation="bhid,bhjd,de->bhije"),
    ]
    ins = [vi("q", [1, 2, 3, 4]), vi("k", [1, 2, 5, 4]), vi("v", [1, 2, 5, 4]),
           vi("w", [4, 6]), vi("a", [3]), vi("b", [2])]
    outs = [vi("scores", [1, 2, 3, 5]), vi("ctx", [1, 2, 3, 4]),
            vi("proj", [1, 2, 3, 6]), vi("wt", [6, 4]), vi("outer", [3, 2]),
            vi("inner", []), vi("rowsum", [1, 3]), vi("chain", [1, 2, 3, 5, 6])]
    return model(nodes, ins, outs, opset=12)


def einsum_diagonal():
    nodes = [n("Einsum", ["x"], ["y"], name="diag", equation="ii->i")]
    return model(nodes, [vi("x", [3, 3])], [vi("y", [3])], opset=12)


MODELS = {f.__name__: f for f in [reductions18, reductions11, einsum,
                                  einsum_diagonal]}

if __name__ == "__main__":
    onnx.save_model(MODELS[sys.argv[1]](), sys.argv[2])

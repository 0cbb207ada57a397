#!/usr/bin/env python3
"""Writes the ONNX models of import-logic.test (issue 15's ops on runtime
data and the constant forms that fold at import).

usage: make_logic_models.py NAME OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(nodes, inputs, outputs, inits=(), opset=14):
    g = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="nndct-test")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def vi(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def swin_mask():
    """Swin's attention mask: ScatterND over constants (folds), a runtime
    Equal/Where on it, and torch's training-mode Dropout with ratio 0."""
    n = helper.make_node
    nodes = [
        n("ScatterND", ["zeros", "idx", "upd"], ["mask"], name="scatter"),
        n("Equal", ["x", "mask"], ["eq"], name="eq"),
        n("Where", ["eq", "x", "neg"], ["w"], name="where"),
        n("Dropout", ["w", "ratio", "train"], ["y"], name="drop"),
    ]
    inits = [const("zeros", np.zeros((2, 3), np.float32)),
             const("idx", np.array([[1], [0]], np.int64)),
             const("upd", np.array([[1, 2, 3], [4, 5, 6]], np.float32)),
             const("neg", np.array(-1, np.float32)),
             const("ratio", np.array(0, np.float32)),
             const("train", np.array(True))]
    return model(nodes, [vi("x", [2, 3])], [vi("y", [2, 3])], inits)


def runtime_indices():
    """Gather/GatherElements/ScatterElements with indices as graph inputs,
    Cast to bool and Not, Expand and Tile of a uint8 input."""
    n = helper.make_node
    nodes = [
        n("Gather", ["x", "i"], ["g"], name="gather", axis=1),
        n("GatherElements", ["x", "e"], ["ge"], name="gather_elements", axis=0),
        n("ScatterElements", ["x", "e", "ge"], ["se"], name="scatter_elements",
          axis=0, reduction="add"),
        n("Cast", ["se"], ["b"], name="to_bool", to=TensorProto.BOOL),
        n("Not", ["b"], ["nb"], name="not"),
        n("Expand", ["u", "shape"], ["ue"], name="expand"),
        n("Tile", ["ue", "reps"], ["ut"], name="tile"),
    ]
    inits = [const("shape", np.array([3, 4], np.int64)),
             const("reps", np.array([1, 2], np.int64))]
    return model(nodes,
                 [vi("x", [3, 4]), vi("i", [2], TensorProto.INT64),
                  vi("e", [3, 4], TensorProto.INT32),
                  vi("u", [1, 4], TensorProto.UINT8)],
                 [vi("g", [3, 2]), vi("nb", [3, 4], TensorProto.BOOL),
                  vi("ut", [3, 8], TensorProto.UINT8)],
                 inits, opset=16)


if __name__ == "__main__":
    onnx.save(globals()[sys.argv[1]](), sys.argv[2])

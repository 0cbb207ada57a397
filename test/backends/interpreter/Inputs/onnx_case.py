"""Writes a small ONNX model (conv + relu + global pool + gemm), an input as
both .npy and TensorProto .pb, and the numpy reference: onnx_case.py OUTDIR."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(5)
x = rng.standard_normal((1, 2, 5, 5)).astype(np.float32)
w = rng.standard_normal((3, 2, 3, 3)).astype(np.float32)
g = rng.standard_normal((4, 3)).astype(np.float32)
nodes = [
    helper.make_node("Conv", ["input", "w"], ["c"], pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["c"], ["r"]),
    helper.make_node("GlobalAveragePool", ["r"], ["p"]),
    helper.make_node("Flatten", ["p"], ["f"]),
    helper.make_node("Gemm", ["f", "g"], ["logits"], transB=1),
]
graph = helper.make_graph(
    nodes, "small", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 2, 5, 5])],
    [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 4])],
    [numpy_helper.from_array(w, "w"), numpy_helper.from_array(g, "g")])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]),
          os.path.join(out, "model.onnx"))
np.save(os.path.join(out, "input.npy"), x)
with open(os.path.join(out, "input_0.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x, "input").SerializeToString())

xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
c = np.zeros((1, 3, 5, 5), np.float64)
for i in range(5):
    for j in range(5):
        c[0, :, i, j] = np.tensordot(w, xp[0, :, i:i + 3, j:j + 3], axes=([1, 2, 3], [0, 1, 2]))
ref = np.maximum(c, 0).mean(axis=(2, 3)) @ g.T
np.save(os.path.join(out, "ref_0.npy"), ref.astype(np.float32))

"""Checks an exported ONNX model and prints it compactly for FileCheck.

usage: describe.py MODEL.onnx
Prints the checker verdict, the opset, graph inputs/outputs, every node as
`op_type name: inputs -> outputs`, and every initializer (scales with value).
"""
import sys

import numpy as np
import onnx
from onnx import numpy_helper

model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
print("checker: ok")
print("opset:", ", ".join(f"{o.domain or 'ai.onnx'}={o.version}" for o in model.opset_import))
print("inputs:", [i.name for i in model.graph.input])
print("outputs:", [o.name for o in model.graph.output])
for n in model.graph.node:
    print(f"node {n.op_type} {n.name}: {', '.join(n.input)} -> {', '.join(n.output)}")
for t in model.graph.initializer:
    a = numpy_helper.to_array(t)
    if a.ndim == 0:
        print(f"init {t.name} {a.dtype} = {a.item()!r}")
    else:
        print(f"init {t.name} {a.dtype} {list(a.shape)}")

#!/usr/bin/python3
"""Per-op bit-exactness of the `--onnx-rounding exact` QDQ export.

usage: exact_ops.py NNDCT ORT_RUN_JS NODE_MODULES OUTDIR [--scale S] [OP...]

For each quantizable op (alone, between a quantized input and its output
fix), writes a one-op ONNX model with seeded weights, quantizes it with
`nndct quantize --onnx-rounding exact` on seeded calibration data, runs 4
held-out samples through `nndct run --mode fake-quant` on the bundle and
through ONNX Runtime on the QDQ export, and prints one line per op (data
of standard deviation 1.5 times S: S = 100 gives negative fix points):

  <op>: <k> of <n> outputs differ

Every op listed here must print 0 (docs/onnx-export.md lists the ops the
exact export covers).
"""
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(7)
C, H, W = 8, 8, 8


def weight(name, *shape, scale=0.3):
    return numpy_helper.from_array((RNG.standard_normal(shape) * scale).astype(np.float32), name)


def const(name, values, dtype=np.float32):
    return numpy_helper.from_array(np.array(values, dtype=dtype), name)


def conv(x, y, name, cin=C, cout=C, k=3, group=1, **attrs):
    inits = [weight(name + ".weight", cout, cin // group, k, k), weight(name + ".bias", cout)]
    node = helper.make_node("Conv", [x, name + ".weight", name + ".bias"], [y], name=name,
                            kernel_shape=[k, k], pads=[k // 2] * 4, group=group, **attrs)
    return [node], inits


def cases():
    """name -> (nodes, initializers, output shape)."""
    n = helper.make_node
    c = {}
    nodes, inits = conv("x", "y", "conv")
    c["conv"] = (nodes, inits, [1, C, H, W])
    nodes, inits = conv("x", "c", "conv")
    c["conv_relu"] = (nodes + [n("Relu", ["c"], ["y"], name="relu")], inits, [1, C, H, W])
    nodes, inits = conv("x", "y", "dw", group=C)
    c["depthwise_conv"] = (nodes, inits, [1, C, H, W])
    c["conv_transpose"] = (
        [n("ConvTranspose", ["x", "ct.weight", "ct.bias"], ["y"], name="ct",
           kernel_shape=[2, 2], strides=[2, 2])],
        [weight("ct.weight", C, C, 2, 2), weight("ct.bias", C)], [1, C, 2 * H, 2 * W])
    c["linear"] = (
        [n("Flatten", ["x"], ["f"], name="flatten"),
         n("Gemm", ["f", "fc.weight", "fc.bias"], ["y"], name="fc", transB=1)],
        [weight("fc.weight", 10, C * H * W, scale=0.05), weight("fc.bias", 10)], [1, 10])
    nodes, inits = conv("x", "c", "conv")
    c["residual_add"] = (nodes + [n("Add", ["c", "x"], ["y"], name="add")], inits, [1, C, H, W])
    nodes, inits = conv("x", "c", "conv")
    c["mul"] = (nodes + [n("Mul", ["c", "x"], ["y"], name="mul")], inits, [1, C, H, W])
    nodes, inits = conv("x", "c", "conv")
    c["concat"] = (nodes + [n("Concat", ["c", "x"], ["y"], name="cat", axis=1)], inits,
                   [1, 2 * C, H, W])
    c["max_pool"] = ([n("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2, 2],
                        strides=[2, 2])], [], [1, C, H // 2, W // 2])
    c["avg_pool"] = ([n("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[2, 2],
                        strides=[2, 2])], [], [1, C, H // 2, W // 2])
    c["avg_pool_3x3"] = ([n("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[3, 3],
                            strides=[1, 1], pads=[1, 1, 1, 1], count_include_pad=1)], [],
                         [1, C, H, W])
    c["global_avg_pool"] = ([n("GlobalAveragePool", ["x"], ["y"], name="gap")], [],
                            [1, C, 1, 1])
    c["leaky_relu"] = ([n("LeakyRelu", ["x"], ["y"], name="leaky", alpha=0.1)], [],
                       [1, C, H, W])
    c["relu6"] = ([n("Clip", ["x", "lo", "hi"], ["y"], name="relu6")],
                  [const("lo", 0.0), const("hi", 6.0)], [1, C, H, W])
    c["hard_sigmoid"] = ([n("HardSigmoid", ["x"], ["y"], name="hsig", alpha=1.0 / 6)], [],
                         [1, C, H, W])
    c["hard_swish"] = ([n("HardSwish", ["x"], ["y"], name="hswish")], [], [1, C, H, W])
    c["sigmoid"] = ([n("Sigmoid", ["x"], ["y"], name="sigmoid")], [], [1, C, H, W])
    c["resize_nearest"] = ([n("Resize", ["x", "", "scales"], ["y"], name="up", mode="nearest")],
                           [const("scales", [1, 1, 2, 2])], [1, C, 2 * H, 2 * W])
    return c


def model(name, nodes, inits, out_shape):
    g = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                      [1, C, H, W])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_shape)],
                          inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)],
                          producer_name="nndct-test")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def main():
    nndct, ort_run, node_modules, out = sys.argv[1:5]
    rest = sys.argv[5:]
    scale = 1.0
    if rest[:1] == ["--scale"]:
        scale, rest = float(rest[1]), rest[2:]
    only = set(rest)
    os.makedirs(out, exist_ok=True)
    calib = os.path.join(out, "calib.npy")
    np.save(calib, (RNG.standard_normal((16, C, H, W)) * 1.5 * scale).astype(np.float32))
    samples = (RNG.standard_normal((4, 1, C, H, W)) * 1.5 * scale).astype(np.float32)
    for name, (nodes, inits, shape) in cases().items():
        if only and name not in only:
            continue
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        onnx.save(model(name, nodes, inits, shape), os.path.join(d, "model.onnx"))
        q = os.path.join(d, "q")
        subprocess.run([nndct, "quantize", os.path.join(d, "model.onnx"), "--calib-data", calib,
                        "--onnx-rounding", "exact", "-o", q], check=True,
                       stdout=subprocess.DEVNULL)
        differ = total = 0
        for i, s in enumerate(samples):
            inp = os.path.join(d, f"s{i}.npy")
            np.save(inp, s)
            subprocess.run([nndct, "run", os.path.join(q, "model.nndct.mlir"), "--mode",
                            "fake-quant", "--input", inp, "-o", os.path.join(d, f"nndct{i}")],
                           check=True, stdout=subprocess.DEVNULL)
            subprocess.run(["node", ort_run, node_modules, os.path.join(q, "model_int.onnx"),
                            os.path.join(d, f"ort{i}"), "x=" + inp], check=True,
                           stdout=subprocess.DEVNULL)
            a = np.load(os.path.join(d, f"nndct{i}", "output_0.npy"))
            b = np.load(os.path.join(d, f"ort{i}", "y.npy"))
            differ += int((a != b).sum())
            total += a.size
        print(f"{name}: {differ} of {total} outputs differ", flush=True)


if __name__ == "__main__":
    main()

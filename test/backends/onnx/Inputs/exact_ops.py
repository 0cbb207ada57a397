#!/usr/bin/python3
"""Per-op bit-exactness of the `--onnx-rounding exact` QDQ export.

usage: exact_ops.py BIN_DIR ORT_RUN_JS NODE_MODULES OUTDIR [--scale S] [OP...]

For each quantizable op (alone, between a quantized input and its output
fix), writes a one-op ONNX model with seeded weights, quantizes it with the
PTQ pipeline (nndct-translate, nndct-opt) on seeded calibration data,
exports it with `--onnx-rounding=exact`, runs a batch of 4 held-out samples
through `nndct run --mode fake-quant` on the quantized IR and through ONNX
Runtime on the QDQ export, and prints one line per op (data
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
N, C, H, W = 4, 8, 8, 8  # one batch of 4 samples per run


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
    c["conv"] = (nodes, inits, [N, C, H, W])
    nodes, inits = conv("x", "c", "conv")
    c["conv_relu"] = (nodes + [n("Relu", ["c"], ["y"], name="relu")], inits, [N, C, H, W])
    nodes, inits = conv("x", "y", "dw", group=C)
    c["depthwise_conv"] = (nodes, inits, [N, C, H, W])
    c["conv_transpose"] = (
        [n("ConvTranspose", ["x", "ct.weight", "ct.bias"], ["y"], name="ct",
           kernel_shape=[2, 2], strides=[2, 2])],
        [weight("ct.weight", C, C, 2, 2), weight("ct.bias", C)], [N, C, 2 * H, 2 * W])
    c["linear"] = (
        [n("Flatten", ["x"], ["f"], name="flatten"),
         n("Gemm", ["f", "fc.weight", "fc.bias"], ["y"], name="fc", transB=1)],
        [weight("fc.weight", 10, C * H * W, scale=0.05), weight("fc.bias", 10)], [N, 10])
    nodes, inits = conv("x", "c", "conv")
    c["residual_add"] = (nodes + [n("Add", ["c", "x"], ["y"], name="add")], inits, [N, C, H, W])
    nodes, inits = conv("x", "c", "conv")
    c["mul"] = (nodes + [n("Mul", ["c", "x"], ["y"], name="mul")], inits, [N, C, H, W])
    nodes, inits = conv("x", "c", "conv")
    c["concat"] = (nodes + [n("Concat", ["c", "x"], ["y"], name="cat", axis=1)], inits,
                   [N, 2 * C, H, W])
    c["max_pool"] = ([n("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2, 2],
                        strides=[2, 2])], [], [N, C, H // 2, W // 2])
    c["avg_pool"] = ([n("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[2, 2],
                        strides=[2, 2])], [], [N, C, H // 2, W // 2])
    c["avg_pool_3x3"] = ([n("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[3, 3],
                            strides=[1, 1], pads=[1, 1, 1, 1], count_include_pad=1)], [],
                         [N, C, H, W])
    c["global_avg_pool"] = ([n("GlobalAveragePool", ["x"], ["y"], name="gap")], [],
                            [N, C, 1, 1])
    c["leaky_relu"] = ([n("LeakyRelu", ["x"], ["y"], name="leaky", alpha=0.1)], [],
                       [N, C, H, W])
    c["relu6"] = ([n("Clip", ["x", "lo", "hi"], ["y"], name="relu6")],
                  [const("lo", 0.0), const("hi", 6.0)], [N, C, H, W])
    c["hard_sigmoid"] = ([n("HardSigmoid", ["x"], ["y"], name="hsig", alpha=1.0 / 6)], [],
                         [N, C, H, W])
    c["hard_swish"] = ([n("HardSwish", ["x"], ["y"], name="hswish")], [], [N, C, H, W])
    c["sigmoid"] = ([n("Sigmoid", ["x"], ["y"], name="sigmoid")], [], [N, C, H, W])
    c["resize_nearest"] = ([n("Resize", ["x", "", "scales"], ["y"], name="up", mode="nearest",
                              coordinate_transformation_mode="asymmetric", nearest_mode="floor")],
                           [const("scales", [1, 1, 2, 2])], [N, C, 2 * H, 2 * W])
    c["paddle_hard_sigmoid"] = ([n("HardSigmoid", ["x"], ["y"], name="hsig", alpha=0.2,
                                   beta=0.5)], [], [N, C, H, W])
    c["reduce_mean_hw"] = ([n("ReduceMean", ["x"], ["y"], name="mean", axes=[2, 3],
                              keepdims=1)], [], [N, C, 1, 1])
    c["avg_pool_ceil"] = ([n("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[3, 3],
                             strides=[2, 2], ceil_mode=1)], [], [N, C, 4, 4])
    # ResNet-style: conv-relu-conv + identity, relu, 7x7 window average
    # (the NPU's 21/1024), flatten, linear.
    n1, i1 = conv("x", "c1", "conv1")
    n2, i2 = conv("r1", "c2", "conv2")
    c["resnet_block"] = (
        n1 + [n("Relu", ["c1"], ["r1"], name="relu1")] + n2 +
        [n("Add", ["c2", "x"], ["s"], name="add"), n("Relu", ["s"], ["r2"], name="relu2"),
         n("AveragePool", ["r2"], ["p"], name="pool", kernel_shape=[7, 7]),
         n("Flatten", ["p"], ["f"], name="flatten"),
         n("Gemm", ["f", "fc.weight", "fc.bias"], ["y"], name="fc", transB=1)],
        i1 + i2 + [weight("fc.weight", 10, C * 2 * 2, scale=0.2), weight("fc.bias", 10)],
        [N, 10])
    # MobileNetV3-style: depthwise conv, hard swish, squeeze-excite (global
    # pool, 1x1 convs, relu, hard sigmoid, channel scale), projection conv.
    n1, i1 = conv("x", "d", "dw", group=C)
    n2, i2 = conv("g", "s1", "se1", k=1)
    n3, i3 = conv("sr", "s2", "se2", k=1)
    n4, i4 = conv("m", "y", "proj", k=1)
    c["mobilenet_block"] = (
        n1 + [n("HardSwish", ["d"], ["h"], name="hswish"),
              n("GlobalAveragePool", ["h"], ["g"], name="gap")] + n2 +
        [n("Relu", ["s1"], ["sr"], name="se_relu")] + n3 +
        [n("HardSigmoid", ["s2"], ["sg"], name="se_hsig", alpha=1.0 / 6),
         n("Mul", ["h", "sg"], ["m"], name="se_scale")] + n4,
        i1 + i2 + i3 + i4, [N, C, H, W])
    return c


def model(name, nodes, inits, out_shape):
    g = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                      [N, C, H, W])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_shape)],
                          inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)],
                          producer_name="nndct-test")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def main():
    bin_dir, ort_run, node_modules, out = sys.argv[1:5]
    rest = sys.argv[5:]
    scale = 1.0
    if rest[:1] == ["--scale"]:
        scale, rest = float(rest[1]), rest[2:]
    only = set(rest)
    os.makedirs(out, exist_ok=True)
    calib = os.path.join(out, "calib.npy")
    np.save(calib, (RNG.standard_normal((4 * N, C, H, W)) * 1.5 * scale).astype(np.float32))
    batch = (RNG.standard_normal((N, C, H, W)) * 1.5 * scale).astype(np.float32)
    for name, (nodes, inits, shape) in cases().items():
        if only and name not in only:
            continue
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        onnx.save(model(name, nodes, inits, shape), os.path.join(d, "model.onnx"))
        run = lambda *args: subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        mlir, quant, qdq = (os.path.join(d, f) for f in ("model.mlir", "q.mlir", "q.onnx"))
        run(os.path.join(bin_dir, "nndct-translate"), "--import-onnx",
            os.path.join(d, "model.onnx"), "-o", mlir)
        run(os.path.join(bin_dir, "nndct-opt"), mlir, "--nndct-ptq-pipeline=data=" + calib,
            "-o", quant)
        run(os.path.join(bin_dir, "nndct-translate"), "--export-onnx", "--onnx-rounding=exact",
            quant, "-o", qdq)
        inp = os.path.join(d, "batch.npy")
        np.save(inp, batch)
        run(os.path.join(bin_dir, "nndct"), "run", quant, "--mode", "fake-quant",
            "--input", inp, "-o", os.path.join(d, "nndct"))
        run("node", ort_run, node_modules, qdq, os.path.join(d, "ort"), "x=" + inp)
        a = np.load(os.path.join(d, "nndct", "output_0.npy"))
        b = np.load(os.path.join(d, "ort", "y.npy"))
        differ, total = int((a != b).sum()), a.size
        print(f"{name}: {differ} of {total} outputs differ", flush=True)


if __name__ == "__main__":
    main()

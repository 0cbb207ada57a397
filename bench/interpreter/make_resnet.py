"""Writes a resnet-ish nndct .mlir (weights as dense_resource blobs) and an input.

make_resnet.py OUTDIR [--size 224] [--width 32]
A ResNet-18-shaped network (stem conv 7x7/2 + maxpool, 4 stages of 2 basic
blocks, global pool, linear) with BatchNorm already folded. Seeded.
"""
import argparse
import os

import numpy as np


class Builder:
    def __init__(self, rng):
        self.rng, self.lines, self.blobs, self.n = rng, [], {}, 0
        self.nodes = []  # (op_type, inputs, output, attrs) for the ONNX twin

    def val(self):
        self.n += 1
        return f"%v{self.n}"

    def const(self, name, shape, scale):
        a = (self.rng.standard_normal(shape) * scale).astype(np.float32)
        self.blobs[name] = a
        v = self.val()
        self.lines.append(f"  {v} = nndct.constant dense_resource<{name}> : {t(shape)}")
        return v

    def conv(self, x, shape, cout, k, s, relu=True, name="conv"):
        n, c, h, w = shape
        p = k // 2
        oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
        wv = self.const(f"{name}.weight", (cout, c, k, k), (2.0 / (c * k * k)) ** 0.5)
        bv = self.const(f"{name}.bias", (cout,), 0.01)
        y = self.val()
        out = (n, cout, oh, ow)
        self.lines.append(
            f"  {y} = nndct.conv2d {x}, {wv}, {bv} {{strides = array<i64: {s}, {s}>, "
            f"pads = array<i64: {p}, {p}, {p}, {p}>}} : ({t(shape)}, {t((cout, c, k, k))}, "
            f"{t((cout,))}) -> {t(out)}")
        if relu:
            r = self.val()
            self.lines.append(f"  {r} = nndct.relu {y} : {t(out)}")
            y = r
        self.nodes.append(("Conv", [x, wv, bv], y if not relu else y + "_pre",
                           dict(kernel_shape=[k, k], strides=[s, s], pads=[p, p, p, p])))
        if relu:
            self.nodes.append(("Relu", [y + "_pre"], y, {}))
        return y, out


def t(shape):
    return "tensor<" + "x".join(map(str, shape)) + "xf32>"


def write_onnx(b, path, shape, result):
    """The same network and weights as an ONNX model (for ONNX Runtime)."""
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    names = {}  # MLIR constant value -> blob name
    for line in b.lines:
        if "nndct.constant" in line:
            v = line.split("=")[0].strip()
            names[v] = line.split("dense_resource<")[1].split(">")[0]
    ref = lambda v: names.get(v, v.lstrip("%"))
    nodes = [helper.make_node(op, [ref(i) for i in ins], [ref(out)], **attrs)
             for op, ins, out, attrs in b.nodes]
    inits = [numpy_helper.from_array(a, name=n) for n, a in b.blobs.items()]
    graph = helper.make_graph(
        nodes, "resnetish",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(shape))],
        [helper.make_tensor_value_info(ref(result), TensorProto.FLOAT, [1, 1000])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--width", type=int, default=32)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    b = Builder(rng)
    shape = (1, 3, args.size, args.size)
    x, s = b.conv("%x", shape, args.width, 7, 2, name="stem")
    n, c, h, w = s
    mp = b.val()
    ms = (n, c, (h + 2 - 3) // 2 + 1, (w + 2 - 3) // 2 + 1)
    b.lines.append(f"  {mp} = nndct.max_pool2d {x} {{kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, "
                   f"pads = array<i64: 1, 1, 1, 1>}} : ({t(s)}) -> {t(ms)}")
    b.nodes.append(("MaxPool", [x], mp, dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])))
    x, s = mp, ms
    for stage in range(4):
        cout = args.width * 2 ** stage
        for block in range(2):
            stride = 2 if stage > 0 and block == 0 else 1
            name = f"layer{stage + 1}.{block}"
            y, ys = b.conv(x, s, cout, 3, stride, name=name + ".conv1")
            y, ys = b.conv(y, ys, cout, 3, 1, relu=False, name=name + ".conv2")
            if stride != 1 or s[1] != cout:
                sc, _ = b.conv(x, s, cout, 1, stride, relu=False, name=name + ".downsample")
            else:
                sc = x
            a = b.val()
            b.lines.append(f"  {a} = nndct.add {y}, {sc} : ({t(ys)}, {t(ys)}) -> {t(ys)}")
            r = b.val()
            b.lines.append(f"  {r} = nndct.relu {a} : {t(ys)}")
            b.nodes.append(("Add", [y, sc], a, {}))
            b.nodes.append(("Relu", [a], r, {}))
            x, s = r, ys
    gp = b.val()
    b.lines.append(f"  {gp} = nndct.adaptive_avg_pool2d {x} : ({t(s)}) -> {t((1, s[1], 1, 1))}")
    fl = b.val()
    b.lines.append(f"  {fl} = nndct.reshape {gp} : ({t((1, s[1], 1, 1))}) -> {t((1, s[1]))}")
    fw = b.const("fc.weight", (1000, s[1]), (1.0 / s[1]) ** 0.5)
    fb = b.const("fc.bias", (1000,), 0.01)
    y = b.val()
    b.lines.append(f"  {y} = nndct.linear {fl}, {fw}, {fb} : ({t((1, s[1]))}, {t((1000, s[1]))}, "
                   f"{t((1000,))}) -> {t((1, 1000))}")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "resnet.mlir"), "w") as f:
        f.write(f"func.func @main(%x: {t(shape)}) -> {t((1, 1000))} {{\n")
        f.write("\n".join(b.lines) + "\n")
        f.write(f"  return {y} : {t((1, 1000))}\n}}\n")
        f.write("{-#\n  dialect_resources: {\n    builtin: {\n")
        items = [f'      "{k}": "0x04000000{v.tobytes().hex()}"' for k, v in b.blobs.items()]
        f.write(",\n".join(items) + "\n    }\n  }\n#-}\n")
    np.save(os.path.join(args.out, "input.npy"),
            rng.standard_normal(shape).astype(np.float32))
    b.nodes.append(("GlobalAveragePool", [x], gp, {}))
    b.nodes.append(("Flatten", [gp], fl, {}))
    b.nodes.append(("Gemm", [fl, fw, fb], y, dict(transB=1)))
    write_onnx(b, os.path.join(args.out, "resnet.onnx"), shape, y)
    params = sum(v.size for v in b.blobs.values())
    print(f"wrote {args.out}/resnet.mlir ({params} parameters)")


if __name__ == "__main__":
    main()

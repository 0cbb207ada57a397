#!/usr/bin/env python3
"""Models, inputs and numpy reference outputs of element-types.test:
FLOAT16/BFLOAT16/DOUBLE tensors and the integer ops of quantized models.

usage: make_element_type_models.py make OUTDIR
       make_element_type_models.py check OUTDIR/NAME NNDCT_DIR
`make` writes NAME.onnx, NAME.<input>.npy and NAME.want<k>.npy for each
model; `check` compares nndct's output_<k>.npy with the references:
bit-exact (same dtype and values) for every output, and prints "NAME ok".
The references are numpy: integer arithmetic in int64, float16 rounding by
astype(float16), bfloat16 by round-to-nearest-even on the float32 bits.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

n = helper.make_node
rng = np.random.default_rng(15)


def vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def save_model(path, nodes, inputs, outputs, inits, opset=13):
    g = helper.make_graph(nodes, "g", inputs, outputs, inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="nndct-test")
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, path)


def bf16(x):
    """float32 -> bfloat16 (round to nearest even) -> float32."""
    b = x.astype(np.float32).view(np.uint32).astype(np.uint64)
    b = ((b + 0x7FFF + ((b >> 16) & 1)) >> 16) << 16
    return b.astype(np.uint32).view(np.float32)


def conv_int(x, w, pads):
    """Exact 2-D integer convolution (NCHW, stride 1, group 1)."""
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    nb, c, h, wd = x.shape
    m, _, kh, kw = w.shape
    y = np.zeros((nb, m, h - kh + 1, wd - kw + 1), np.int64)
    for i in range(y.shape[2]):
        for j in range(y.shape[3]):
            patch = x[:, :, i:i + kh, j:j + kw]
            y[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
    return y


def requant(acc, m, zy, lo, hi, dtype):
    v = np.rint(acc.astype(np.float32) * np.float32(m).astype(np.float32))
    return np.clip(v + zy, lo, hi).astype(dtype)


def make_floats(out):
    """f16 and f64 inputs read widened, Cast to FLOAT16/BFLOAT16/DOUBLE,
    outputs of each type."""
    h = (rng.standard_normal((2, 3)) * 3).astype(np.float16)
    d = rng.standard_normal((2, 3)).astype(np.float64)
    x = rng.standard_normal((2, 3)).astype(np.float32)
    # Ties and out-of-range values for the rounding.
    x[0, 0] = np.float32(1 + 2 ** -11)       # half tie -> 1.0
    x[0, 1] = np.float32(1 + 3 * 2 ** -11)   # half tie -> up
    x[0, 2] = np.float32(70000.0)            # half overflow -> inf
    x[1, 0] = np.float32(1 + 2 ** -8)        # bfloat16 tie -> 1.0
    x[1, 1] = np.float32(3e-8)               # half subnormal
    nodes = [
        n("Cast", ["h"], ["hf"], to=TensorProto.FLOAT, name="h_to_f"),
        n("Add", ["hf", "x"], ["s"], name="add"),
        n("Cast", ["s"], ["s16"], to=TensorProto.FLOAT16, name="s_to_h"),
        n("Cast", ["x"], ["x16"], to=TensorProto.FLOAT16, name="x_to_h"),
        n("Cast", ["x"], ["xb"], to=TensorProto.BFLOAT16, name="x_to_bf"),
        n("Max", ["h", "h2"], ["hmax"], name="hmax"),
        n("Mul", ["d", "d"], ["dd"], name="dsq"),
        n("CastLike", ["x", "d"], ["xd"], name="x_like_d"),
    ]
    h2 = numpy_helper.from_array(np.full((2, 3), 0.5, np.float16), "h2")
    save_model(os.path.join(out, "floats.onnx"), nodes,
               [vi("h", TensorProto.FLOAT16, [2, 3]),
                vi("d", TensorProto.DOUBLE, [2, 3]),
                vi("x", TensorProto.FLOAT, [2, 3])],
               [vi("s16", TensorProto.FLOAT16, [2, 3]),
                vi("x16", TensorProto.FLOAT16, [2, 3]),
                vi("xb", TensorProto.BFLOAT16, [2, 3]),
                vi("hmax", TensorProto.FLOAT16, [2, 3]),
                vi("dd", TensorProto.DOUBLE, [2, 3]),
                vi("xd", TensorProto.DOUBLE, [2, 3])], [h2], opset=15)
    for name, v in (("h", h), ("d", d), ("x", x)):
        np.save(os.path.join(out, "floats.%s.npy" % name), v)
    d32 = d.astype(np.float32)  # nndct computes DOUBLE in float32
    wants = [(h.astype(np.float32) + x).astype(np.float16),
             x.astype(np.float16),
             bf16(x),  # written as float32 values (.npy has no bfloat16)
             np.maximum(h, np.float16(0.5)),
             (d32 * d32).astype(np.float64),
             x.astype(np.float64)]
    for k, v in enumerate(wants):
        np.save(os.path.join(out, "floats.want%d.npy" % k), v)


def make_integer(out):
    """ConvInteger, QLinearConv, MatMulInteger, QLinearMatMul and
    DynamicQuantizeLinear with per-tensor and per-channel zero points."""
    x = rng.integers(0, 256, (1, 2, 5, 5)).astype(np.uint8)
    w = rng.integers(-128, 128, (3, 2, 3, 3)).astype(np.int8)
    a = rng.integers(0, 256, (2, 4, 5)).astype(np.uint8)
    b = rng.integers(-128, 128, (5, 3)).astype(np.int8)
    f = (rng.standard_normal((2, 3)) * 4).astype(np.float32)
    xzp, wzp = np.uint8(131), np.array([3, -2, 0], np.int8)
    azp, bzp = np.uint8(7), np.int8(-5)
    sx, sw = np.float32(0.02), np.array([0.005, 0.01, 0.002], np.float32)
    sy, zy = np.float32(0.7), np.uint8(120)
    sa, sb, sy2, zy2 = (np.float32(0.03), np.float32(0.004), np.float32(0.05),
                        np.int8(-3))
    bias = np.array([1000, -2000, 30], np.int32)
    T = numpy_helper.from_array
    inits = [T(w, "w"), T(np.array(xzp), "xzp"), T(wzp, "wzp"), T(b, "b"),
             T(np.array(azp), "azp"), T(np.array(bzp), "bzp"),
             T(np.array(sx), "sx"), T(sw, "sw"), T(np.array(sy), "sy"),
             T(np.array(zy), "zy"), T(bias, "bias"), T(np.array(sa), "sa"),
             T(np.array(sb), "sb"), T(np.array(sy2), "sy2"),
             T(np.array(zy2), "zy2")]
    nodes = [
        n("ConvInteger", ["x", "w", "xzp", "wzp"], ["ci"], name="convint",
          pads=[1, 1, 1, 1]),
        n("QLinearConv", ["x", "sx", "xzp", "w", "sw", "wzp", "sy", "zy",
                          "bias"], ["qc"], name="qconv", pads=[0, 1, 0, 1]),
        n("MatMulInteger", ["a", "b", "azp", "bzp"], ["mi"], name="mmint"),
        n("QLinearMatMul", ["a", "sa", "azp", "b", "sb", "bzp", "sy2", "zy2"],
          ["qm"], name="qmm"),
        n("DynamicQuantizeLinear", ["f"], ["fq", "fs", "fz"], name="dql"),
    ]
    save_model(os.path.join(out, "integer.onnx"), nodes,
               [vi("x", TensorProto.UINT8, [1, 2, 5, 5]),
                vi("a", TensorProto.UINT8, [2, 4, 5]),
                vi("f", TensorProto.FLOAT, [2, 3])],
               [vi("ci", TensorProto.INT32, [1, 3, 5, 5]),
                vi("qc", TensorProto.UINT8, [1, 3, 3, 5]),
                vi("mi", TensorProto.INT32, [2, 4, 3]),
                vi("qm", TensorProto.INT8, [2, 4, 3]),
                vi("fq", TensorProto.UINT8, [2, 3]),
                vi("fs", TensorProto.FLOAT, []),
                vi("fz", TensorProto.UINT8, [])], inits)
    for name, v in (("x", x), ("a", a), ("f", f)):
        np.save(os.path.join(out, "integer.%s.npy" % name), v)
    xc = x.astype(np.int64) - int(xzp)
    wc = w.astype(np.int64) - wzp.astype(np.int64).reshape(3, 1, 1, 1)
    ci = conv_int(xc, wc, [1, 1, 1, 1]).astype(np.int32)
    acc = conv_int(xc, wc, [0, 1, 0, 1]) + bias.reshape(1, 3, 1, 1)
    m = (np.float32(sx) * sw).astype(np.float32) / np.float32(sy)
    qc = requant(acc, m.reshape(1, 3, 1, 1), int(zy), 0, 255, np.uint8)
    mm = np.matmul(a.astype(np.int64) - int(azp), b.astype(np.int64) - int(bzp))
    qm = requant(mm, np.float32(sa * sb) / np.float32(sy2), int(zy2), -128,
                 127, np.int8)
    lo, hi = min(0.0, f.min()), max(0.0, f.max())
    fs = np.float32((np.float32(hi) - np.float32(lo)) / np.float32(255))
    fz = np.uint8(np.rint(np.clip(np.float32(0) - np.float32(lo) / fs, 0, 255)))
    fq = np.clip(np.rint(f / fs) + fz, 0, 255).astype(np.uint8)
    wants = [ci, qc, mm.astype(np.int32), qm, fq, np.array(fs), np.array(fz)]
    for k, v in enumerate(wants):
        np.save(os.path.join(out, "integer.want%d.npy" % k), v)


def make_overflow(out):
    """A ConvInteger whose accumulation can pass 2^24 (rejected)."""
    w = np.full((1, 300, 3, 3), 255, np.uint8)
    save_model(os.path.join(out, "overflow.onnx"),
               [n("ConvInteger", ["x", "w"], ["y"], name="big_conv")],
               [vi("x", TensorProto.UINT8, [1, 300, 4, 4])],
               [vi("y", TensorProto.INT32, [1, 1, 2, 2])],
               [numpy_helper.from_array(w, "w")])


def make_conv16(out):
    """A FLOAT16 conv + relu to quantize (weights, input and output f16)."""
    w = (rng.standard_normal((4, 2, 3, 3)) * 0.3).astype(np.float16)
    save_model(os.path.join(out, "conv16.onnx"),
               [n("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1], name="conv"),
                n("Relu", ["c"], ["y"], name="relu")],
               [vi("x", TensorProto.FLOAT16, [1, 2, 5, 5])],
               [vi("y", TensorProto.FLOAT16, [1, 4, 5, 5])],
               [numpy_helper.from_array(w, "w")])
    np.save(os.path.join(out, "conv16.calib.npy"),
            rng.standard_normal((4, 2, 5, 5)).astype(np.float16))


def check(prefix, nndct):
    k = 0
    while os.path.exists("%s.want%d.npy" % (prefix, k)):
        want = np.load("%s.want%d.npy" % (prefix, k))
        got = np.load(os.path.join(nndct, "output_%d.npy" % k))
        if got.dtype != want.dtype or got.shape != want.shape:
            print("output %d: %s %s, expected %s %s" % (
                k, got.dtype, got.shape, want.dtype, want.shape))
            return 1
        if not np.array_equal(got, want, equal_nan=want.dtype.kind == "f"):
            bad = np.argwhere(got != want)[0]
            print("output %d differs at %s: %r vs %r" % (
                k, tuple(bad), got[tuple(bad)], want[tuple(bad)]))
            return 1
        k += 1
    if k == 0:
        print("no reference outputs for %s" % prefix)
        return 1
    print("%s ok (%d outputs)" % (os.path.basename(prefix), k))
    return 0


if __name__ == "__main__":
    np.seterr(over="ignore")  # the float16 overflow to inf is tested
    if sys.argv[1] == "make":
        make_floats(sys.argv[2])
        make_integer(sys.argv[2])
        make_overflow(sys.argv[2])
        make_conv16(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2], sys.argv[3]))

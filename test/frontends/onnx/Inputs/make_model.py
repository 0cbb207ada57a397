#!/usr/bin/env python3
"""Writes small deterministic ONNX models for the importer's lit tests.

usage: make_model.py NAME OUT.onnx
       make_model.py bind_data OUTDIR

Each NAME below builds one graph with onnx.helper; weights come from a seeded
numpy generator, so the files are identical on every run.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(0)


def w(name, *shape):
    return numpy_helper.from_array(RNG.standard_normal(shape).astype(np.float32), name)


def i64(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def f32(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.float32), name)


def vi(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def model(nodes, inputs, outputs, inits=(), opset=13, check=True):
    g = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="nndct-test")
    m.ir_version = min(m.ir_version, 8)
    if check:
        onnx.checker.check_model(m)
    return m


def small_cnn():
    """Conv-BN-Relu-MaxPool-Conv(depthwise)-Clip-GAP-Flatten-Gemm-Softmax."""
    n = helper.make_node
    nodes = [
        n("Conv", ["input", "conv1.weight", "conv1.bias"], ["c1"], name="conv1",
          kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
        n("BatchNormalization", ["c1", "bn.scale", "bn.bias", "bn.mean", "bn.var"],
          ["b1"], name="bn1", epsilon=1e-3),
        n("Relu", ["b1"], ["r1"], name="relu1"),
        n("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        n("Conv", ["p1", "dw.weight"], ["c2"], name="dwconv", group=8,
          kernel_shape=[3, 3], auto_pad="SAME_UPPER"),
        n("Clip", ["c2", "zero", "six"], ["r2"], name="relu6"),
        n("GlobalAveragePool", ["r2"], ["g"], name="gap"),
        n("Flatten", ["g"], ["f"], name="flatten"),
        n("Gemm", ["f", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1),
        n("Softmax", ["logits"], ["prob"], name="softmax", axis=1),
    ]
    inits = [w("conv1.weight", 8, 3, 3, 3), w("conv1.bias", 8),
             f32("bn.scale", np.ones(8)), f32("bn.bias", np.zeros(8)),
             f32("bn.mean", np.zeros(8)), f32("bn.var", np.ones(8)),
             w("dw.weight", 8, 1, 3, 3), f32("zero", 0.0), f32("six", 6.0),
             w("fc.weight", 10, 8), w("fc.bias", 10)]
    return model(nodes, [vi("input", ["N", 3, 16, 16])], [vi("prob", ["N", 10])], inits)


def shape_arith():
    """Shape -> Gather -> Unsqueeze -> Concat -> Reshape, folded at import."""
    n = helper.make_node
    nodes = [
        n("Shape", ["x"], ["s"], name="shape"),
        n("Gather", ["s", "idx0"], ["batch"], name="gather", axis=0),
        n("Unsqueeze", ["batch", "ax0"], ["b1"], name="unsq"),
        n("Concat", ["b1", "minus1"], ["newshape"], name="concat", axis=0),
        n("Reshape", ["x", "newshape"], ["y"], name="reshape"),
        n("Slice", ["y", "st", "en", "axes"], ["z"], name="slice"),
    ]
    inits = [i64("idx0", 0), i64("ax0", [0]), i64("minus1", [-1]),
             i64("st", [-4]), i64("en", [2**63 - 1]), i64("axes", [1])]
    return model(nodes, [vi("x", [2, 3, 4])], [vi("z", [2, 4])], inits)


def two_inputs():
    n = helper.make_node
    nodes = [n("Add", ["a", "b"], ["c"], name="add")]
    return model(nodes, [vi("a", ["N", 4]), vi("b", ["N", 4])], [vi("c", ["N", 4])])


def dynamic_spatial():
    n = helper.make_node
    nodes = [n("Relu", ["img"], ["out"], name="relu")]
    return model(nodes, [vi("img", [1, 3, "H", "W"])], [vi("out", [1, 3, "H", "W"])])


def unsupported():
    n = helper.make_node
    nodes = [n("LpNormalization", ["x"], ["a"], name="lpnorm_a"),
             n("Relu", ["a"], ["b"], name="relu"),
             n("LpNormalization", ["b"], ["c"], name="lpnorm_b"),
             n("Det", ["c"], ["d"], name="det")]
    return model(nodes, [vi("x", [2, 2])], [vi("d", [])], check=False)


def bad_opset():
    n = helper.make_node
    return model([n("Relu", ["x"], ["y"], name="relu")], [vi("x", [2])],
                 [vi("y", [2])], opset=22, check=False)


def mismatch():
    """A MatMul whose inner dimensions disagree (checker cannot see it)."""
    n = helper.make_node
    nodes = [n("MatMul", ["x", "w"], ["y"], name="bad_matmul")]
    return model(nodes, [vi("x", [1, 4])], [vi("y", [1, 5])], [w("w", 3, 5)])


def opset18_ops():
    """Opset-18 input forms: Split num_outputs, ReduceMean axes input, Pad axes,
    Resize with sizes; beyond what libonnx 1.12 knows."""
    n = helper.make_node
    nodes = [
        n("Split", ["x"], ["s0", "s1"], name="split", axis=1, num_outputs=2),
        n("ReduceMean", ["s0", "axes23"], ["m"], name="mean", keepdims=1),
        n("Pad", ["s1", "pads", "", "axes23"], ["p"], name="pad", mode="reflect"),
        n("Resize", ["p", "", "", "sizes"], ["r"], name="resize", mode="linear",
          coordinate_transformation_mode="align_corners", axes=[2, 3]),
        n("Add", ["r", "m"], ["y"], name="add"),
    ]
    inits = [i64("axes23", [2, 3]), i64("pads", [1, 1, 1, 1]), i64("sizes", [12, 12])]
    return model(nodes, [vi("x", [1, 4, 6, 6])], [vi("y", [1, 2, 12, 12])], inits,
                 opset=18, check=False)


def misc_ops():
    """Opset-11 forms of Clip/Squeeze/Unsqueeze attributes, ConvTranspose,
    AveragePool with ceil_mode, Upsample-free Resize with scales, PRelu,
    HardSwish-like ops, QuantizeLinear/DequantizeLinear, Transpose, MatMul."""
    n = helper.make_node
    nodes = [
        n("ConvTranspose", ["x", "ct.weight"], ["ct"], name="deconv", strides=[2, 2],
          kernel_shape=[2, 2]),
        n("AveragePool", ["ct"], ["ap"], name="avgpool", kernel_shape=[3, 3],
          strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=0),
        n("PRelu", ["ap", "slope"], ["pr"], name="prelu"),
        n("HardSigmoid", ["pr"], ["hs"], name="hsig", alpha=0.25),
        n("LeakyRelu", ["hs"], ["lr"], name="lrelu", alpha=0.1),
        n("Resize", ["lr", "roi", "scales"], ["rs"], name="up", mode="nearest",
          coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
        n("Clip", ["rs", "m1", "p1"], ["cl"], name="clip"),
        n("QuantizeLinear", ["cl", "qs", "qz"], ["q"], name="quant"),
        n("DequantizeLinear", ["q", "qs", "qz"], ["dq"], name="dequant"),
        n("Transpose", ["dq"], ["t"], name="nhwc", perm=[0, 2, 3, 1]),
        n("Squeeze", ["t"], ["sq"], name="squeeze", axes=[0]),
        n("MatMul", ["sq", "mm.weight"], ["mm"], name="matmul"),
        n("Unsqueeze", ["mm"], ["y"], name="unsqueeze", axes=[0]),
    ]
    inits = [w("ct.weight", 4, 2, 2, 2), f32("slope", np.full((2, 1, 1), 0.2)),
             f32("scales", [1, 1, 2, 2]), f32("roi", []), f32("qs", 0.05),
             f32("m1", -1.0), f32("p1", 1.0),
             numpy_helper.from_array(np.array(3, dtype=np.int8), "qz"),
             w("mm.weight", 2, 3)]
    return model(nodes, [vi("x", [1, 4, 4, 4])], [vi("y", [1, 10, 10, 3])], inits,
                 opset=11)


def legacy_ops():
    """Opset-9 attribute forms: Clip min/max, Upsample, Squeeze/Unsqueeze axes,
    Slice attributes, Softmax coercing to 2-D, Pad attributes, Dropout."""
    n = helper.make_node
    nodes = [
        n("Clip", ["x"], ["c"], name="clip", min=0.0, max=6.0),
        n("Upsample", ["c", "scales"], ["u"], name="upsample", mode="nearest"),
        n("Pad", ["u"], ["p"], name="pad", pads=[0, 0, 1, 0, 0, 0, 0, 1], value=0.5),
        n("Slice", ["p"], ["s"], name="slice", starts=[-2], ends=[1000], axes=[3]),
        n("Dropout", ["s"], ["d"], name="dropout", ratio=0.25),
        n("Softmax", ["d"], ["sm"], name="softmax", axis=1),
        n("Unsqueeze", ["sm"], ["us"], name="unsqueeze", axes=[0]),
        n("Squeeze", ["us"], ["y"], name="squeeze", axes=[0]),
    ]
    inits = [f32("scales", [1, 1, 2, 2])]
    return model(nodes, [vi("x", [1, 2, 3, 3])], [vi("y", [1, 2, 7, 2])], inits, opset=9)


def runtime_params():
    """Reshape's shape and Clip's min given as graph inputs (nndct binds
    their values at import)."""
    nodes = [helper.make_node("Reshape", ["x", "shape"], ["r"], name="reshape"),
             helper.make_node("Clip", ["r", "lo"], ["y"], name="clip")]
    return model(nodes, [vi("x", [2, 3, 4]), vi("shape", [2], TensorProto.INT64),
                         vi("lo", [])], [vi("y", [6, 4])])


def derived_shape():
    """Reshape's shape computed from a graph input (Concat with a
    constant): binding that input lets the shape fold."""
    nodes = [helper.make_node("Concat", ["n", "minus1"], ["s"], axis=0, name="cat"),
             helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")]
    return model(nodes, [vi("x", [2, 3, 4]), vi("n", [1], TensorProto.INT64)],
                 [vi("y", [4, 6])], [i64("minus1", [-1])])


def bind_data(out):
    """Input values for runtime_params / derived_shape, in OUT (a directory):
    .npy files and shape.pb (a TensorProto)."""
    import os
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "x.npy"), np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 5)
    np.save(os.path.join(out, "shape.npy"), np.array([6, 4], dtype=np.int64))
    np.save(os.path.join(out, "lo.npy"), np.array(0.5, dtype=np.float32))
    np.save(os.path.join(out, "n.npy"), np.array([4], dtype=np.int64))
    np.save(os.path.join(out, "bad_shape.npy"), np.array([6, 4, 1], dtype=np.int64))
    with open(os.path.join(out, "shape.pb"), "wb") as f:
        f.write(numpy_helper.from_array(np.array([6, 4], dtype=np.int64)).SerializeToString())


def external_data(out):
    import os
    m = small_cnn()
    onnx.save_model(m, out, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=os.path.basename(out) + ".data", size_threshold=0)


def norm_ops():
    """LayerNormalization with its Mean/InvStdDev outputs (axis 1), and
    InstanceNormalization."""
    n = helper.make_node
    nodes = [
        n("LayerNormalization", ["x", "g", "b"], ["y", "mean", "inv"],
          name="ln", axis=1, epsilon=1e-3),
        n("InstanceNormalization", ["y", "s", "t"], ["z"], name="inorm",
          epsilon=1e-4),
    ]
    inits = [w("g", 4, 3, 5), w("b", 4, 3, 5), w("s", 4), w("t", 4)]
    return model(nodes, [vi("x", [2, 4, 3, 5])],
                 [vi("z", [2, 4, 3, 5]), vi("mean", [2, 1, 1, 1]),
                  vi("inv", [2, 1, 1, 1])], inits, opset=17)


def group_norm18():
    """GroupNormalization-18 (one scale/bias value per group): constant
    parameters, and runtime ones."""
    n = helper.make_node
    nodes = [
        n("GroupNormalization", ["x", "g", "b"], ["y"], name="gn_const",
          num_groups=2, epsilon=1e-3),
        n("GroupNormalization", ["y", "gs", "bs"], ["z"], name="gn_runtime",
          num_groups=3),
    ]
    return model(nodes, [vi("x", [2, 6, 3, 3]), vi("gs", [3]), vi("bs", [3])],
                 [vi("z", [2, 6, 3, 3])], [w("g", 2), w("b", 2)], opset=18,
                 check=False)


def group_norm21():
    """GroupNormalization-21: per-channel scale and bias."""
    n = helper.make_node
    nodes = [n("GroupNormalization", ["x", "g", "b"], ["y"], name="gn",
               num_groups=2, epsilon=1e-3)]
    return model(nodes, [vi("x", [2, 6, 3, 3])], [vi("y", [2, 6, 3, 3])],
                 [w("g", 6), w("b", 6)], opset=21, check=False)


def conv3d_ops():
    """3-D Conv (grouped, SAME_UPPER), ConvTranspose, MaxPool, AveragePool."""
    n = helper.make_node
    nodes = [
        n("Conv", ["x", "w", "cb"], ["c"], name="conv", group=2,
          auto_pad="SAME_UPPER", strides=[1, 2, 2], kernel_shape=[3, 3, 3]),
        n("ConvTranspose", ["c", "wt"], ["t"], name="deconv", strides=[2, 1, 1],
          pads=[0, 1, 0, 0, 1, 0], output_padding=[1, 0, 0]),
        n("MaxPool", ["t"], ["m"], name="maxpool", kernel_shape=[2, 2, 2],
          strides=[2, 2, 2], ceil_mode=1),
        n("AveragePool", ["m"], ["y"], name="avgpool", kernel_shape=[3, 3, 3],
          pads=[1, 1, 1, 1, 1, 1], count_include_pad=1),
    ]
    inits = [w("w", 6, 2, 3, 3, 3), w("cb", 6), w("wt", 6, 3, 2, 3, 3)]
    return model(nodes, [vi("x", [1, 4, 4, 7, 8])], [vi("y", [1, 3, 5, 2, 3])],
                 inits, opset=13)

MODELS = {f.__name__: f for f in [small_cnn, shape_arith, two_inputs, dynamic_spatial,
                                  unsupported, bad_opset, mismatch, opset18_ops,
                                  misc_ops, legacy_ops, runtime_params, derived_shape,
                                  norm_ops, group_norm18, group_norm21, conv3d_ops]}

if __name__ == "__main__":
    name, out = sys.argv[1], sys.argv[2]
    if name == "external_data":
        external_data(out)
    elif name == "bind_data":
        bind_data(out)
    elif name == "truncated":
        data = small_cnn().SerializeToString()
        open(out, "wb").write(data[: len(data) // 2])
    elif name == "not_onnx":
        open(out, "w").write("this is not an onnx model\n")
    else:
        onnx.save_model(MODELS[name](), out)

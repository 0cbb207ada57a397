#!/usr/bin/python3
"""Writes the small hostile inputs of the reliability tests into
test/Inputs/hostile/ (shared by the frontend, pass and tool tests). They are
committed; rerun only to change them.

  batch0.onnx          a conv model whose input has a static batch of 0
  escape.onnx          an initializer whose external data location climbs
                       to /etc/passwd (../../../...)
  absolute.onnx        the same with an absolute location (/etc/passwd)
  bad_utf8.onnx        a Conv with an attribute named b"grou\\xff" and a
                       node named b"conv\\xfe"
  nan4.npy             4 all-NaN Fashion-MNIST-shaped samples
  some_nonfinite.npy   8 samples; sample 3 holds a NaN, sample 6 an Inf
  align0.mlir          a dense_resource blob with alignment 0
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile")
RNG = np.random.default_rng(0)


def conv_model(batch, weight=None, attrs=None, node_name="conv"):
    w = weight if weight is not None else numpy_helper.from_array(
        RNG.standard_normal((4, 1, 3, 3)).astype(np.float32), "w")
    node = helper.make_node("Conv", ["x", "w"], ["y"], name=node_name,
                            kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    for a in attrs or []:
        node.attribute.append(a)
    g = helper.make_graph([node], "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, 1, 8, 8])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [batch, 4, 8, 8])],
                          [w])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)],
                          producer_name="nndct-test")
    m.ir_version = 8
    return m


def external(location):
    t = TensorProto()
    t.name = "w"
    t.data_type = TensorProto.FLOAT
    t.dims.extend([4, 1, 3, 3])
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", "0"), ("length", "144")):
        e = t.external_data.add()
        e.key, e.value = k, v
    return t


def save(model, name):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(model.SerializeToString())


def main():
    os.makedirs(OUT, exist_ok=True)
    save(conv_model(0), "batch0.onnx")
    save(conv_model(1, weight=external("../" * 24 + "etc/passwd")), "escape.onnx")
    save(conv_model(1, weight=external("/etc/passwd")), "absolute.onnx")
    # protobuf refuses invalid UTF-8 in Python strings: write ASCII
    # placeholders of the same length, then patch the serialized bytes.
    m = conv_model(1, attrs=[helper.make_attribute("grouZ", 1)], node_name="conZ")
    raw = m.SerializeToString().replace(b"grouZ", b"grou\xff").replace(b"conZ", b"con\xfe")
    with open(os.path.join(OUT, "bad_utf8.onnx"), "wb") as f:
        f.write(raw)
    np.save(os.path.join(OUT, "nan4.npy"), np.full((4, 1, 28, 28), np.nan, np.float32))
    x = RNG.standard_normal((8, 1, 28, 28)).astype(np.float32)
    x[3, 0, 5, 5] = np.nan
    x[6, 0, 1, 2] = np.inf
    np.save(os.path.join(OUT, "some_nonfinite.npy"), x)
    with open(os.path.join(OUT, "align0.mlir"), "w") as f:
        f.write('''func.func @main(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = nndct.constant dense_resource<blob> : tensor<1x4xf32>
  %1 = nndct.add %arg0, %0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      blob: "0x000000000000803F0000004000004040000080400000"
    }
  }
#-}
''')


if __name__ == "__main__":
    main()

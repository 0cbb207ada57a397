#!/usr/bin/python3
"""Writes the seed corpus of the fuzz targets into corpus/<target>/.

Seeds are small real files: models and tensors from Debian's ONNX test data
and this repository's tests, plus tiny files made here (.npy of every dtype,
images of every format stb_image reads, TorchScript archives, configs).
Run it again after changing the seed list; `-merge=1` additions from
fuzzing campaigns live beside these files and are not touched.

    /usr/bin/python3 test/fuzz/make_corpus.py [--quant-info-seed FILE]
"""
import argparse
import io
import json
import os
import re
import shutil
import struct
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ONNX_DATA = "/usr/share/libonnx-testdata/data"
MAX_SEED = 8 * 1024


def out(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


# --- ONNX models and TensorProto tensors ------------------------------------

ONNX_OPS = """abs add and averagepool batchnormalization cast castlike ceil clip
concat constant constantofshape conv convtranspose depthtospace
dequantizelinear div dropout equal exp expand flatten floor gather gelu gemm
globalaveragepool globalmaxpool greater hardsigmoid hardswish identity
layernormalization leakyrelu less log matmul max maxpool mean min mod mul neg
not or prelu pad pow quantizelinear range reciprocal reducemax reducemean
reducesum relu reshape resize round shape sigmoid sign size slice softmax
spacetodepth split sqrt squeeze sub sum tanh transpose unsqueeze upsample
where xor""".split()


def onnx_seeds():
    node = os.path.join(ONNX_DATA, "node")
    per_op = {}
    pb = []
    for test in sorted(os.listdir(node)):
        name = test[len("test_"):]
        op = next((o for o in sorted(ONNX_OPS, key=len, reverse=True)
                   if name.replace("_", "").startswith(o)), None)
        model = os.path.join(node, test, "model.onnx")
        if not op or not os.path.exists(model) or os.path.getsize(model) > 2048:
            continue
        # Two models per op keep the corpus small but varied.
        if per_op.get(op, 0) >= 2:
            continue
        per_op[op] = per_op.get(op, 0) + 1
        out("onnx-import", test + ".onnx", read(model))
        data = os.path.join(node, test, "test_data_set_0", "input_0.pb")
        if os.path.exists(data) and os.path.getsize(data) <= 2048:
            pb.append((test, data))
    for sub in ("pytorch-operator", "pytorch-converted"):
        for test in sorted(os.listdir(os.path.join(ONNX_DATA, sub))):
            model = os.path.join(ONNX_DATA, sub, test, "model.onnx")
            if (re.search(r"2d|conv|pool|operator_(basic|params|view|flatten)", test, re.I)
                    and os.path.exists(model) and os.path.getsize(model) <= MAX_SEED):
                out("onnx-import", test + ".onnx", read(model))
    # Every element type once, then a spread of the rest.
    seen = set()
    for test, data in pb:
        raw = read(data)
        key = raw[:6]
        if key in seen and len(seen) > 24:
            continue
        seen.add(key)
        out("tensor-proto", test + ".pb", raw)

    import onnx
    from onnx import helper, numpy_helper, TensorProto
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((4, 1, 3, 3)).astype(np.float32), "conv.weight")
    b = numpy_helper.from_array(np.zeros(4, np.float32), "conv.bias")
    fcw = numpy_helper.from_array(rng.standard_normal((10, 4 * 7 * 7)).astype(np.float32) * 0.1, "fc.weight")
    shape = numpy_helper.from_array(np.array([1, -1], np.int64), "shape")
    nodes = [
        helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], pads=[1, 1, 1, 1], name="conv"),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[4, 4], strides=[4, 4], name="pool"),
        helper.make_node("Reshape", ["p", "shape"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc.weight"], ["y"], transB=1, name="fc"),
    ]
    graph = helper.make_graph(
        nodes, "tiny_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 10])],
        [w, b, fcw, shape])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    out("onnx-import", "tiny_cnn.onnx", model.SerializeToString())
    # External data (resolved against a folder the fuzzer never has).
    ext = TensorProto()
    ext.name = "ext"
    ext.data_type = TensorProto.FLOAT
    ext.dims.extend([2, 2])
    ext.data_location = TensorProto.EXTERNAL
    for k, v in (("location", "weights.bin"), ("offset", "0"), ("length", "16")):
        entry = ext.external_data.add()
        entry.key, entry.value = k, v
    out("tensor-proto", "external.pb", ext.SerializeToString())
    for dtype, arr in (("f16", np.arange(6, dtype=np.float16).reshape(2, 3)),
                       ("f64", np.linspace(-1, 1, 5)),
                       ("i8", np.array([-128, 0, 127], np.int8)),
                       ("bool", np.array([True, False])),
                       ("scalar", np.array(3.5, np.float32))):
        out("tensor-proto", "made_" + dtype + ".pb",
            numpy_helper.from_array(arr, dtype).SerializeToString())


# --- .npy --------------------------------------------------------------------

def npy_seeds():
    def save(name, arr, **kw):
        buf = io.BytesIO()
        np.lib.format.write_array(buf, arr, **kw)
        out("npy", name, buf.getvalue())
    save("f32_nchw.npy", np.arange(2 * 1 * 3 * 3, dtype=np.float32).reshape(2, 1, 3, 3))
    save("f64.npy", np.linspace(-2, 2, 7))
    save("i8.npy", np.array([[-128, 0, 127]], np.int8))
    save("u8.npy", np.arange(12, dtype=np.uint8).reshape(3, 4))
    save("i32.npy", np.array([1, -2, 3], np.int32))
    save("i64.npy", np.array([7, 0, -9], np.int64))
    save("big_endian.npy", np.array([1.5, 2.5], ">f4"))
    save("bool.npy", np.array([True, False, True]))
    save("fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
    save("scalar.npy", np.array(1.25, np.float32))
    save("empty.npy", np.zeros((0, 3), np.float32))
    save("v2_header.npy", np.ones(4, np.float32), version=(2, 0))
    save("v3_header.npy", np.ones(2, np.float32), version=(3, 0))
    labels = os.path.join(ROOT, "examples", "fashion_mnist", "test_labels.npy")
    out("npy", "fmnist_labels.npy", read(labels))


# --- images ------------------------------------------------------------------

def png(w, h, color_type, bit_depth, rows, palette=None, interlace=0):
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + r for r in rows)
    ihdr = struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, interlace)
    s = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if palette:
        s += chunk(b"PLTE", palette)
    return s + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def bmp(w, h, bpp, pixels, palette=b""):
    row = ((w * bpp + 31) // 32) * 4
    data = b"".join(pixels[y].ljust(row, b"\x00") for y in range(h))
    off = 14 + 40 + len(palette)
    hdr = b"BM" + struct.pack("<IHHI", off + len(data), 0, 0, off)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, bpp, 0, len(data), 2835, 2835,
                       len(palette) // 4, 0)
    return hdr + info + palette + data


def image_seeds():
    gray = [bytes((x * 32 + y * 8) & 255 for x in range(8)) for y in range(8)]
    rgb = [bytes(v for x in range(6) for v in (x * 40, y * 40, 128)) for y in range(5)]
    out("image", "gray8.png", png(8, 8, 0, 8, gray))
    out("image", "rgb.png", png(6, 5, 2, 8, rgb))
    out("image", "rgba.png", png(2, 2, 6, 8, [b"\xff\x00\x00\xff\x00\xff\x00\x80"] * 2))
    out("image", "gray16.png", png(2, 2, 0, 16, [b"\x12\x34\xff\xff"] * 2))
    out("image", "palette.png", png(4, 1, 3, 8, [b"\x00\x01\x02\x01"],
                                    palette=b"\x00\x00\x00\xff\x00\x00\x00\xff\x00"))
    out("image", "gray1bit.png", png(8, 2, 0, 1, [b"\xaa", b"\x55"]))
    out("image", "interlaced.png", png(3, 3, 0, 8, [b"\x01\x02\x03"] * 3, interlace=1))
    out("image", "rgb24.bmp", bmp(3, 2, 24, [b"\x00\x00\xff" * 3, b"\xff\x00\x00" * 3]))
    out("image", "pal8.bmp", bmp(4, 2, 8, [b"\x00\x01\x02\x03"] * 2,
                                 palette=b"\x00\x00\x00\x00\xff\xff\xff\x00"
                                         b"\x00\x00\xff\x00\x00\xff\x00\x00"))
    out("image", "gray.pgm", b"P5\n4 3\n255\n" + bytes(range(0, 240, 20)))
    out("image", "rgb.ppm", b"P6\n2 2\n255\n" + bytes(range(12)))
    tga = struct.pack("<BBBHHBHHHHBB", 0, 0, 2, 0, 0, 0, 0, 0, 2, 2, 24, 0) + bytes(range(12))
    out("image", "rgb.tga", tga)
    rle = struct.pack("<BBBHHBHHHHBB", 0, 0, 10, 0, 0, 0, 0, 0, 4, 1, 24, 0) + b"\x83\x10\x20\x30"
    out("image", "rle.tga", rle)
    out("image", "pixel.gif",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01"
        b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
    out("image", "tiny.hdr", b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 2\n"
        b"\x80\x80\x80\x81\x40\x40\x40\x82")
    try:
        import torch
        from torchvision.io import encode_jpeg
        img = torch.arange(3 * 16 * 12, dtype=torch.uint8).reshape(3, 16, 12)
        out("image", "rgb.jpg", encode_jpeg(img, quality=75).numpy().tobytes())
        out("image", "gray.jpg", encode_jpeg(img[:1], quality=90).numpy().tobytes())
    except Exception as e:  # torchvision without libjpeg: no JPEG seeds
        print("no JPEG seeds:", e)


# --- TorchScript -------------------------------------------------------------

def torchscript_seeds():
    import torch
    import torch.nn as nn
    torch.manual_seed(0)

    class Tiny(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 2, 3, padding=1)
            self.bn = nn.BatchNorm2d(2)
            self.fc = nn.Linear(2 * 14 * 14, 4)

        def forward(self, x):
            x = torch.relu(self.bn(self.conv(x)))
            x = nn.functional.max_pool2d(x, 2)
            return self.fc(torch.flatten(x, 1))

    class Stubs(nn.Module):
        def __init__(self):
            super().__init__()
            self.quant = torch.quantization.QuantStub()
            self.dequant = torch.quantization.DeQuantStub()
            self.conv = nn.Conv2d(1, 1, 1)

        def forward(self, x):
            return self.dequant(torch.sigmoid(self.conv(self.quant(x))) + x)

    x = torch.zeros(1, 1, 28, 28)
    for name, module in (("tiny_cnn", Tiny()), ("stubs", Stubs())):
        buf = io.BytesIO()
        torch.jit.save(torch.jit.trace(module.eval(), x), buf)
        out("torchscript-import", name + ".pt", buf.getvalue())
    buf = io.BytesIO()
    torch.jit.save(torch.jit.script(nn.Sequential(nn.ReLU(), nn.Flatten())), buf)
    out("torchscript-import", "scripted.pt", buf.getvalue())


# --- JSON configs and quant_info.json ----------------------------------------

def config_seeds():
    good = {"convert_relu6_to_relu": False, "include_cle": False, "include_bias_corr": False,
            "target_device": "DPU", "onnx_opset_version": 13,
            "quantizable_data_type": ["input", "weights", "bias", "activation"],
            "overall_quantize_config": {"datatype": "int", "bit_width": 8, "symmetry": True,
                                        "per_channel": False, "signed": True,
                                        "narrow_range": False, "scale_type": "poweroftwo",
                                        "calib_statistic_method": "modal", "method": "percentile",
                                        "percentage": 99.9},
            "tensor_quantize_config": {"weights": {"method": "maxmin", "round_mode": "std_round"},
                                       "activation": {"method": "maxmin", "round_mode": "half_up"}},
            "layer_quantize_config": [{"layer_type": "torch.nn.Conv2d",
                                       "tensor_quantize_config": {"activation": {"method": "maxmin"}}}]}
    out("quant-config", "good.json", json.dumps(good, indent=1).encode())
    for i, bad in enumerate([
            {"overall_quantize_config": {"per_channel": True}},
            {"tensor_quantize_config": {"activation": {"scale_type": "float"}}},
            {"tensor_quantize_config": {"bias": {"bit_width": 16}}},
            {"layer_quantize_config": [{"layer_name": "conv1", "tensor_quantize_config":
                                        {"activation": {"method": "percentile"}}}]},
            {"quantizable_data_type": ["weights", "activation"]},
            {"include_cle": True, "keep_add_layer_accuracy": False, "unknown": 1},
            [1, 2, 3]]):
        out("quant-config", "bad%d.json" % i, json.dumps(bad).encode())
    out("quant-config", "truncated.json", b'{"overall_quantize_config": {"bit_wid')


def quant_info_seeds(seed):
    base = json.loads(read(seed))
    out("quant-info", "small.json", json.dumps(base, indent=2).encode())
    nulls = json.loads(json.dumps(base))
    for k in list(nulls["output"])[:2]:
        nulls["output"][k] = [[8, None]]
    out("quant-info", "nulls.json", json.dumps(nulls).encode())
    missing = json.loads(json.dumps(base))
    missing["param"].popitem()
    missing["output"]["Graph::extra"] = [[8, 3]]
    out("quant-info", "mismatch.json", json.dumps(missing).encode())
    odd = json.loads(json.dumps(base))
    for section in ("param", "output"):
        for k in odd[section]:
            odd[section][k] = [[16, -40]]
            break
    out("quant-info", "odd_values.json", json.dumps(odd).encode())
    out("quant-info", "not_object.json", b'[{"param": {}}]')


def mlir_seeds():
    files = [os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(ROOT, "test"))
             for f in fs if f.endswith(".mlir") and "fuzz" not in dp]
    for path in sorted(files):
        rel = os.path.relpath(path, os.path.join(ROOT, "test")).replace("/", "_")
        parts = re.split(r"^// -----\s*$", read(path).decode(), flags=re.M)
        for i, part in enumerate(parts):
            # RUN/CHECK lines are comments to the parser; drop them anyway.
            text = "\n".join(l for l in part.splitlines()
                             if not re.match(r"\s*//\s*(RUN|CHECK|[A-Z0-9-]+:)", l))
            if text.strip() and len(text) <= MAX_SEED:
                out("mlir-bundle", "%s.%d.mlir" % (rel[:-5], i), text.encode())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quant-info-seed",
                   help="quant_info.json of test/backends/quantinfo/Inputs/small.mlir "
                        "(nndct-translate --export-quant-info)")
    args = p.parse_args()
    onnx_seeds()
    npy_seeds()
    image_seeds()
    torchscript_seeds()
    config_seeds()
    mlir_seeds()
    if args.quant_info_seed:
        quant_info_seeds(args.quant_info_seed)


if __name__ == "__main__":
    main()

"""Fixtures for the `nndct run` lit tests: cases.py CASE OUTDIR.

Writes seeded inputs (x*.npy), references (ref_<k>.npy) and, for generated
models, model.mlir into OUTDIR. References come from numpy, or from torch
for conv/pool/resize (torch is the semantics those ops were defined by).
"""
import os
import sys

import numpy as np


def dense(a):
    """An MLIR dense literal for a float32 array."""
    def rec(x):
        if x.ndim == 0:
            return repr(float(x))
        return "[" + ", ".join(rec(v) for v in x) + "]"
    return f"dense<{rec(np.asarray(a, np.float32))}>"


def ttype(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def save(out, name, a):
    np.save(os.path.join(out, name), np.ascontiguousarray(a))


def elementwise(out, rng):
    a = rng.standard_normal((2, 3, 4, 5)).astype(np.float32)
    b = (rng.random((3, 1, 5)) + 0.5).astype(np.float32)
    save(out, "a.npy", a)
    save(out, "b.npy", b)
    from math import erf, sqrt, pi, tanh
    add = a + b
    div = add / b
    gelu = np.vectorize(lambda v: 0.5 * v * (1 + erf(v / sqrt(2))))(div.astype(np.float64))
    gelu_t = np.vectorize(lambda v: 0.5 * v * (1 + tanh(sqrt(2 / pi) * (v + 0.044715 * v ** 3))))(
        div.astype(np.float64))
    hs = a * np.clip(a + 3, 0, 6) / 6
    sm = np.exp(a - a.max(axis=1, keepdims=True))
    sm = sm / sm.sum(axis=1, keepdims=True)
    mean = a.mean(axis=-1, keepdims=True)
    ln = (a - mean) / np.sqrt(((a - mean) ** 2).mean(axis=-1, keepdims=True) + 1e-5)
    tr = np.transpose(a, (0, 2, 3, 1))[:, 1:4:2, :, :]
    cat = np.concatenate([a, np.maximum(a, 0)], axis=1)
    red = a.mean(axis=(2, 3), keepdims=True) + 1.0 / (1 + np.exp(-a.max(axis=(2, 3), keepdims=True)))
    lrelu = np.where(a >= 0, a, 0.1 * a)
    pad = np.pad(a, ((0, 0), (0, 0), (1, 2), (2, 1)), mode="reflect")
    refs = [gelu, gelu_t, hs, sm, ln, tr, cat, red, lrelu, pad]
    for k, r in enumerate(refs):
        save(out, f"ref_{k}.npy", np.asarray(r, np.float32))


def convnet(out, rng):
    import torch
    import torch.nn.functional as F
    torch.manual_seed(0)
    x = rng.standard_normal((2, 4, 11, 11)).astype(np.float32)
    w1 = (rng.standard_normal((8, 2, 3, 3)) * 0.3).astype(np.float32)
    b1 = rng.standard_normal(8).astype(np.float32)
    wd = (rng.standard_normal((8, 1, 3, 3)) * 0.3).astype(np.float32)
    wt = (rng.standard_normal((8, 2, 2, 2)) * 0.3).astype(np.float32)
    bt = rng.standard_normal(4).astype(np.float32)
    wl = (rng.standard_normal((5, 4)) * 0.5).astype(np.float32)
    bl = rng.standard_normal(5).astype(np.float32)
    save(out, "x.npy", x)
    t = torch.from_numpy
    with torch.no_grad():
        c1 = F.relu(F.conv2d(t(x), t(w1), t(b1), stride=2, padding=1, groups=2))   # 2x8x6x6
        c2 = F.conv2d(c1, t(wd), None, padding=2, dilation=2, groups=8)            # 2x8x6x6
        mp = F.max_pool2d(c2, 3, 2, ceil_mode=True)                                # 2x8x3x3
        ap = F.avg_pool2d(c2, 3, 2, padding=1, ceil_mode=True, count_include_pad=True)  # 2x8x4x4
        ap2 = F.avg_pool2d(c2, 3, 2, padding=1, ceil_mode=True, count_include_pad=False)
        ct = F.conv_transpose2d(mp, t(wt), t(bt), stride=2, groups=2)              # 2x4x6x6
        ad = F.adaptive_avg_pool2d(ct, (1, 1)).reshape(2, 4)
        fc = F.linear(ad, t(wl), t(bl))
        sm = F.softmax(fc, dim=1)
        ad3 = F.adaptive_avg_pool2d(c2, (4, 3))
    for k, r in enumerate([sm, ap, ap2, ad3]):
        save(out, f"ref_{k}.npy", r.numpy())
    model = f"""
func.func @main(%x: {ttype(x.shape)}) -> (tensor<2x5xf32>, tensor<2x8x4x4xf32>, tensor<2x8x4x4xf32>, tensor<2x8x4x3xf32>) {{
  %w1 = nndct.constant {dense(w1)} : {ttype(w1.shape)}
  %b1 = nndct.constant {dense(b1)} : {ttype(b1.shape)}
  %c1 = nndct.conv2d %x, %w1, %b1 {{strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, groups = 2 : i64}}
      : (tensor<2x4x11x11xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %r1 = nndct.relu %c1 : tensor<2x8x6x6xf32>
  %wd = nndct.constant {dense(wd)} : {ttype(wd.shape)}
  %c2 = nndct.conv2d %r1, %wd {{pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>, groups = 8 : i64}}
      : (tensor<2x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<2x8x6x6xf32>
  %mp = nndct.max_pool2d %c2 {{kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true}}
      : (tensor<2x8x6x6xf32>) -> tensor<2x8x3x3xf32>
  %ap = nndct.avg_pool2d %c2 {{kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true}}
      : (tensor<2x8x6x6xf32>) -> tensor<2x8x4x4xf32>
  %ap2 = nndct.avg_pool2d %c2 {{kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = false}}
      : (tensor<2x8x6x6xf32>) -> tensor<2x8x4x4xf32>
  %wt = nndct.constant {dense(wt)} : {ttype(wt.shape)}
  %bt = nndct.constant {dense(bt)} : {ttype(bt.shape)}
  %ct = nndct.conv_transpose2d %mp, %wt, %bt {{strides = array<i64: 2, 2>, groups = 2 : i64}}
      : (tensor<2x8x3x3xf32>, tensor<8x2x2x2xf32>, tensor<4xf32>) -> tensor<2x4x6x6xf32>
  %ad = nndct.adaptive_avg_pool2d %ct : (tensor<2x4x6x6xf32>) -> tensor<2x4x1x1xf32>
  %fl = nndct.reshape %ad : (tensor<2x4x1x1xf32>) -> tensor<2x4xf32>
  %wl = nndct.constant {dense(wl)} : {ttype(wl.shape)}
  %bl = nndct.constant {dense(bl)} : {ttype(bl.shape)}
  %fc = nndct.linear %fl, %wl, %bl : (tensor<2x4xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  %sm = nndct.softmax %fc {{axis = 1 : i64}} : tensor<2x5xf32>
  %ad3 = nndct.adaptive_avg_pool2d %c2 {{output_size = array<i64: 4, 3>}} : (tensor<2x8x6x6xf32>) -> tensor<2x8x4x3xf32>
  return %sm, %ap, %ap2, %ad3 : tensor<2x5xf32>, tensor<2x8x4x4xf32>, tensor<2x8x4x4xf32>, tensor<2x8x4x3xf32>
}}
"""
    with open(os.path.join(out, "model.mlir"), "w") as f:
        f.write(model)


def resize(out, rng):
    import torch
    import torch.nn.functional as F
    x = rng.standard_normal((1, 2, 3, 5)).astype(np.float32)
    save(out, "x.npy", x)
    t = torch.from_numpy(x)
    with torch.no_grad():
        near = F.interpolate(t, size=(6, 10), mode="nearest")  # asymmetric + floor
        bil = F.interpolate(t, size=(7, 8), mode="bilinear", align_corners=False)
        ali = F.interpolate(t, size=(7, 8), mode="bilinear", align_corners=True)
    # ONNX default nearest: half_pixel + round_prefer_floor, computed by the formula.
    def onnx_nearest(x, oh, ow):
        def idx(o, n_in, n_out):
            src = (o + 0.5) * n_in / n_out - 0.5
            r = np.where(src == np.floor(src) + 0.5, np.floor(src), np.round(src))
            return np.clip(r, 0, n_in - 1).astype(int)
        iy = idx(np.arange(oh), x.shape[2], oh)
        ix = idx(np.arange(ow), x.shape[3], ow)
        return x[:, :, iy][:, :, :, ix]
    refs = [near.numpy(), bil.numpy(), ali.numpy(), onnx_nearest(x, 9, 7)]
    for k, r in enumerate(refs):
        save(out, f"ref_{k}.npy", r)


def fakequant(out, rng):
    # Ties on purpose: multiples of 1/8 with fp 2 give x*4 = k + 0.5.
    x = (np.arange(-24, 24, dtype=np.float32) / 8).reshape(1, 48)
    save(out, "x.npy", x)
    def fix(v, fp, mode, lo=-128, hi=127):
        s = v.astype(np.float64) * 2.0 ** fp
        if mode == "half_up":
            q = np.floor(s + 0.5)
        elif mode == "std_round":
            q = np.sign(s) * np.floor(np.abs(s) + 0.5)
        elif mode == "half_even":
            q = np.round(s)
        else:
            q = np.floor(s)
        return (np.clip(q, lo, hi) * 2.0 ** -fp).astype(np.float32)
    refs = [fix(x, 2, "half_up"), fix(x, 2, "std_round"), fix(x, 2, "half_even"),
            fix(x, 2, "floor"), fix(x, -1, "half_up"), fix(x, 6, "half_up", 0, 15), x]
    for k, r in enumerate(refs):
        save(out, f"ref_{k}.npy", r)
    # Float mode: every fix is the identity.
    for k in range(len(refs)):
        save(out, f"float_{k}.npy", x)


CASES = {"elementwise": elementwise, "convnet": convnet, "resize": resize,
         "fakequant": fakequant}

if __name__ == "__main__":
    case, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    CASES[case](out, np.random.default_rng(1234))

"""A small seeded CNN for comparing integer and fake-quant execution.

`gen DIR [ALPHA]`: writes DIR/model.mlir (batch 4, 3x12x12: conv+leaky_relu
(ALPHA, default 0.1),
depthwise conv+relu6, residual add, 1x1 conv+relu, concat, max pool 2x2,
avg pool 3x3 (stride 1, padded, count_include_pad), global average pool over
5x5 windows, linear), DIR/data.npy (16 calibration samples) and DIR/x.npy
(one batch, different samples).
`compare A.npy B.npy`: prints whether the two tensors are identical.
"""
import sys

import numpy as np


def lit(a):
    return "dense<%s>" % np.array2string(a, separator=", ", threshold=10**9,
                                         floatmode="unique").replace("\n", "")


def t(*s):
    return "tensor<%sxf32>" % "x".join(map(str, s))


def gen(out, alpha=0.1):
    rng = np.random.RandomState(7)
    w = lambda *s: (rng.randn(*s) * (2.0 / np.prod(s[1:])) ** 0.5).astype(np.float32)
    b = lambda n: (rng.randn(n) * 0.1).astype(np.float32)
    W = dict(c1w=w(8, 3, 3, 3), c1b=b(8), dww=w(8, 1, 3, 3), dwb=b(8),
             c2w=w(8, 8, 1, 1), c2b=b(8), fcw=w(10, 16), fcb=b(10))
    N = 4
    m = f"""func.func @main(%x: {t(N,3,12,12)} loc("input")) -> {t(N,10)} {{
  %w1 = nndct.constant {lit(W['c1w'])} : {t(8,3,3,3)} loc("conv1.weight")
  %b1 = nndct.constant {lit(W['c1b'])} : {t(8)} loc("conv1.bias")
  %c1 = nndct.conv2d %x, %w1, %b1 {{pads = array<i64: 1, 1, 1, 1>}} : ({t(N,3,12,12)}, {t(8,3,3,3)}, {t(8)}) -> {t(N,8,12,12)} loc("conv1")
  %l1 = nndct.leaky_relu %c1 {{alpha = {alpha!r} : f32}} : {t(N,8,12,12)} loc("leaky1")
  %wd = nndct.constant {lit(W['dww'])} : {t(8,1,3,3)} loc("dw.weight")
  %bd = nndct.constant {lit(W['dwb'])} : {t(8)} loc("dw.bias")
  %d = nndct.conv2d %l1, %wd, %bd {{pads = array<i64: 1, 1, 1, 1>, groups = 8 : i64}} : ({t(N,8,12,12)}, {t(8,1,3,3)}, {t(8)}) -> {t(N,8,12,12)} loc("dw")
  %r6 = nndct.relu6 %d : {t(N,8,12,12)} loc("relu6")
  %a = nndct.add %r6, %l1 : ({t(N,8,12,12)}, {t(N,8,12,12)}) -> {t(N,8,12,12)} loc("add")
  %w2 = nndct.constant {lit(W['c2w'])} : {t(8,8,1,1)} loc("conv2.weight")
  %b2 = nndct.constant {lit(W['c2b'])} : {t(8)} loc("conv2.bias")
  %c2 = nndct.conv2d %a, %w2, %b2 : ({t(N,8,12,12)}, {t(8,8,1,1)}, {t(8)}) -> {t(N,8,12,12)} loc("conv2")
  %r2 = nndct.relu %c2 : {t(N,8,12,12)} loc("relu2")
  %cat = nndct.concat %a, %r2 {{axis = 1 : i64}} : ({t(N,8,12,12)}, {t(N,8,12,12)}) -> {t(N,16,12,12)} loc("concat")
  %mp = nndct.max_pool2d %cat {{kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>}} : ({t(N,16,12,12)}) -> {t(N,16,6,6)} loc("maxpool")
  %ap = nndct.avg_pool2d %mp {{kernel_size = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}} : ({t(N,16,6,6)}) -> {t(N,16,6,6)} loc("avgpool")
  %g = nndct.adaptive_avg_pool2d %ap {{output_size = array<i64: 1, 1>}} : ({t(N,16,6,6)}) -> {t(N,16,1,1)} loc("gap")
  %f = nndct.reshape %g : ({t(N,16,1,1)}) -> {t(N,16)} loc("flatten")
  %wl = nndct.constant {lit(W['fcw'])} : {t(10,16)} loc("fc.weight")
  %bl = nndct.constant {lit(W['fcb'])} : {t(10)} loc("fc.bias")
  %l = nndct.linear %f, %wl, %bl : ({t(N,16)}, {t(10,16)}, {t(10)}) -> {t(N,10)} loc("fc")
  return %l : {t(N,10)}
}}
"""
    open(out + "/model.mlir", "w").write(m)
    scale = np.linspace(0.5, 2.0, 16)[:, None, None, None]
    np.save(out + "/data.npy", (rng.randn(16, 3, 12, 12) * scale).astype(np.float32))
    np.save(out + "/x.npy", (rng.randn(N, 3, 12, 12) * 1.5).astype(np.float32))


def compare(a, b):
    a, b = np.load(a), np.load(b)
    diff = int((a != b).sum())
    print("identical (%d elements)" % a.size if diff == 0 else
          "different: %d of %d elements" % (diff, a.size))


if __name__ == "__main__":
    {"gen": lambda: gen(sys.argv[2], *map(float, sys.argv[3:4])),
     "compare": lambda: compare(*sys.argv[2:4])}[sys.argv[1]]()

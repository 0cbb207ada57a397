"""Independent numpy reference for the nndct PTQ pipeline on a small CNN.

`gen DIR`: writes DIR/model.mlir (conv-relu, residual add, concat, maxpool,
avgpool, linear; seeded weights as dense literals) and DIR/data.npy.
`check IR_FILE BATCH|dataset`: recomputes every fix point with numpy,
following reference/quantization-spec.md (diffs, half_up activations,
std_round params, non-overflow inputs, modal vote ties to the smallest,
clamp 12), and compares with the fix points in the IR (printed with
--mlir-print-debuginfo so fixes carry their tensor names).
"""
import re
import sys
from collections import Counter

import numpy as np

rng = np.random.RandomState(1234)
N = 10
W = {
    "conv1.weight": rng.randn(4, 3, 3, 3).astype(np.float32) * 0.4,
    "conv1.bias": rng.randn(4).astype(np.float32) * 0.1,
    "conv2.weight": rng.randn(4, 4, 3, 3).astype(np.float32) * 0.3,
    "conv2.bias": rng.randn(4).astype(np.float32) * 0.1,
    "conv3.weight": rng.randn(4, 4, 1, 1).astype(np.float32) * 0.5,
    "conv3.bias": rng.randn(4).astype(np.float32) * 0.2,
    "fc.weight": rng.randn(10, 32).astype(np.float32) * 0.2,
    "fc.bias": rng.randn(10).astype(np.float32) * 0.05,
}
DATA = (rng.randn(N, 3, 8, 8) * np.linspace(0.5, 3.0, N)[:, None, None, None]).astype(np.float32)


def lit(a):
    return "dense<%s>" % np.array2string(a, separator=", ", threshold=10**9,
                                         floatmode="unique").replace("\n", "")


def gen(out):
    t = lambda *s: "tensor<%sxf32>" % "x".join(map(str, s))
    m = f"""func.func @cnn(%x: {t(1,3,8,8)} loc("input")) -> {t(1,10)} {{
  %w1 = nndct.constant {lit(W['conv1.weight'])} : {t(4,3,3,3)} loc("conv1.weight")
  %b1 = nndct.constant {lit(W['conv1.bias'])} : {t(4)} loc("conv1.bias")
  %c1 = nndct.conv2d %x, %w1, %b1 {{pads = array<i64: 1, 1, 1, 1>}} : ({t(1,3,8,8)}, {t(4,3,3,3)}, {t(4)}) -> {t(1,4,8,8)} loc("conv1")
  %r1 = nndct.relu %c1 : {t(1,4,8,8)} loc("relu1")
  %w2 = nndct.constant {lit(W['conv2.weight'])} : {t(4,4,3,3)} loc("conv2.weight")
  %b2 = nndct.constant {lit(W['conv2.bias'])} : {t(4)} loc("conv2.bias")
  %c2 = nndct.conv2d %r1, %w2, %b2 {{pads = array<i64: 1, 1, 1, 1>}} : ({t(1,4,8,8)}, {t(4,4,3,3)}, {t(4)}) -> {t(1,4,8,8)} loc("conv2")
  %a = nndct.add %c2, %r1 : ({t(1,4,8,8)}, {t(1,4,8,8)}) -> {t(1,4,8,8)} loc("add")
  %w3 = nndct.constant {lit(W['conv3.weight'])} : {t(4,4,1,1)} loc("conv3.weight")
  %b3 = nndct.constant {lit(W['conv3.bias'])} : {t(4)} loc("conv3.bias")
  %c3 = nndct.conv2d %r1, %w3, %b3 : ({t(1,4,8,8)}, {t(4,4,1,1)}, {t(4)}) -> {t(1,4,8,8)} loc("conv3")
  %r3 = nndct.relu %c3 : {t(1,4,8,8)} loc("relu3")
  %cat = nndct.concat %a, %r3 {{axis = 1 : i64}} : ({t(1,4,8,8)}, {t(1,4,8,8)}) -> {t(1,8,8,8)} loc("concat")
  %mp = nndct.max_pool2d %cat {{kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>}} : ({t(1,8,8,8)}) -> {t(1,8,4,4)} loc("maxpool")
  %ap = nndct.avg_pool2d %mp {{kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>}} : ({t(1,8,4,4)}) -> {t(1,8,2,2)} loc("avgpool")
  %f = nndct.reshape %ap : ({t(1,8,2,2)}) -> {t(1,32)} loc("flatten")
  %wl = nndct.constant {lit(W['fc.weight'])} : {t(10,32)} loc("fc.weight")
  %bl = nndct.constant {lit(W['fc.bias'])} : {t(10)} loc("fc.bias")
  %l = nndct.linear %f, %wl, %bl : ({t(1,32)}, {t(10,32)}, {t(10)}) -> {t(1,10)} loc("fc")
  return %l : {t(1,10)}
}}
"""
    open(out + "/model.mlir", "w").write(m)
    np.save(out + "/data.npy", DATA)
    np.save(out + "/bad.npy", DATA[:, :, :7, :])


def conv(x, w, b, pad):
    n, c, h, ww = x.shape
    o, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))).astype(np.float64)
    y = np.zeros((n, o, h, ww))
    for i in range(kh):
        for j in range(kw):
            y += np.einsum("nchw,oc->nohw", xp[:, :, i:i + h, j:j + ww], w[:, :, i, j])
    return (y + b[None, :, None, None]).astype(np.float32)


def forward(x):
    """The float tensors each fix observes, by fix name."""
    relu = lambda v: np.maximum(v, 0)
    r1 = relu(conv(x, W["conv1.weight"], W["conv1.bias"], 1))
    c2 = conv(r1, W["conv2.weight"], W["conv2.bias"], 1)
    a = (c2 + r1).astype(np.float32)
    r3 = relu(conv(r1, W["conv3.weight"], W["conv3.bias"], 0))
    cat = np.concatenate([a, r3], axis=1)
    n = x.shape[0]
    mp = cat.reshape(n, 8, 4, 2, 4, 2).max(axis=(3, 5))
    ap = mp.reshape(n, 8, 2, 2, 2, 2).mean(axis=(3, 5), dtype=np.float64).astype(np.float32)
    f = ap.reshape(n, 32)
    fc = (f.astype(np.float64) @ W["fc.weight"].T.astype(np.float64) + W["fc.bias"]).astype(np.float32)
    # Group ends: relu1 (two consumers), conv2, add+relu3 share the concat's
    # fix, maxpool, avgpool+flatten (one group), fc.
    return {"input": x, "relu1": r1, "conv2": c2, "concat": cat, "maxpool": mp,
            "flatten": f, "fc": fc}


def rnd(v, mode):
    return np.floor(v + 0.5) if mode == "half_up" else np.sign(v) * np.floor(np.abs(v) + 0.5)


def fix(x, fp, mode):
    return np.clip(rnd(x.astype(np.float64) * 2.0 ** fp, mode), -128, 127) * 2.0 ** -fp


def fp0(x):
    step = max(float(x.min()) / (-128.5), float(x.max()) / 127.5)
    return 18 if step <= np.finfo(np.float32).tiny else int(np.floor(np.log2(1.0 / step)))


def diffs(x, mode):
    f0 = fp0(x)
    errs = [np.sum((x.astype(np.float64) - fix(x, k, mode)) ** 2) for k in range(f0, f0 + 5)]
    return f0 + int(np.argmin(errs))  # argmin: first minimum = coarsest


def vote(fps):
    c = Counter(fps)
    best = max(c.values())
    return min(k for k, v in c.items() if v == best)


def expected(batch):
    out = {k: min(diffs(v, "std_round"), 12) for k, v in W.items()}
    bounds = [(0, N)] if batch == "dataset" else [(s, min(N, s + int(batch))) for s in range(0, N, int(batch))]
    per = {}
    for s, e in bounds:
        for name, t in forward(DATA[s:e]).items():
            per.setdefault(name, []).append(fp0(t) if name == "input" else diffs(t, "half_up"))
    for name, fps in per.items():
        out[name] = min(vote(fps), 12)
    return out


def check(ir_file, batch):
    text = open(ir_file).read()
    aliases = dict(re.findall(r'^(#loc\d+) = loc\("([^"]+)"', text, re.M))
    got = {}
    for m in re.finditer(r"nndct\.fix .* fp (-?\d+).* loc\((#loc\d+|\"[^\"]+\")\)", text):
        loc = m.group(2)
        name = aliases.get(loc, loc.strip('"'))
        got[name] = int(m.group(1))
    want = expected(batch)
    bad = [f"{k}: IR {got.get(k)} numpy {v}" for k, v in sorted(want.items()) if got.get(k) != v]
    extra = sorted(set(got) - set(want))
    if bad or extra:
        print("MISMATCH", bad, "unexpected fixes:", extra)
        sys.exit(1)
    print(f"OK {len(want)} fix points match numpy")
    for k in sorted(want):
        print(f"  {k} {want[k]}")


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3])

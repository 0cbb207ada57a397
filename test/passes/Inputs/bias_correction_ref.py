"""Independent numpy model of vai's bias correction (nndct-bias-correction
method=vai) on one conv layer, and output-SQNR measurements.

`gen DIR`: DIR/model.mlir (input fix -> conv 3x3 with bias -> output fix,
fix points already assigned; the weights are coarsely quantized so the
mean error is visible), DIR/data.npy (12 samples).
`check IR_FILE DIR BATCH`: runs vai's eval_qnoise schedule in numpy on the
same data and fix points, and compares the bias stored in IR_FILE with it.
`sqnr FLOAT.npy QUANT.npy`: prints 10 log10(sum f^2 / sum (q - f)^2).
"""
import re
import struct
import sys

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from ptq_reference import conv, diffs, fix  # noqa: E402

IFP, WFP, BFP, OFP = 4, 3, 5, 3
rng = np.random.RandomState(99)
W = (rng.randn(4, 3, 3, 3) * 0.3).astype(np.float32)
B = (rng.randn(4) * 0.2).astype(np.float32)
DATA = (rng.randn(12, 3, 6, 6) * 1.5 + 0.4).astype(np.float32)


def lit(a):
    return "dense<%s>" % np.array2string(a, separator=", ", threshold=10**9,
                                         floatmode="unique").replace("\n", "")


def gen(out):
    t = lambda *s: "tensor<%sxf32>" % "x".join(map(str, s))
    m = f"""func.func @main(%x: {t(1,3,6,6)}) -> {t(1,4,6,6)} {{
  %xi = nndct.fix %x kind <input> round <half_up> bits 8 fp {IFP} : {t(1,3,6,6)}
  %w = nndct.constant {lit(W)} : {t(4,3,3,3)}
  %wq = nndct.fix %w kind <weight> round <std_round> bits 8 fp {WFP} : {t(4,3,3,3)}
  %b = nndct.constant {lit(B)} : {t(4)}
  %bq = nndct.fix %b kind <bias> round <std_round> bits 8 fp {BFP} : {t(4)}
  %c = nndct.conv2d %xi, %wq, %bq {{pads = array<i64: 1, 1, 1, 1>}} : ({t(1,3,6,6)}, {t(4,3,3,3)}, {t(4)}) -> {t(1,4,6,6)}
  %o = nndct.fix %c kind <activation> round <half_up> bits 8 fp {OFP} : {t(1,4,6,6)}
  return %o : {t(1,4,6,6)}
}}
"""
    open(out + "/model.mlir", "w").write(m)
    np.save(out + "/data.npy", DATA)


def fixf(x, fp, mode):
    return fix(x, fp, mode).astype(np.float32)


def step(state, signal, noise, rate):
    """vai_q_pytorch's eval_qnoise."""
    eff0, dev0 = state
    if not noise > 0:
        return None, state
    eff = 1.25 * np.log10(signal / noise)
    dev = abs(eff - eff0)
    if not dev > 0:
        return None, state
    eff1, dev1 = (eff0 * 4 + eff) * 0.2, (dev0 * 4 + dev) * 0.2
    if eff1 > 4.0:
        rate *= 0.5
    if eff1 > 4.3 or dev1 / eff1 < 0.05 or abs(dev - dev1 / dev) < 0.05:
        return None, (eff1, dev1)
    return rate, (eff1, dev1)


def vai(batch):
    wq = fixf(W, WFP, "std")
    applied = fixf(B, BFP, "std")
    bias = B.astype(np.float64).copy()
    state, stopped, steps = (0.0, 0.0), False, 0
    cur = applied  # the IR's quantized bias until the first correction
    for s0 in range(0, len(DATA), batch):
        if stopped:
            break
        errs, sig = [], []
        for x in DATA[s0:s0 + batch]:
            xq = fixf(x[None], IFP, "half_up")
            out = conv(xq, wq, applied, 1) + (cur - applied)[None, :, None, None].astype(np.float32)
            q = fixf(out, OFP, "half_up")
            ref = conv(xq, W, B, 1)
            errs.append(q.astype(np.float64) - ref)
            sig.append(ref.astype(np.float64))
        err, ref = np.concatenate(errs), np.concatenate(sig)
        rate, state = step(state, (ref ** 2).mean(), (err ** 2).mean(), 0.05)
        if rate is None:
            stopped = True
            continue
        bias -= rate * err.mean(axis=(0, 2, 3))
        b32 = bias.astype(np.float32)
        cur = fixf(b32, min(diffs(b32, "std"), 12), "std")
        steps += 1
    return bias.astype(np.float32), steps


def blobs(text):
    """dense_resource blobs of an MLIR file: name -> float32 array."""
    out = {}
    for name, hexdata in re.findall(r'(\S+): "0x([0-9A-Fa-f]+)"', text):
        raw = bytes.fromhex(hexdata)[4:]
        out[name] = np.array(struct.unpack("<%df" % (len(raw) // 4), raw), np.float32)
    return out


def check(ir_file, batch):
    text = open(ir_file).read()
    want, steps = vai(int(batch))
    got = [v for k, v in blobs(text).items() if "corrected" in k]
    if len(got) != 1:
        print("FAIL: expected one corrected bias, found", len(got))
        return
    ok = np.allclose(got[0], want, atol=1e-6, rtol=1e-5)
    print("%s: corrected bias matches numpy after %d vai step(s), moved by %.4f"
          % ("OK" if ok else "FAIL", steps, float(np.abs(want - B).max())))
    if not ok:
        print("got ", got[0], "\nwant", want)


def sqnr(f, q):
    f, q = np.load(f).astype(np.float64), np.load(q).astype(np.float64)
    print("SQNR %.2f dB" % (10 * np.log10((f ** 2).sum() / ((q - f) ** 2).sum())))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        gen(sys.argv[2])
    elif cmd == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sqnr(sys.argv[2], sys.argv[3])

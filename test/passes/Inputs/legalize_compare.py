"""Compares `nndct run` outputs before and after nndct-legalize-target.

usage:
  legalize_compare.py same BEFORE AFTER COUNT [--exact K,...] [--rel R]
      output_<k>.npy of AFTER against BEFORE: the outputs in --exact must be
      bitwise equal (data movement, max pools), the others within R of the
      output's range (float rounding of a reassociated sum).
  legalize_compare.py approx INPUT BEFORE AFTER
      the convert-sigmoid / convert-silu model (outputs: sigmoid(x),
      silu(x), x * sigmoid(x)): AFTER must be relu6(x + 3) / 6 and
      x * relu6(x + 3) / 6, and stay within the documented bounds of
      BEFORE (0.07 for sigmoid, 0.143 for SiLU).
"""
import os
import sys

import numpy as np


def load(d, k):
    return np.load(os.path.join(d, "output_%d.npy" % k)).astype(np.float64)


def same(before, after, count, exact, rel):
    for k in range(count):
        want, got = load(before, k), load(after, k)
        if got.shape != want.shape:
            print("output_%d: shape %s vs %s" % (k, got.shape, want.shape))
            sys.exit(1)
        if k in exact:
            print("output_%d: %s" % (k, "exact" if np.array_equal(got, want) else "DIFFERS"))
            continue
        err = np.abs(got - want).max() / max(np.abs(want).max(), 1e-30)
        print("output_%d: max relative error %.2e %s" % (k, err, "ok" if err <= rel else "EXCEEDS"))


def approx(inp, before, after):
    x = np.load(inp).astype(np.float64)
    hs = np.clip(x + 3, 0, 6) / 6
    for k, (name, ref, bound) in enumerate(
            [("sigmoid", hs, 0.07), ("silu", x * hs, 0.143), ("x*sigmoid(x)", x * hs, 0.143)]):
        got, was = load(after, k), load(before, k)
        form = np.abs(got - ref).max()
        dev = np.abs(got - was).max()
        print("%s: engine form error %.1e %s, deviation %.4f %s" % (
            name, form, "ok" if form <= 1e-6 * max(1, np.abs(ref).max()) else "WRONG",
            dev, "within %.3f" % bound if dev <= bound else "BEYOND %.3f" % bound))


if sys.argv[1] == "same":
    args = sys.argv[2:]
    exact, rel = set(), 1e-6
    if "--exact" in args:
        i = args.index("--exact")
        exact = {int(v) for v in args[i + 1].split(",")}
        del args[i:i + 2]
    if "--rel" in args:
        i = args.index("--rel")
        rel = float(args[i + 1])
        del args[i:i + 2]
    same(args[0], args[1], int(args[2]), exact, rel)
else:
    approx(*sys.argv[2:5])

#!/usr/bin/env python3
"""Import conformance of the ONNX frontend on the ONNX backend test data.

Runs `nndct-translate --import-onnx` on every model.onnx of the node,
pytorch-converted, pytorch-operator and simple suites of libonnx-testdata and
reports per suite how many import (and verify), how many are rejected with a
diagnostic, and why. A crash (signal, exit code other than 0/1, or exit 1
without a diagnostic) is always a bug and makes the script exit 1.

usage: onnx_conformance.py NNDCT_TRANSLATE [--data DIR] [--details] [--suite S]
"""
import argparse
import collections
import glob
import os
import re
import subprocess
import sys

SUITES = ["node", "pytorch-converted", "pytorch-operator", "simple"]


def classify(stderr):
    """A short reason for a rejected model."""
    if "unsupported ONNX node" in stderr:
        ops = re.search(r"unsupported ONNX nodes? \(opset \d+\): (.*)", stderr)
        names = re.findall(r"(?:^|; )([\w:]+) \(", ops.group(1)) if ops else []
        return "unsupported op", names
    if "uses ONNX opset" in stderr:
        return "unsupported opset", []
    if "element type" in stderr:
        return "unsupported input type", []
    if "must be a constant" in stderr or "only supported on constant" in stderr:
        return "needs constant input", []
    if "is not supported" in stderr:
        return "unsupported attribute/form", []
    return "other error", []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("translate")
    ap.add_argument("--data", default="/usr/share/libonnx-testdata/data")
    ap.add_argument("--details", action="store_true", help="print every failure")
    ap.add_argument("--suite", action="append")
    args = ap.parse_args()

    crashes = []
    total_ok = total = 0
    for suite in args.suite or SUITES:
        models = sorted(glob.glob(os.path.join(args.data, suite, "*", "model.onnx")))
        ok = 0
        reasons = collections.Counter()
        ops = collections.Counter()
        for path in models:
            case = os.path.basename(os.path.dirname(path))
            try:
                p = subprocess.run([args.translate, "--import-onnx", path, "-o", os.devnull],
                                   capture_output=True, text=True, timeout=120)
            except subprocess.TimeoutExpired:
                crashes.append((suite, case, "timeout"))
                continue
            if p.returncode == 0:
                ok += 1
                continue
            if p.returncode != 1 or "error:" not in p.stderr:
                crashes.append((suite, case, "exit %d: %s" % (p.returncode, p.stderr[-300:])))
                continue
            reason, names = classify(p.stderr)
            reasons[reason] += 1
            for n in names:
                ops[n] += 1
            if args.details:
                first = p.stderr.strip().splitlines()[0] if p.stderr.strip() else ""
                print("  %s/%s: %s" % (suite, case, first))
        total += len(models)
        total_ok += ok
        print("%-18s imported %4d / %4d   rejected %4d  (%s)" % (
            suite, ok, len(models), len(models) - ok,
            ", ".join("%s %d" % kv for kv in reasons.most_common())))
        if ops:
            print("%-18s unsupported ops: %s" % ("", ", ".join(
                "%s %d" % kv for kv in ops.most_common())))
    print("total              imported %4d / %4d   crashes %d" % (total_ok, total, len(crashes)))
    for c in crashes:
        print("CRASH %s/%s: %s" % c)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

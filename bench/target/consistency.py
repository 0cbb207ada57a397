#!/usr/bin/env python3
"""Do quant_info.json, the xmodel and the QDQ ONNX of one `nndct quantize`
output directory agree on every fix point?

For each tensor quant_info.json lists ("<model>::<node>": [[bits, fp]]), the
xmodel must hold the fix op `<node>_fix` with that fix point and bit width
(read back through libxir by `xmodel-check --fixes`) and the QDQ ONNX model
the QuantizeLinear `<node>_QuantizeLinear` with scale 2^-fp. Prints
"<n> fix points: <m> mismatches, <a> not in the xmodel, <b> not in the
ONNX model" and the first mismatches; exits 1 on a mismatch.

  /usr/bin/python3 bench/target/consistency.py OUT_DIR --xmodel-check build/bin/xmodel-check
"""

import argparse
import glob
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def quant_info(out):
    info = json.load(open(os.path.join(out, "quant_info.json")))
    fps = {}
    for section in ("param", "output", "input"):
        for key, entries in info.get(section, {}).items():
            node = key.split("::", 1)[1] if "::" in key else key
            if entries:
                fps[node] = tuple(entries[-1])  # (bits, fp)
    return fps


def xmodel_fixes(out, xmodel_check):
    fixes = {}
    for path in glob.glob(os.path.join(out, "*.xmodel")):
        p = subprocess.run([xmodel_check, "--fixes", path], capture_output=True,
                           text=True, check=True)
        for line in p.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[0].endswith("_fix"):
                fixes[parts[0][:-len("_fix")]] = (int(parts[2]), int(parts[1]))
    return fixes


def onnx_scales(out):
    scales = {}
    for path in glob.glob(os.path.join(out, "*_int.onnx")):
        m = onnx.load(path)
        inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
        for node in m.graph.node:
            if node.op_type == "QuantizeLinear" and node.name.endswith("_QuantizeLinear"):
                scale = inits.get(node.input[1])
                if scale is not None and scale.size == 1:
                    scales[node.name[:-len("_QuantizeLinear")]] = float(scale.reshape(-1)[0])
    return scales


def check(out, xmodel_check):
    """(compared, mismatches, not in xmodel, not in ONNX, first problems)."""
    info = quant_info(out)
    fixes = xmodel_fixes(out, xmodel_check)
    scales = onnx_scales(out)
    bad, no_x, no_o, notes = 0, 0, 0, []
    for node, (bits, fp) in sorted(info.items()):
        if node in fixes:
            if fixes[node] != (bits, fp):
                bad += 1
                notes.append(f"{node}: quant_info {bits}/{fp}, xmodel {fixes[node]}")
        else:
            no_x += 1
        if node in scales:
            if not np.isclose(scales[node], 2.0 ** -fp, rtol=0, atol=0):
                bad += 1
                notes.append(f"{node}: quant_info fp {fp}, ONNX scale {scales[node]}")
        else:
            no_o += 1
    return len(info), bad, no_x, no_o, notes[:5]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--xmodel-check", required=True)
    args = ap.parse_args()
    n, bad, no_x, no_o, notes = check(args.out, args.xmodel_check)
    print(f"{n} fix points: {bad} mismatches, {no_x} not in the xmodel, "
          f"{no_o} not in the ONNX model")
    for line in notes:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

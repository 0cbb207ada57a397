#!/usr/bin/python3
"""Checks on nndct quantize outputs, printed for FileCheck.

  same_fix_points A_report.txt B_report.txt  compares (section, name, kind,
                                             bits, fp) of two quant reports
  compare A.npy B.npy                        "N of M differ, max |d| X"
  quant_info FILE                            sorted keys with [bits, fp]
  onnx_nodes MODEL.onnx                      every non-Q/DQ node: op type,
                                             whether its parameters come
                                             dequantized and its output is
                                             quantized
  same_onnx A.onnx B.onnx                    initializers compared by name
                                             and value, nodes as a multiset
                                             (test mode may order them
                                             differently)
  ls DIR                                     sorted file names (or "missing")
  float_search OUT.txt                       from nndct quantize's "kept float
                                             for accuracy" line: whether the
                                             searched and the rebuilt output
                                             SQNR beat all-quantized
"""
import json
import os
import sys

import numpy as np


def report_rows(path):
    rows = []
    for line in open(path):
        if line.startswith("#") or line.startswith("section"):
            continue
        parts = line.split()
        rows.append(tuple(parts[:5]))
    return rows


def main():
    cmd = sys.argv[1]
    if cmd == "same_fix_points":
        # Order-independent: rewrites may move constants in the walk order.
        a, b = sorted(report_rows(sys.argv[2])), sorted(report_rows(sys.argv[3]))
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        print(f"fixes {len(a)} vs {len(b)}, {len(diff)} differ")
        for x, y in diff[:5]:
            print("  ", x, "!=", y)
    elif cmd == "compare":
        a, b = np.load(sys.argv[2]), np.load(sys.argv[3])
        if a.shape != b.shape:
            print(f"shape {a.shape} vs {b.shape}")
            return
        d = np.abs(a.astype(np.float64) - b)
        print(f"{int((d > 0).sum())} of {d.size} differ, max |d| {d.max():.3g}")
    elif cmd == "quant_info":
        info = json.load(open(sys.argv[2]))
        for section in ("param", "output", "input"):
            for k in sorted(info[section]):
                print(section, k, info[section][k])
        print("bias_corrected", info["bias_corrected"])
    elif cmd == "onnx_nodes":
        import onnx
        m = onnx.load(sys.argv[2])
        producer = {o: n for n in m.graph.node for o in n.output}
        consumers = {}
        for n in m.graph.node:
            for i in n.input:
                consumers.setdefault(i, []).append(n)
        for n in m.graph.node:
            if n.op_type in ("QuantizeLinear", "DequantizeLinear"):
                continue
            params = [producer.get(i) for i in n.input[1:]]
            w = "-" if not params else (
                "dq" if any(p is not None and p.op_type == "DequantizeLinear" for p in params)
                else "float")
            outs = [c for o in n.output for c in consumers.get(o, [])]
            q = "q" if any(c.op_type == "QuantizeLinear" for c in outs) else "float"
            print(f"{n.op_type} params={w} out={q}")
    elif cmd == "same_onnx":
        import onnx
        from onnx import numpy_helper
        a, b = onnx.load(sys.argv[2]), onnx.load(sys.argv[3])
        init = lambda m: {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
        ia, ib = init(a), init(b)
        differ = [k for k in ia if k not in ib or not np.array_equal(ia[k], ib[k])]
        nodes = lambda m: sorted(n.SerializeToString() for n in m.graph.node)
        print(f"initializers {len(ia)} vs {len(ib)}, {len(differ)} differ;"
              f" same nodes {nodes(a) == nodes(b)}")
    elif cmd == "float_search":
        import re
        text = open(sys.argv[2]).read()
        m = re.search(r"kept float for accuracy: (\d+) of (\d+) ops; output SQNR "
                      r"(\S+) -> (\S+) dB \(searched\), (\S+) dB rebuilt", text)
        if not m:
            print("no search line")
            return
        before, after, rebuilt = (float(m.group(i)) for i in (3, 4, 5))
        print(f"{m.group(1)} ops; searched better {after > before};"
              f" rebuilt better {rebuilt > before}")
    elif cmd == "ls":
        d = sys.argv[2]
        print(" ".join(sorted(os.listdir(d))) if os.path.isdir(d) else "missing")
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""ONNX Runtime's figure on the ONNX node conformance suite, next to nndct's.

Every case of libonnx-testdata's node suite (each test_data_set_*) runs in
ONNX Runtime (onnxruntime-node, through ort_conformance.js: one session per
case, default graph optimizations, one thread) and its outputs are compared
with the expected output_k.pb by the same rule as onnx_conformance.py --run
(|got - want| <= atol + rtol * |want|, rtol 1e-4, atol 1e-5, NaN equal to
NaN, integers exact). A case is "passed", "failed" (a run error or wrong
values/shapes) or "unsupported" (session creation rejects the model). Cases
whose graph inputs or outputs are sequences/optionals are "not run": this
harness feeds tensors only (onnxruntime-node has no sequence inputs).

The TensorProto files are converted here (onnx, numpy) into raw bytes plus a
JSON description, since onnxruntime-node has no TensorProto reader.

With --nndct DRIVER (build/bin/onnx-conformance-run), also runs
test/frontends/onnx/onnx_conformance.py --run DRIVER --suite node and
prints both side by side.

usage: /usr/bin/python3 bench/conformance/ort_conformance.py
           [--node-modules .deps/npm/node_modules] [--data DIR]
           [--nndct build/bin/onnx-conformance-run] [--details]
"""
import argparse
import collections
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SRC, "test", "frontends", "onnx"))
import onnx_conformance  # noqa: E402  (the same comparison rule)

NP_OF_ORT = {"float32": np.float32, "float64": np.float64, "int8": np.int8,
             "uint8": np.uint8, "int16": np.int16, "uint16": np.uint16,
             "int32": np.int32, "uint32": np.uint32, "int64": np.int64,
             "uint64": np.uint64, "bool": np.bool_, "float16": np.float16}


def tensor_only(model):
    """True when every graph input and output is a tensor."""
    return all(v.type.HasField("tensor_type")
               for v in list(model.graph.input) + list(model.graph.output))


def write_input(arr, name, path):
    """Writes `arr` as raw bytes (strings as JSON); returns its description."""
    if arr.dtype.kind in "OSU":
        with open(path, "w") as f:
            json.dump([x.decode() if isinstance(x, bytes) else str(x)
                       for x in arr.ravel().tolist()], f)
        dtype = "string"
    else:
        a = np.ascontiguousarray(arr)
        dtype = "bool" if a.dtype == np.bool_ else str(a.dtype)
        if dtype == "float16":
            a = a.view(np.uint16)
        if dtype not in NP_OF_ORT:
            raise ValueError("dtype " + dtype)
        a.astype(a.dtype.newbyteorder("<")).tofile(path)
    return {"name": name, "dtype": dtype, "dims": list(arr.shape), "file": path}


def read_output(path):
    with open(path + ".json") as f:
        desc = json.load(f)
    if desc["dtype"] == "string":
        with open(path) as f:
            return np.array(json.load(f), dtype=object).reshape(desc["dims"])
    dt = NP_OF_ORT[desc["dtype"]]
    raw = np.fromfile(path, dtype=np.uint16 if dt == np.float16 else
                      (np.uint8 if dt == np.bool_ else dt))
    if dt == np.float16:
        raw = raw.view(np.float16)
    return raw.astype(dt).reshape(desc["dims"])


def compare(outdir, expected, n_outputs):
    """The onnx_conformance rule; strings compared exactly."""
    for k in range(n_outputs):
        raw = os.path.join(outdir, "output_%d.raw" % k)
        if not os.path.exists(raw):
            return "output %d missing" % k
        got = read_output(raw)
        if got.dtype == object:
            t = onnx.TensorProto()
            with open(expected[k], "rb") as f:
                t.ParseFromString(f.read())
            want = numpy_helper.to_array(t)
            if got.shape != want.shape or any(
                    (w.decode() if isinstance(w, bytes) else str(w)) != g
                    for w, g in zip(want.ravel(), got.ravel())):
                return "output %d: strings differ" % k
            os.remove(raw)
            continue
        np.save(os.path.join(outdir, "output_%d.npy" % k), got)
    strings = [k for k in range(n_outputs)
               if not os.path.exists(os.path.join(outdir, "output_%d.npy" % k))]
    numeric = [p for k, p in enumerate(expected) if k not in strings]
    # compare() reads output_<k>.npy by position: renumber around strings.
    if strings:
        for i, k in enumerate([k for k in range(n_outputs) if k not in strings]):
            os.rename(os.path.join(outdir, "output_%d.npy" % k),
                      os.path.join(outdir, "output_%d.npy" % i))
    return onnx_conformance.compare(outdir, numeric, onnx_conformance.DEFAULT_RTOL,
                                    onnx_conformance.DEFAULT_ATOL)


def nndct_figure(driver, data):
    p = subprocess.run([sys.executable, os.path.join(SRC, "test", "frontends", "onnx",
                                                     "onnx_conformance.py"),
                        "--run", driver, "--data", data, "--suite", "node"],
                       capture_output=True, text=True)
    m = re.search(r"^node\s+(\d+) cases:\s+(\d+) passed,\s+(\d+) failed,\s+(\d+) unsupported",
                  p.stdout, re.M)
    if not m:
        sys.exit("cannot parse onnx_conformance.py output:\n" + p.stdout + p.stderr)
    return {"cases": int(m.group(1)), "passed": int(m.group(2)),
            "failed": int(m.group(3)), "unsupported": int(m.group(4))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node-modules", default=os.path.join(SRC, ".deps", "npm", "node_modules"))
    ap.add_argument("--data", default="/usr/share/libonnx-testdata/data")
    ap.add_argument("--nndct", metavar="DRIVER", help="onnx-conformance-run binary")
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="ort-conformance-")
    try:
        cases = sorted(glob.glob(os.path.join(args.data, "node", "*", "model.onnx")))
        manifest, verdicts, why = [], {}, {}
        expected = {}
        for path in cases:
            case_dir = os.path.dirname(path)
            case = os.path.basename(case_dir)
            model = onnx.load(path, load_external_data=False)
            if not tensor_only(model):
                verdicts[case], why[case] = "not run", "sequence/optional inputs or outputs"
                continue
            inits = {t.name for t in model.graph.initializer}
            inputs = [i.name for i in model.graph.input if i.name not in inits]
            entry = {"model": path, "datasets": []}
            for ds in sorted(glob.glob(os.path.join(case_dir, "test_data_set_*"))):
                ident = "%s/%s" % (case, os.path.basename(ds))
                outdir = os.path.join(work, "out", ident)
                os.makedirs(os.path.join(work, "in", ident), exist_ok=True)
                feeds = []
                for k, name in enumerate(inputs):
                    pb = os.path.join(ds, "input_%d.pb" % k)
                    if not os.path.exists(pb):
                        continue  # an omitted optional input
                    t = onnx.TensorProto()
                    with open(pb, "rb") as f:
                        t.ParseFromString(f.read())
                    feeds.append(write_input(numpy_helper.to_array(t), name,
                                             os.path.join(work, "in", ident, "%d.raw" % k)))
                outs = sorted(glob.glob(os.path.join(ds, "output_*.pb")),
                              key=lambda p: int(re.search(r"output_(\d+)", p).group(1)))
                expected[ident] = (outdir, outs)
                entry["datasets"].append({"id": ident, "inputs": feeds, "outdir": outdir})
            if entry["datasets"]:
                manifest.append(entry)
            else:
                verdicts[case], why[case] = "not run", "no test data"
        mpath = os.path.join(work, "manifest.json")
        with open(mpath, "w") as f:
            json.dump(manifest, f)
        p = subprocess.run(["node", os.path.join(HERE, "ort_conformance.js"),
                            args.node_modules, mpath], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("ort_conformance.js failed:\n" + p.stderr[-2000:])
        status = {}
        for line in p.stdout.splitlines():
            tag, _, rest = line.partition(" ")
            ident, _, msg = rest.partition(" ")
            status[ident] = (tag, msg)
        for entry in manifest:
            case = os.path.basename(os.path.dirname(entry["model"]))
            verdict, reason = "passed", None
            for ds in entry["datasets"]:
                tag, msg = status.get(ds["id"], ("FAILED", "no status (crash?)"))
                if tag == "UNSUPPORTED":
                    verdict, reason = "unsupported", msg
                    break
                if tag != "OK":
                    verdict, reason = "failed", msg
                    break
                outdir, outs = expected[ds["id"]]
                bad = compare(outdir, outs, len(outs))
                if bad:
                    verdict, reason = "failed", "%s: %s" % (ds["id"], bad)
                    break
            verdicts[case], why[case] = verdict, reason
        counts = collections.Counter(verdicts.values())
        if args.details:
            for case in sorted(verdicts):
                if verdicts[case] != "passed":
                    print("  %-11s %s: %s" % (verdicts[case], case, why[case]))
        n = len(verdicts)
        print("ONNX Runtime (onnxruntime-node %s), node suite: %d cases: %d passed, "
              "%d failed, %d unsupported, %d not run (sequence/optional I/O)" % (
                  ort_version(args.node_modules), n, counts["passed"], counts["failed"],
                  counts["unsupported"], counts["not run"]))
        if args.nndct:
            nd = nndct_figure(args.nndct, args.data)
            print()
            print("| node suite (%d cases) | passed | failed | unsupported |" % n)
            print("|---|---:|---:|---:|")
            print("| ONNX Runtime %s | %d | %d | %d (+%d not run) |" % (
                ort_version(args.node_modules), counts["passed"], counts["failed"],
                counts["unsupported"], counts["not run"]))
            print("| nndct (`onnx_conformance.py --run`) | %d | %d | %d |" % (
                nd["passed"], nd["failed"], nd["unsupported"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def ort_version(node_modules):
    with open(os.path.join(node_modules, "onnxruntime-node", "package.json")) as f:
        return json.load(f)["version"]


if __name__ == "__main__":
    main()

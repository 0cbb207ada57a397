"""Quantization-aware training: vai_q_pytorch's `QatProcessor` over nndct.

The fake-quant points of the trainable model are exactly where nndct puts
its fixes: the processor imports the model, calibrates it on the example
inputs for the starting fix points, and attaches one fake quantizer per fix
to the torch module that computes the fixed tensor (a parametrization for
weights and biases, a forward hook for outputs, a pre-hook for model
inputs). Each quantizer learns vai's log2 threshold t; its scale is
2^ceil(log2 t) / 2^(bits-1), so the fix point is bits - 1 - ceil(log2 t)
(reference/quantization-spec.md, QAT facts). Batch norms that nndct folds
into the preceding convolution are folded in the trainable model too, so
the weights trained are the weights deployed.

`to_deployable` brings the learned fix points back into nndct: the trained
float model is imported again, its fixes take the learned fix points, the
target's shift rules are applied (a fix point they move is reported and
used in the returned model too), and quant_info.json, the bundle, the ONNX
model and the xmodel are written.
"""

import copy
import math
import os
import warnings

import torch
from torch.nn.utils import parametrize

from . import _nndct
from ._options import options_text
from .quantizer import DEFAULT_TARGET, Error, _as_list, _to_numpy, import_module


def _round(x, mode):
    """nndct's rounding: activations half_up (ties toward +inf), weights and
    biases std_round (ties away from zero)."""
    if mode == "half_up":
        return torch.floor(x + 0.5)
    return torch.sign(x) * torch.floor(x.abs() + 0.5)


class FakeQuantize(torch.nn.Module):
    """Power-of-two fake quantization with a learnable log2 threshold."""

    def __init__(self, name, fix_point, bits, rounding):
        super().__init__()
        self.name, self.bits, self.rounding = name, bits, rounding
        # ceil(log2 t) = bits - 1 - fix_point; start mid-interval so the
        # first steps do not flip it.
        self.log_threshold = torch.nn.Parameter(torch.tensor(float(bits - 1 - fix_point) - 0.5))

    @property
    def fix_point(self):
        return self.bits - 1 - int(math.ceil(self.log_threshold.item()))

    def set_fix_point(self, fix_point):
        with torch.no_grad():
            self.log_threshold.fill_(float(self.bits - 1 - fix_point) - 0.5)

    def forward(self, x):
        t = self.log_threshold
        # Straight-through estimators: ceil and round pass gradients as
        # identities (TQT's threshold gradient follows).
        ceil_t = t + (torch.ceil(t) - t).detach()
        scale = torch.pow(2.0, ceil_t - (self.bits - 1))
        xs = x / scale
        q = xs + (_round(xs, self.rounding) - xs).detach()
        q = torch.clamp(q, -2.0 ** (self.bits - 1), 2.0 ** (self.bits - 1) - 1)
        return q * scale


class _OutputHook:
    """Fake-quantizes a module's output (a forward hook)."""

    def __init__(self, quantizer):
        self.quantizer = quantizer

    def __call__(self, module, inputs, output):
        return self.quantizer(output)


class _InputHook:
    """Fake-quantizes the model's input `index` (a forward pre-hook)."""

    def __init__(self, quantizer, index):
        self.quantizer, self.index = quantizer, index

    def __call__(self, module, inputs):
        inputs = list(inputs)
        inputs[self.index] = self.quantizer(inputs[self.index])
        return tuple(inputs)


def _fold_batch_norms(model):
    """Folds every BatchNorm that directly follows a convolution into it
    (nndct folds them before quantizing the weights); the BatchNorm becomes
    an Identity. Returns the folded pairs' names."""
    from torch.nn.utils.fusion import fuse_conv_bn_eval
    try:
        graph = torch.fx.symbolic_trace(model).graph
    except Exception as e:  # data-dependent control flow: no pairs to find
        if any(isinstance(m, torch.nn.modules.batchnorm._BatchNorm) for m in model.modules()):
            raise Error(f"QatProcessor: cannot trace the model to fold its batch norms: {e}")
        return []
    modules = dict(model.named_modules())
    folded = []
    for node in graph.nodes:
        if node.op != "call_module" or not isinstance(
                modules.get(node.target), torch.nn.modules.batchnorm._BatchNorm):
            continue
        src = node.args[0]
        if (getattr(src, "op", None) != "call_module" or len(src.users) != 1
                or not isinstance(modules.get(src.target), torch.nn.modules.conv._ConvNd)):
            continue
        conv, bn = modules[src.target], modules[node.target]
        fused = fuse_conv_bn_eval(conv.eval(), bn.eval())
        _set_module(model, src.target, fused)
        _set_module(model, node.target, torch.nn.Identity())
        folded.append((src.target, node.target))
    return folded


def _set_module(model, path, module):
    parent, _, leaf = path.rpartition(".")
    setattr(model.get_submodule(parent) if parent else model, leaf, module)


class QatProcessor:
    """vai_q_pytorch's QatProcessor: `trainable_model()`,
    `to_deployable(model, output_dir)`, `export_onnx_model()`,
    `export_xmodel()`.

    `inputs` is an example batch; the starting fix points are calibrated on
    it, so give real samples (a few training images)."""

    def __init__(self, model, inputs, bitwidth=8, target=DEFAULT_TARGET, threads=1):
        self.target = target
        bits = _nndct.target_bits(target)
        if bitwidth != bits:
            raise ValueError(f"bitwidth {bitwidth}: target {target} computes with {bits} bits")
        self.bits = bits
        self.threads = threads
        self._examples = [torch.as_tensor(a) for a in _as_list(inputs)]
        self._float = copy.deepcopy(model).eval()
        self.folded = _fold_batch_norms(self._float)
        self._options = {"target": target, "threads": str(threads), "bias-correction": "false"}
        self.name, nndct_model = import_module(self._float, self._examples)
        calib = [_to_numpy(e, "inputs") for e in self._examples]
        nndct_model.quantize(calib, [], options_text(self._options))
        self._input_names = [n for n, _ in nndct_model.inputs]
        self._fixes = nndct_model.fixes()
        self._deployed = None
        self.output_dir = None

    def _attach(self, model, fix_points):
        """Adds a fake quantizer per fix to `model` (in place)."""
        quantizers = torch.nn.ModuleDict()
        modules = dict(model.named_modules())
        for fix in self._fixes:
            name, kind = fix["name"], fix["kind"]
            fp = fix_points[name]
            rounding = "std_round" if kind in ("weight", "bias") else "half_up"
            fq = FakeQuantize(name, fp, fix["bits"], rounding)
            quantizers[name.replace(".", "_").replace("/", "__").replace(":", "_")] = fq
            if fix["section"] == "param":
                path, _, attr = name.rpartition(".")
                owner = modules.get(path)
                if owner is None or not isinstance(getattr(owner, attr, None), torch.Tensor):
                    raise Error(f"QatProcessor: parameter '{name}' of nndct's graph is not "
                                f"a parameter of the torch model")
                parametrize.register_parametrization(owner, attr, fq)
            elif kind == "input" and name in self._input_names:
                model.register_forward_pre_hook(_InputHook(fq, self._input_names.index(name)))
            else:
                path = name.split("/")[0] if "/" in name else ""
                if not path or path not in modules:
                    raise Error(f"QatProcessor: '{name}' is quantized but is not the output "
                                "of a submodule; make it one (nndct.nn.Add for a '+', one "
                                "module instance per call), as vai's QAT requires")
                modules[path].register_forward_hook(_OutputHook(fq))
        model.nndct_quantizers = quantizers
        return model

    def trainable_model(self):
        """The model with nndct's fake-quant points, each with a learnable
        threshold; train it with any optimizer over .parameters()."""
        model = copy.deepcopy(self._float)
        return self._attach(model, {f["name"]: f["fix_point"] for f in self._fixes}).train()

    @staticmethod
    def learned_fix_points(model):
        """The fix point each quantizer of a trainable model stands at."""
        return {fq.name: fq.fix_point for fq in model.nndct_quantizers.values()}

    def _float_of(self, model):
        """The trained float model: quantizers and their hooks removed."""
        plain = copy.deepcopy(model)
        for m in plain.modules():
            if parametrize.is_parametrized(m):
                for attr in list(m.parametrizations.keys()):
                    parametrize.remove_parametrizations(m, attr, leave_parametrized=False)
            for hooks in (m._forward_hooks, m._forward_pre_hooks):
                for key in [k for k, h in hooks.items() if isinstance(h, (_OutputHook, _InputHook))]:
                    del hooks[key]
        del plain.nndct_quantizers
        return plain.eval()

    def to_deployable(self, model, output_dir):
        """Writes the deployable results of the trained `model` into
        `output_dir` and returns the deployable torch model: the trained
        model at the fix points nndct deploys."""
        if not hasattr(model, "nndct_quantizers"):
            raise Error("to_deployable: expects the model trainable_model() returned")
        learned = self.learned_fix_points(model)
        plain = self._float_of(model)
        _, nndct_model = import_module(plain, self._examples)
        nndct_model.prepare(options_text(self._options))
        nndct_model.set_fix_points(learned)
        # The target's shift rules, then the same check calibration ends with.
        nndct_model.run_pipeline(
            "builtin.module(func.func(nndct-legalize-fix-points,nndct-verify-target))")
        deployed = {f["name"]: f["fix_point"] for f in nndct_model.fixes()}
        moved = {n: (learned[n], fp) for n, fp in deployed.items() if learned[n] != fp}
        if moved:
            warnings.warn("to_deployable: the target's shift rules moved "
                          + ", ".join(f"{n} {a} -> {b}" for n, (a, b) in sorted(moved.items())),
                          stacklevel=2)
        self.output_dir = os.fspath(output_dir)
        self._paths = nndct_model.write(self.output_dir, self.name, self.target, True, 13, False)
        self._deployed = nndct_model
        deployable = self._attach(plain, deployed)
        for p in deployable.nndct_quantizers.parameters():
            p.requires_grad_(False)
        return deployable.eval()

    def _path(self, what, suffix):
        if self._deployed is None:
            raise Error(f"{what}: call to_deployable(model, output_dir) first")
        return next(p for p in self._paths if p.endswith(suffix))

    def export_onnx_model(self):
        """The QDQ ONNX model to_deployable wrote."""
        return self._path("export_onnx_model", "_int.onnx")

    def export_xmodel(self):
        """The xmodel to_deployable wrote."""
        return self._path("export_xmodel", "_int.xmodel")

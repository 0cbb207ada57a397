"""vai_q_pytorch's post-training workflow over nndct's C++ compiler.

`torch_quantizer` takes the arguments vai's does. The module is traced (or
taken as scripted), imported through nndct's TorchScript frontend in memory,
and every result comes from the same library `nndct quantize` uses:

  calib  quant_model runs the imported float graph (nndct's interpreter) and
         keeps each batch it sees (on disk, _samples.py);
         export_quant_config() calibrates on them
         (and fast-finetunes, when asked) and writes quantize_result/.
  test   quant_model runs the quantized graph (fake quantization, or the
         NPU's integer arithmetic); export_xmodel() / export_onnx_model()
         write the deployable models.

`quantize` is the same for a model file (ONNX, TorchScript, nndct IR) and
samples in numpy arrays.
"""

import io
import os

import numpy as np

from . import _nndct
from ._options import options_text, pipeline_options
from ._samples import SampleFiles

Error = _nndct.Error

DEFAULT_TARGET = "AMD_AIE2_Nx4_Overlay_cfg0"


def _as_list(args):
    if isinstance(args, (list, tuple)):
        return list(args)
    return [args]


def _to_numpy(value, what):
    try:
        import torch
        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().numpy()
    except ImportError:
        pass
    array = np.asarray(value)
    if array.dtype.kind not in "fiub":
        raise TypeError(f"{what}: expected a numeric array, got {array.dtype}")
    return np.ascontiguousarray(array, dtype=np.float32)


def _is_array(value):
    return isinstance(value, np.ndarray) or hasattr(value, "detach")


def _samples(data, num_inputs, what):
    """`data` as one N x sample array per input. It is an array (one
    input), a list/tuple of arrays (one per input, several inputs), or an
    iterable of batches, each an array or a tuple of arrays: the inputs,
    then anything else (a DataLoader's labels), which is dropped."""
    if _is_array(data):
        batches = [[data]]
    elif (num_inputs > 1 and isinstance(data, (list, tuple)) and len(data) == num_inputs
          and all(_is_array(d) for d in data)):
        batches = [list(data)]
    else:
        batches = [[b] if _is_array(b) else _as_list(b)[:num_inputs] for b in data]
    if not batches:
        raise ValueError(f"{what}: no samples")
    for k, batch in enumerate(batches):
        if len(batch) != num_inputs:
            raise ValueError(f"{what}: batch {k} holds {len(batch)} arrays; "
                             f"the model takes {num_inputs} inputs")
    arrays = [[_to_numpy(b[i], f"{what}, input #{i}") for b in batches]
              for i in range(num_inputs)]
    return [np.concatenate(a) for a in arrays]


def _config(quant_config_file, target):
    bits = _nndct.target_bits(target)
    if quant_config_file is None:
        return {}, None, bits
    options, opset, warnings = _nndct.read_quant_config(os.fspath(quant_config_file), bits)
    import warnings as w
    for message in warnings:
        w.warn(f"{quant_config_file}: {message}", stacklevel=3)
    return options, opset, bits


class QuantizeResult:
    """What `quantize` wrote: `paths` (file name -> path), `fixes` (the
    per-layer fix points: dicts with name, section, kind, bits, fix_point),
    `float_ops` (the accuracy-aware search's trade, or None) and the quant
    report's text."""

    def __init__(self, paths, fixes, float_ops):
        self.paths = paths
        self.fixes = fixes
        self.float_ops = float_ops or None

    @property
    def report(self):
        path = next(p for name, p in self.paths.items() if name.endswith("_quant_report.txt"))
        with open(path) as f:
            return f.read()

    def __repr__(self):
        return f"QuantizeResult({sorted(self.paths)}, {len(self.fixes)} fixes)"


def quantize(model_path, calib_data=None, output_dir="quantize_result", *,
             mode="calib", input_shapes=None, finetune_data=None,
             target=DEFAULT_TARGET, quant_config_file=None, onnx_opset=None,
             onnx_rounding="standard", **options):
    """`nndct quantize` from Python: quantizes the model at `model_path`
    (.onnx, .pt, .mlir) on `calib_data` (numpy arrays or an iterable of
    batches) and writes `output_dir`. Test mode re-applies
    output_dir/quant_info.json. Other keywords are pipeline options
    (method, cle, fast_finetune, max_float_ops, ...)."""
    if mode not in ("calib", "test"):
        raise ValueError(f"mode '{mode}': expected 'calib' or 'test'")
    if onnx_rounding not in ("standard", "exact"):
        raise ValueError(f"onnx_rounding '{onnx_rounding}': expected 'standard' or 'exact'")
    config, config_opset, _ = _config(quant_config_file, target)
    opset = onnx_opset or config_opset or 13
    if not 13 <= opset <= 17:
        raise ValueError(f"onnx_opset {opset}: expected 13 to 17")
    merged = pipeline_options(config, options, "quantize")
    merged["target"] = target
    _nndct.check_options(options_text(merged))
    model = _nndct.Model.load(os.fspath(model_path), list(input_shapes or []))
    # As `nndct quantize` names results: fmnist_cnn for fmnist_cnn.onnx and
    # for the bundle fmnist_cnn.nndct.mlir.
    name = os.path.splitext(os.path.basename(os.fspath(model_path)))[0]
    name = name[:-len(".nndct")] if name.endswith(".nndct") else name
    num_inputs = len(model.inputs)
    summary = None
    if mode == "calib":
        if calib_data is None:
            raise ValueError("calib_data is required in calib mode")
        calib = _samples(calib_data, num_inputs, "calib_data")
        finetune = [] if finetune_data is None else _samples(finetune_data, num_inputs, "finetune_data")
        summary = model.quantize(calib, finetune, options_text(merged))
    else:
        info = os.path.join(output_dir, "quant_info.json")
        if not os.path.exists(info):
            raise Error(f"{info}: cannot read (run mode='calib' first)")
        bundle = os.path.join(output_dir, name + ".nndct.mlir")
        model.apply_quant_info(info, bundle, options_text(merged))
    written = model.write(os.fspath(output_dir), name, target, mode == "calib",
                          opset, onnx_rounding == "exact")
    return QuantizeResult({os.path.basename(p): p for p in written}, model.fixes(), summary)


def import_module(module, examples):
    """(name, nndct model) of a torch module: traced on `examples` in eval
    mode (a torch.jit.ScriptModule is taken as it is), saved to memory and
    imported by nndct's TorchScript frontend per sample (batch 1). The name
    is the module's class name, which names the result files."""
    import torch
    if isinstance(module, torch.jit.ScriptModule):
        scripted = module
        name = getattr(module, "original_name", type(module).__name__)
    else:
        was_training = module.training
        module.eval()
        with torch.no_grad():
            scripted = torch.jit.trace(module, tuple(examples), check_trace=False)
        module.train(was_training)
        name = type(module).__name__
    archive = io.BytesIO()
    torch.jit.save(scripted, archive)
    shapes = ["x".join(str(d) for d in [1, *e.shape[1:]]) for e in examples]
    return name, _nndct.Model.import_torchscript(archive.getvalue(), shapes, name)


def _module_class():
    """quant_model's class (torch is imported lazily: `nndct.quantize`
    works without it)."""
    import torch

    class QuantModel(torch.nn.Module):
        """The quantizer's quant_model: forward runs nndct's graph."""

        def __init__(self, quantizer):
            super().__init__()
            self._quantizer = quantizer

        def forward(self, *args):
            return self._quantizer._forward(args)

    return QuantModel


class torch_quantizer:
    """vai_q_pytorch's `torch_quantizer`, over nndct.

    quant_mode: 'calib' or 'test'. module: a torch.nn.Module (traced with
    `input_args`) or a torch.jit.ScriptModule. The graph is imported per
    sample (batch 1, as the NPU runs it); quant_model takes any batch.
    Extra keywords are nndct's pipeline options (method, cle, max_float_ops,
    ...); `execution` picks test mode's arithmetic ('fake-quant' or the
    NPU's bit-exact 'integer')."""

    def __init__(self, quant_mode, module, input_args=None, state_dict_file=None,
                 output_dir="quantize_result", bitwidth=8, device=None,
                 quant_config_file=None, target=DEFAULT_TARGET,
                 execution="fake-quant", threads=1, **options):
        import torch
        if quant_mode not in ("calib", "test"):
            raise ValueError(f"quant_mode '{quant_mode}': expected 'calib' or 'test'")
        if execution not in ("fake-quant", "integer"):
            raise ValueError(f"execution '{execution}': expected 'fake-quant' or 'integer'")
        if device is not None and torch.device(device).type != "cpu":
            raise ValueError(f"device '{device}': nndct runs on the CPU")
        if input_args is None:
            raise ValueError("input_args: an example input is needed to trace the module")
        self.quant_mode = quant_mode
        self.output_dir = os.fspath(output_dir)
        self.target = target or DEFAULT_TARGET
        self.execution = execution
        self.threads = threads
        config, self._opset, bits = _config(quant_config_file, self.target)
        if bitwidth != bits:
            raise ValueError(f"bitwidth {bitwidth}: target {self.target} computes with {bits} bits")
        self._options = pipeline_options(config, dict(options, threads=threads), "torch_quantizer")
        self._options["target"] = self.target
        _nndct.check_options(options_text(self._options))
        if state_dict_file is not None:
            module.load_state_dict(torch.load(state_dict_file, map_location="cpu"))

        examples = [torch.as_tensor(a) for a in _as_list(input_args)]
        self.name, self._model = import_module(module, examples)
        self._num_inputs = len(self._model.inputs)
        self._calib = SampleFiles("quant_model's calibration batches")
        self._finetune = SampleFiles("fast_finetune's batches")
        self._recording = self._calib
        self._fast_finetune = False
        self._quantized = False
        self._last_inputs = None
        self.quant_model = _module_class()(self)
        if quant_mode == "test":
            info = os.path.join(self.output_dir, "quant_info.json")
            if not os.path.exists(info):
                raise Error(f"{info}: cannot read (run quant_mode='calib' first, "
                            f"or pass its output_dir)")
            self._model.apply_quant_info(info, self._bundle(), options_text(self._options))
            self._quantized = True

    def _bundle(self):
        return os.path.join(self.output_dir, self.name + ".nndct.mlir")

    def _forward(self, args):
        import torch
        if len(args) != self._num_inputs:
            raise TypeError(f"quant_model takes {self._num_inputs} inputs, got {len(args)}")
        arrays = [_to_numpy(a, f"input #{i}") for i, a in enumerate(args)]
        mode = "float"
        if self.quant_mode == "calib":
            if self._quantized:
                raise Error("quant_model: calibration is over (export_quant_config ran); "
                            "create a test-mode quantizer to run the quantized model")
            self._recording.append(arrays)
        else:
            mode = self.execution
            self._last_inputs = arrays
        outputs = [torch.from_numpy(o) for o in self._model.run(arrays, mode, self.threads)]
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def fast_finetune(self, run_fn, run_args):
        """Calib mode: calls run_fn(*run_args) (which runs quant_model on the
        finetune data) and fits every layer to its float twin (AdaQuant)
        when export_quant_config() calibrates."""
        if self.quant_mode != "calib":
            raise Error("fast_finetune: calib mode only (test mode: load_ft_param())")
        self._recording = self._finetune
        try:
            run_fn(*run_args)
        finally:
            self._recording = self._calib
        if not self._finetune:
            raise Error("fast_finetune: run_fn did not run quant_model")
        self._fast_finetune = True

    def load_ft_param(self):
        """Test mode: the finetuned parameters come from the calibration
        run's bundle (<output_dir>/<Model>.nndct.mlir); this checks they are
        there."""
        import json
        if self.quant_mode != "test":
            raise Error("load_ft_param: test mode only")
        with open(os.path.join(self.output_dir, "quant_info.json")) as f:
            if not json.load(f).get("fast_finetuned", False):
                raise Error(f"{self.output_dir}/quant_info.json: the calibration run "
                            "was not fast-finetuned (call fast_finetune in calib mode)")
        if not os.path.exists(self._bundle()):
            raise Error(f"{self._bundle()}: missing; it holds the finetuned parameters")

    def export_quant_config(self):
        """Calib mode: calibrates on what quant_model saw and writes
        quant_info.json with the other results into output_dir."""
        if self.quant_mode != "calib":
            raise Error("export_quant_config: calib mode only")
        if not self._quantized:
            if not self._calib:
                raise Error("export_quant_config: quant_model never ran; run it on "
                            "calibration data first")
            options = dict(self._options)
            if self._fast_finetune:
                options["fast-finetune"] = "true"
            finetune = self._finetune.paths() if self._fast_finetune else []
            self.float_ops = self._model.quantize(
                [], [], options_text(options), calib_files=self._calib.paths(),
                finetune_files=finetune) or None
            self._quantized = True
            self._calib.close()
            self._finetune.close()
        return self._write(quant_info=True)

    def _write(self, quant_info):
        return self._model.write(self.output_dir, self.name, self.target, quant_info,
                                 self._opset or 13, False)

    def _written(self, what, suffix, output_dir):
        if self.quant_mode != "test":
            raise Error(f"{what}: test mode only (calib mode: export_quant_config)")
        if output_dir is not None:
            self.output_dir = os.fspath(output_dir)
        paths = self._write(quant_info=False)
        return next(p for p in paths if p.endswith(suffix))

    def export_xmodel(self, output_dir=None, deploy_check=False):
        """Test mode: writes <Model>_int.xmodel (with the other results).
        deploy_check dumps the last quant_model batch's inputs and the NPU's
        integer outputs into output_dir/deploy_check_data_int/."""
        path = self._written("export_xmodel", "_int.xmodel", output_dir)
        if deploy_check:
            if self._last_inputs is None:
                raise Error("export_xmodel(deploy_check=True): run quant_model first")
            folder = os.path.join(self.output_dir, "deploy_check_data_int")
            os.makedirs(folder, exist_ok=True)
            outputs = self._model.run(self._last_inputs, "integer", self.threads)
            for i, a in enumerate(self._last_inputs):
                np.save(os.path.join(folder, f"input_{i}.npy"), a)
            for i, o in enumerate(outputs):
                np.save(os.path.join(folder, f"output_{i}.npy"), o)
        return path

    def export_onnx_model(self, output_dir=None):
        """Test mode: writes the QDQ <Model>_int.onnx (with the other results)."""
        return self._written("export_onnx_model", "_int.onnx", output_dir)

    def fixes(self):
        """Every fix point, as quant_info.json names them."""
        return self._model.fixes()

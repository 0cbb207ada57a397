"""nndct: post-training quantization for AMD's AIE2 NPU, from Python.

    from nndct import torch_quantizer          # vai_q_pytorch's workflow
    from nndct import QatProcessor             # quantization-aware training
    from nndct import quantize                 # a model file + numpy samples
    from nndct.nn import QuantStub, DeQuantStub

Everything runs in nndct's C++ compiler (nndct._nndct); compiler errors
raise nndct.Error with the diagnostics (node name, source location).
"""

from ._nndct import Error
from .quantizer import QuantizeResult, quantize, torch_quantizer

__version__ = "0.1.0"


def __getattr__(name):
    # torch is only imported by what needs it.
    if name == "QatProcessor":
        from .qat import QatProcessor
        return QatProcessor
    if name == "nn":
        from . import nn
        return nn
    raise AttributeError(f"module 'nndct' has no attribute '{name}'")


__all__ = ["Error", "QatProcessor", "QuantizeResult", "quantize", "torch_quantizer"]

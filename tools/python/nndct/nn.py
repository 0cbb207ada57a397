"""Modules that mark what nndct quantizes, as `pytorch_nndct.nn` does.

QuantStub begins a quantized region, DeQuantStub ends it; between them
everything is quantized, outside it stays float (on the CPU). They compute
the identity: nndct's TorchScript frontend recognises them by class name.
Add makes a `+` a module, so QAT can put a fake-quant point on it.
"""

import torch


class QuantStub(torch.nn.Module):
    def forward(self, x):
        return x


class DeQuantStub(torch.nn.Module):
    def forward(self, x):
        return x


class Add(torch.nn.Module):
    def forward(self, a, b):
        return a + b

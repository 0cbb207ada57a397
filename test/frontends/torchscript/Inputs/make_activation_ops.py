"""Writes small TorchScript archives for the activation lit test.

Usage: make_activation_ops.py KIND OUT.pt [INPUT.npy]

elu, selu, celu, softplus, softshrink and hardshrink (torch.nn.functional),
and softplus with a non-default beta (unsupported). With INPUT.npy the script
also writes an input spanning -25..25, so softplus crosses its threshold.
Run with /usr/bin/python3 (torch 1.13).
"""
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")


class Activations(nn.Module):
    """Every supported activation on the input, concatenated."""

    def forward(self, x):
        return torch.cat([
            F.elu(x), F.elu(x, alpha=0.5), F.selu(x), F.celu(x, alpha=2.0),
            F.softplus(x), F.softshrink(x, 0.75), F.hardshrink(x, 0.25),
            F.elu(x.clone(), inplace=True)], 1)


class SoftplusBeta(nn.Module):
    def forward(self, x):
        return F.softplus(x, beta=2.0)


MODELS = {
    "activations": Activations,
    "softplus_beta": SoftplusBeta,
}
SHAPE = (2, 3, 4, 5)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind not in MODELS:
        raise SystemExit("unknown model kind " + kind)
    torch.manual_seed(0)
    model = MODELS[kind]().eval()
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.rand(SHAPE), check_trace=False)
    traced.save(out)
    if len(sys.argv) > 3:
        x = torch.rand(SHAPE) * 8 - 4
        x.view(-1)[:6] = torch.tensor([-25.0, 25.0, 20.5, 0.75, -0.25, 0.0])
        np.save(sys.argv[3], x.numpy())


if __name__ == "__main__":
    main()

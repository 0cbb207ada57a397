"""Writes a TorchScript archive for the sampling lit test.

Usage: make_sampling_ops.py OUT.pt INPUT.npy

F.interpolate(mode="bicubic") (sizes, a scale factor, align_corners) and
F.grid_sample (each mode and padding, both align_corners) on a fixed grid,
flattened and concatenated into one output (the grid reaches outside
the input). Run with /usr/bin/python3 (torch 1.13).
"""
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")
SHAPE = (2, 3, 5, 6)


class Sampling(nn.Module):
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(3)
        self.register_buffer("grid", torch.rand(2, 4, 3, 2, generator=g) * 2.4 - 1.2)

    def forward(self, x):
        outs = [
            F.interpolate(x, size=(9, 7), mode="bicubic", align_corners=False),
            F.interpolate(x, size=(4, 11), mode="bicubic", align_corners=True),
            F.interpolate(x, scale_factor=1.5, mode="bicubic", align_corners=False),
        ]
        for mode in ("bilinear", "nearest", "bicubic"):
            for pad in ("zeros", "border", "reflection"):
                for align in (False, True):
                    outs.append(F.grid_sample(x, self.grid, mode=mode, padding_mode=pad,
                                              align_corners=align))
        return torch.cat([o.flatten(1) for o in outs], 1)


def main():
    out, inp = sys.argv[1], sys.argv[2]
    torch.manual_seed(0)
    model = Sampling().eval()
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.rand(SHAPE), check_trace=False)
    traced.save(out)
    np.save(inp, (torch.rand(SHAPE) * 6 - 3).numpy())


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the traced models of einsum.test: usage make_einsum_model.py NAME OUT.pt

attention: window attention written with torch.einsum (as torchvision's
MaxViT), a transposed projection, an outer product and log_softmax.
diagonal: einsum("bii->bi"), which nndct rejects.
"""
import sys

import torch


class Attention(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.qkv = torch.nn.Linear(8, 24)
        self.w = torch.nn.Parameter(torch.randn(8, 5))
        self.s = torch.nn.Parameter(torch.randn(4))

    def forward(self, x):  # x: [B, N, 8]
        b, n, _ = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, 2, 4).permute(2, 0, 3, 1, 4).unbind(0)
        a = torch.einsum("bhid,bhjd->bhij", q, k).softmax(dim=-1)
        o = torch.einsum("bhij,bhjd->bhid", a, v)
        o = o.transpose(1, 2).reshape(b, n, 8)
        p = torch.einsum("...ic,cd->...id", o, self.w)
        outer = torch.einsum("bi,j->bij", p.sum(-1), self.s)
        return torch.log_softmax(p, dim=-1).sum(-1, keepdim=True) + outer


class Diagonal(torch.nn.Module):
    def forward(self, x):
        return torch.einsum("bii->bi", x)


if __name__ == "__main__":
    name, out = sys.argv[1], sys.argv[2]
    if name == "attention":
        m, x = Attention().eval(), torch.randn(2, 6, 8)
    else:
        m, x = Diagonal().eval(), torch.randn(2, 3, 3)
    torch.jit.trace(m, x).save(out)

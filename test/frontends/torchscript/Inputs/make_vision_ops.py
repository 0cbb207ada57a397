"""Writes TorchScript archives for the issue-15 aten op family lit tests.

Usage: make_vision_ops.py KIND MODE OUT.pt [INPUT.npy]

KIND is one of the model families below, MODE `trace` (torch.jit.trace) or
`script` (torch.jit.script). With INPUT.npy the script also writes a
deterministic input of the family's shape. Every model returns a tuple of
the family's ops applied to the input, so `compare.py` checks each against
torch. Run with /usr/bin/python3 (torch 1.13).
"""
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")


class Norms(nn.Module):
    """group_norm, instance_norm (input and running statistics),
    layer_norm without affine parameters, F.normalize."""

    def __init__(self):
        super().__init__()
        self.gn = nn.GroupNorm(2, 4)
        self.gn_plain = nn.GroupNorm(4, 4, affine=False)
        self.inorm = nn.InstanceNorm2d(4)
        self.inorm_affine = nn.InstanceNorm2d(4, affine=True)
        self.inorm_running = nn.InstanceNorm2d(4, track_running_stats=True)
        self.ln_plain = nn.LayerNorm([6], elementwise_affine=False)
        self.ln = nn.LayerNorm([5, 6], eps=1e-3)
        for m in (self.gn, self.inorm_affine, self.ln):
            nn.init.uniform_(m.weight, 0.5, 1.5)
            nn.init.uniform_(m.bias, -0.5, 0.5)
        self.inorm_running.running_mean.uniform_(-0.2, 0.2)
        self.inorm_running.running_var.uniform_(0.5, 1.5)

    def forward(self, x):
        return (self.gn(x), self.gn_plain(x), self.inorm(x),
                self.inorm_affine(x), self.inorm_running(x), self.ln_plain(x),
                self.ln(x), F.normalize(x, dim=1),
                F.group_norm(x, 1, eps=1e-3))


class Volumetric(nn.Module):
    """3-D convolutions (plain, strided grouped, "same" dilated, transposed)
    and 3-D max/avg/adaptive-avg pooling."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(2, 4, 3, padding=1)
        self.conv_grouped = nn.Conv3d(2, 4, (1, 3, 3), stride=(1, 2, 2),
                                      groups=2, bias=False)
        self.conv_same = nn.Conv3d(2, 3, (2, 3, 3), padding="same",
                                   dilation=(1, 2, 1))
        self.deconv = nn.ConvTranspose3d(2, 3, 3, stride=2, padding=1,
                                         output_padding=1)
        self.deconv_grouped = nn.ConvTranspose3d(2, 4, (1, 2, 2),
                                                 stride=(1, 2, 2), groups=2)

    def forward(self, x):
        return (self.conv(x), self.conv_grouped(x), self.conv_same(x),
                self.deconv(x), self.deconv_grouped(x),
                F.max_pool3d(x, 2),
                F.max_pool3d(x, 3, stride=2, padding=1, ceil_mode=True),
                F.max_pool3d(x, (1, 3, 3), stride=1, dilation=(1, 2, 2)),
                F.avg_pool3d(x, 2),
                F.avg_pool3d(x, 3, stride=1, padding=1,
                             count_include_pad=False),
                F.avg_pool3d(x, (2, 3, 3), stride=(2, 2, 2), padding=(0, 1, 1)),
                F.adaptive_avg_pool3d(x, 1),
                F.adaptive_avg_pool3d(x, (2, 3, 3)))


class AdaptiveUneven(nn.Module):
    def forward(self, x):
        return F.adaptive_avg_pool3d(x, (3, 4, 4))


class BitwiseInt(nn.Module):
    def forward(self, x):
        return torch.argmax(x, 1) & 1


class NormP0(nn.Module):
    def forward(self, x):
        return torch.linalg.vector_norm(x, 0, dim=1)


class Reductions(nn.Module):
    """Index reductions, max/min in every form, prod, logsumexp, norms,
    cumsum, topk, sort, argsort."""

    def forward(self, x):
        mask = x > 0.5
        return (torch.argmax(x), torch.argmax(x, 1),
                torch.argmin(x, -1, keepdim=True),
                torch.argmax(x, keepdim=True),
                torch.max(x), torch.max(x, 1), torch.min(x, 2, keepdim=True),
                torch.min(x), torch.maximum(x, 0.75 - x), torch.max(x, 1 - x),
                torch.minimum(x, torch.tensor(0.5)), torch.amin(x, (1, 3)),
                torch.prod(x, 1), torch.prod(x[0, 0, 0]),
                torch.logsumexp(x, (1, 2)),
                torch.norm(x, dim=1), x.norm(p=1, dim=-1, keepdim=True),
                torch.linalg.vector_norm(x, ord=float("inf"), dim=(1, 2)),
                torch.linalg.vector_norm(x - 0.5, ord=-float("inf"), dim=3),
                torch.linalg.vector_norm(x, 3, dim=1), torch.norm(x),
                torch.cumsum(x, 2), mask.cumsum(1), torch.topk(x, 2, dim=1),
                torch.topk(x, 3, largest=False),
                torch.sort(x, dim=-1, descending=True),
                torch.sort(x, dim=1, stable=True), torch.argsort(x, 2))


class Logic(nn.Module):
    """Comparisons (tensor, number and int64 operands), logical and
    bitwise-on-bool ops, where, masked_fill, clamp_min/clamp_max,
    remainder/fmod."""

    def forward(self, x):
        y = 1.0 - x
        m1, m2 = x > 0.5, x <= y
        idx = torch.argmax(x, 1)
        return (x > 0.5, x >= y, x < 0.25, x <= 0.75, x == 0.25, x != 0.25,
                torch.eq(x, y), torch.ne(x, y), idx == 2, idx > 1,
                torch.logical_and(m1, m2), torch.logical_or(m1, m2),
                torch.logical_xor(m1, m2), torch.logical_not(m1),
                torch.logical_and(x - 0.25, m1), torch.logical_not(x - 0.25),
                ~m1, m1 & m2, m1 | m2, m1 ^ m2,
                torch.where(m1, x, 0.0), torch.where(m2, x, y),
                torch.where(m1, 1.0, y), x.masked_fill(m1, -1.0),
                x.masked_fill(m2, torch.tensor(2.0)), x.clamp_min(0.25),
                x.clamp_max(0.5), x.clamp_min(0.0), torch.clamp_min(x, y),
                torch.clamp_max(x, y), x % 0.3, x % -0.3, (x - 0.5) % 0.3,
                torch.remainder(x - 0.5, y - 0.5), torch.fmod(x - 0.5, 0.3),
                torch.fmod(x - 0.5, y - 0.5), torch.remainder(idx, 2))


class Indexing(nn.Module):
    """gather/scatter (constant and computed indices), scatter_add,
    scatter reductions, index_select, expand/expand_as, repeat, tile."""

    def __init__(self):
        super().__init__()
        self.register_buffer("idx", torch.tensor([[[2, 0, 1, 1, 0]]]).expand(
            2, 3, 4, 5).clone())
        self.register_buffer("perm", torch.tensor([2, 0, 2]))
        self.register_buffer("row", torch.tensor(1))

    def forward(self, x):
        order = torch.argsort(x, 3)
        g = torch.gather(x, 2, self.idx[:, :, :3])
        g2 = torch.gather(x, 3, order)
        s = torch.zeros(2, 3, 4, 5).scatter(3, order, x)
        s2 = x.scatter(1, self.idx[:, :2] % 3, 2.5)
        s3 = x.scatter_add(2, self.idx[:, :, :2], x * 10)
        s4 = x.scatter(3, order[..., :2], x + 1, reduce="multiply")
        s5 = x.scatter_reduce(1, self.idx[:, :2] % 3, x[:, :2], "amax")
        sel = torch.index_select(x, 1, self.perm)
        sel2 = x.index_select(3, self.row)
        e = x[:, :1].expand(2, 3, 4, 5)
        e2 = x[:, :, :1, :].expand_as(x)
        e3 = x[0, 0].expand(2, -1, -1)
        r = x.repeat(1, 2, 1, 2)
        r2 = x[0].repeat(2, 1, 1, 1)
        t = torch.tile(x, (2, 1))
        return g, g2, s, s2, s3, s4, s5, sel, sel2, e, e2, e3, r, r2, t


class Unary(nn.Module):
    """neg, reciprocal, sign, abs, trig and hyperbolic functions, exp/log/
    sqrt/rsqrt/erf, floor/ceil/round, pow."""

    def forward(self, x):
        a = x.abs()
        return (-x, torch.neg(x), torch.reciprocal(x + 2.0), torch.sign(x),
                torch.abs(x), torch.sin(x), torch.cos(x), torch.tan(x),
                torch.asin(x), torch.acos(x), torch.atan(x), torch.sinh(x),
                torch.cosh(x), torch.asinh(x), torch.acosh(a + 1.0),
                torch.atanh(x), torch.exp(x), torch.log(a + 0.1),
                torch.sqrt(a), torch.rsqrt(a + 0.1), torch.erf(x),
                torch.floor(x * 4), torch.ceil(x * 4), torch.round(x * 4),
                x ** 2, torch.pow(a, 0.5), torch.pow(a + 0.5, x),
                torch.sign(torch.argmax(x, 1) - 1))


MODELS = {
    "norms": (Norms, (2, 4, 5, 6)),
    "volumetric": (Volumetric, (1, 2, 4, 6, 6)),
    "adaptive_uneven": (AdaptiveUneven, (1, 2, 4, 6, 6)),
    "reductions": (Reductions, (2, 3, 4, 5)),
    "logic": (Logic, (2, 3, 4, 5)),
    "indexing": (Indexing, (2, 3, 4, 5)),
    "unary": (Unary, (2, 3, 4, 5)),
    "bitwise_int": (BitwiseInt, (2, 3, 4, 5)),
    "norm_p0": (NormP0, (2, 3, 4, 5)),
}


def sample(kind, shape):
    rng = np.random.RandomState(1)
    x = rng.rand(*shape).astype(np.float32)
    if kind == "logic":
        # Exact ties for eq/ne and x == 1 - x.
        x.reshape(-1)[:4] = [0.25, 0.5, 0.75, 0.25]
    if kind == "unary":
        x = x * 1.8 - 0.9
        x.reshape(-1)[:4] = [0.0, 0.125, -0.375, 0.625]
    return x


def main():
    kind, mode, out = sys.argv[1], sys.argv[2], sys.argv[3]
    if kind not in MODELS or mode not in ("trace", "script"):
        raise SystemExit(f"unknown model kind {kind} or mode {mode}")
    cls, shape = MODELS[kind]
    torch.manual_seed(0)
    model = cls().eval()
    x = torch.from_numpy(sample(kind, shape))
    with torch.no_grad():
        if mode == "trace":
            saved = torch.jit.trace(model, x, check_trace=False)
        else:
            saved = torch.jit.script(model)
    saved.save(out)
    if len(sys.argv) > 4:
        np.save(sys.argv[4], x.numpy())


if __name__ == "__main__":
    main()

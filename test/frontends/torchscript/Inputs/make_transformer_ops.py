"""Writes small TorchScript archives for the transformer-op lit tests.

Usage: make_transformer_ops.py KIND OUT.pt [INPUT.npy]

The ops vision transformers trace to: nn.MultiheadAttention's inference
fast path (aten::_native_multi_head_attention, taken under no_grad in
eval mode), roll (Swin's shifted windows), dropout with p = 0 in training
mode (Swin's attention), masks built in place on x.new_zeros (Swin), and
1-D convolutions. Every model is seeded; with INPUT.npy the script also
writes a random input of the model's shape for `nndct run`.
Run with /usr/bin/python3 (torch 1.13).
"""
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")

E, HEADS = 16, 4


class SelfAttention(nn.Module):
    """nn.MultiheadAttention as ViT calls it (self-attention, batch first)."""

    def __init__(self, need_weights=False, average=True, mask=False):
        super().__init__()
        self.attn = nn.MultiheadAttention(E, HEADS, batch_first=True)
        self.need_weights, self.average, self.mask = need_weights, average, mask

    def forward(self, x):
        pad = None
        if self.mask:
            pad = torch.zeros(x.shape[0], x.shape[1], dtype=torch.bool)
            pad[:, -1] = True
        out, w = self.attn(x, x, x, need_weights=self.need_weights,
                           average_attn_weights=self.average,
                           key_padding_mask=pad)
        if w is None:
            return out
        # One output holding both results, so one comparison checks both.
        return torch.cat([out.flatten(1), w.flatten(1)], 1)


class CrossAttention(nn.Module):
    """The fused op on distinct query, key and value tensors (libtorch's CPU
    kernel needs them to have one shape)."""

    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(E, HEADS, batch_first=True)

    def forward(self, x):
        kv = x * 2.0
        a = self.attn
        out, _ = torch._native_multi_head_attention(
            x, kv, kv + 1.0, E, HEADS, a.in_proj_weight, a.in_proj_bias,
            a.out_proj.weight, a.out_proj.bias, None, False)
        return out


class Roll(nn.Module):
    def forward(self, x):
        a = torch.roll(x, shifts=(1, -2), dims=(2, 3))
        b = torch.roll(x, shifts=7, dims=-1)  # more than the size
        c = torch.roll(x, shifts=5)  # flattened
        d = torch.roll(x, shifts=(0, 3), dims=(1, 1))  # the same dim twice
        return torch.cat([a, b, c, d], 1)


class DropoutTrain(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        return F.dropout(x * 2.0, p=self.p, training=True) + 1.0


class ShiftedWindowMask(nn.Module):
    """Swin's attention mask: a constant built in place through views."""

    def forward(self, x):
        h, w = x.shape[-2], x.shape[-1]
        mask = x.new_zeros((h, w))
        count = 0
        for hs in ((0, -2), (-2, -1), (-1, None)):
            for ws in ((0, -2), (-2, None)):
                mask[hs[0]:hs[1], ws[0]:ws[1]] = count
                count += 1
        mask = mask.masked_fill(mask != 0, -100.0).masked_fill(mask == 0, 0.0)
        return x + mask


class Conv1D(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv1d(4, 8, 3, stride=2, padding=1)
        self.b = nn.Conv1d(8, 8, 3, padding="same", dilation=2, groups=2)
        self.c = nn.ConvTranspose1d(8, 4, 4, stride=2, padding=1,
                                    output_padding=1, bias=False)

    def forward(self, x):
        return self.c(F.relu(self.b(self.a(x))))


class PoisonedUnpack(nn.Module):
    """An unsupported op whose result is chunked and unpacked: only the op
    itself is reported."""

    def forward(self, x):
        a, b = torch.flip(x, [1]).chunk(2, 1)
        return a + b


MODELS = {
    "mha": (lambda: SelfAttention(), (2, 5, E)),
    "mha_weights": (lambda: SelfAttention(need_weights=True), (2, 5, E)),
    "mha_head_weights": (lambda: SelfAttention(need_weights=True, average=False), (2, 5, E)),
    "mha_mask": (lambda: SelfAttention(mask=True), (2, 5, E)),
    "mha_cross": (CrossAttention, (2, 5, E)),
    "roll": (Roll, (1, 3, 5, 6)),
    "dropout_p0": (lambda: DropoutTrain(0.0), (1, 3, 4, 4)),
    "dropout_p05": (lambda: DropoutTrain(0.5), (1, 3, 4, 4)),
    "window_mask": (ShiftedWindowMask, (1, 2, 6, 5)),
    "conv1d": (Conv1D, (1, 4, 20)),
    "poisoned_unpack": (PoisonedUnpack, (1, 4, 3, 3)),
}


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind not in MODELS:
        raise SystemExit("unknown model kind " + kind)
    torch.manual_seed(0)
    make, shape = MODELS[kind]
    model = make().eval()
    x = torch.rand(shape)
    with torch.no_grad():
        traced = torch.jit.trace(model, x, check_trace=False)
    traced.save(out)
    if len(sys.argv) > 3:
        np.save(sys.argv[3], torch.rand(shape).numpy())


if __name__ == "__main__":
    main()

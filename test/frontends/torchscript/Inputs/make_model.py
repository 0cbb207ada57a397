"""Writes small TorchScript archives for the --import-torchscript lit tests.

Usage: make_model.py KIND OUT.pt

Every model is seeded and built in eval mode, so the archives (and the
imported IR) are deterministic. Run with /usr/bin/python3 (torch 1.13).
"""
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.ao.quantization import DeQuantStub, QuantStub

warnings.filterwarnings("ignore")


class TwoRegions(nn.Module):
    """Two QuantStub/DeQuantStub pairs around two conv blocks, a float op
    (softmax) between them and a float head after the second one."""

    def __init__(self):
        super().__init__()
        self.quant1 = QuantStub()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.dequant1 = DeQuantStub()
        self.quant2 = QuantStub()
        self.conv2 = nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8)
        self.dequant2 = DeQuantStub()
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        x = self.quant1(x)
        x = self.relu1(self.conv1(x))
        x = self.dequant1(x)
        x = torch.softmax(x, dim=1)
        x = self.quant2(x)
        x = self.conv2(x)
        x = self.dequant2(x)
        return self.fc(x.mean([2, 3]))


class Block(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=2, dilation=2, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, groups=cout)
        self.act = nn.Hardswish()

    def forward(self, x):
        y = self.act(self.conv2(F.relu6(self.bn1(self.conv1(x)))))
        return y + x * 0.5


class ManyOps(nn.Module):
    """The op zoo: most aten ops the importer converts."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.layer1 = nn.Sequential(Block(8, 8), Block(8, 8))
        self.up = nn.ConvTranspose2d(8, 8, 2, stride=2)
        self.prelu = nn.PReLU(8)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.stem(x)
        x = self.layer1(x)
        a, b = x.chunk(2, dim=1)
        x = torch.cat([b, F.leaky_relu(a, 0.1)], 1)
        n, c, h, w = x.size()
        x = x.view(n, 2, c // 2, h, w).transpose(1, 2).contiguous().view(n, c, h, w)
        x = self.prelu(self.up(x))
        x = F.max_pool2d(x, 2)
        x = F.avg_pool2d(x, 3, stride=1, padding=1)
        x = F.pad(x, (1, 1, 0, 0))
        x = F.interpolate(x, scale_factor=2, mode="nearest")
        x = torch.sigmoid(x) * torch.tanh(x) - F.hardsigmoid(x) / 2
        x = F.silu(x) + F.gelu(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        x = torch.cat([x, x.permute(1, 0).reshape(1, -1)], 1)
        return F.softmax(self.fc(F.dropout(x, 0.2, training=False)), -1)


class FakeQuant(nn.Module):
    """QAT-style fake quantization (scale 2^-4 int8, 2^-3 uint8)."""

    def __init__(self, scale=0.0625):
        super().__init__()
        self.scale = scale
        self.conv = nn.Conv2d(3, 4, 1)

    def forward(self, x):
        x = torch.fake_quantize_per_tensor_affine(x, self.scale, 0, -128, 127)
        x = F.relu(self.conv(x))
        return torch.fake_quantize_per_tensor_affine(x, 0.125, 0, 0, 255)


class Unsupported(nn.Module):
    """Two ops nndct does not know."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 1)

    def forward(self, x):
        x = self.conv(x)
        x = torch.lgamma(x)
        x = torch.flip(x, [3])
        return torch.relu(x)


class DataDependent(nn.Module):
    """Control flow on tensor values (only survives torch.jit.script)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 1)

    def forward(self, x):
        x = self.conv(x)
        if bool(x.sum() > 0):
            x = torch.relu(x)
        return x


class TwoInputs(nn.Module):
    def forward(self, image, scale):
        return image * scale


def torchvision_model(name):
    import torchvision

    kwargs = {}
    if name in ("googlenet", "inception_v3"):
        kwargs = {"aux_logits": False, "init_weights": False}
    return torchvision.models.get_model(name, weights=None, **kwargs)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    torch.manual_seed(0)
    shape = (1, 3, 16, 16)
    script = False
    if kind == "two_regions":
        model = TwoRegions()
    elif kind == "two_regions_script":
        model, script = TwoRegions(), True
    elif kind == "many_ops":
        model = ManyOps()
    elif kind == "fake_quant":
        model = FakeQuant()
    elif kind == "fake_quant_bad":
        model = FakeQuant(scale=0.1)
    elif kind == "unsupported":
        model = Unsupported()
    elif kind == "data_dependent":
        model, script = DataDependent(), True
    elif kind == "two_inputs":
        model = TwoInputs()
    elif kind.startswith("tv_"):
        model = torchvision_model(kind[3:])
        shape = (1, 3, 299, 299) if kind == "tv_inception_v3" else (1, 3, 224, 224)
    else:
        raise SystemExit("unknown model kind " + kind)
    model.eval()
    # Randomize BN statistics so batch_norm is not an identity.
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
    if script:
        traced = torch.jit.script(model)
    elif kind == "two_inputs":
        traced = torch.jit.trace(model, (torch.rand(shape), torch.rand(1, 3, 1, 1)))
    else:
        traced = torch.jit.trace(model, torch.rand(shape), check_trace=False)
    traced.save(out)


if __name__ == "__main__":
    main()

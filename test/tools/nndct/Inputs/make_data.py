#!/usr/bin/python3
"""Fixtures for the nndct tool tests (deterministic, small).

  subset SRC.npy DST.npy START COUNT    rows [START, START+COUNT) of an array
  pixels SRC.npy DST.npy COUNT          the first COUNT normalized images back in
                                        the 0-255 range (unnormalized input)
  images SRC.npy DIR COUNT [SIZE]       grayscale PNGs of normalized Fashion-MNIST
                                        images (undoing mean 0.2860 / std 0.3530),
                                        resized to SIZE x SIZE when given
  pb SRC.npy DST.pb                     the array as an ONNX TensorProto
  stub_model OUT.pt                     TorchScript model: QuantStub(conv, relu,
                                        pool) DeQuantStub, then float conv + linear
  corrupt SRC DST                       the first half of a file
"""
import os
import sys

import numpy as np

MEAN, STD = 0.2860, 0.3530


def main():
    cmd = sys.argv[1]
    if cmd == "subset":
        src, dst, start, count = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        np.save(dst, np.ascontiguousarray(np.load(src)[start:start + count]))
    elif cmd == "pixels":
        src, dst, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
        x = np.load(src)[:count]
        np.save(dst, np.round((x * STD + MEAN) * 255).astype(np.float32))
    elif cmd == "images":
        from PIL import Image
        src, out, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
        size = int(sys.argv[5]) if len(sys.argv) > 5 else 28
        os.makedirs(out, exist_ok=True)
        x = np.load(src)[:count]
        pixels = np.clip(np.round((x * STD + MEAN) * 255), 0, 255).astype(np.uint8)
        for i, p in enumerate(pixels):
            img = Image.fromarray(p[0], mode="L")
            if size != 28:
                img = img.resize((size, size), Image.BILINEAR)
            img.save(os.path.join(out, f"img_{i:04d}.png"))
    elif cmd == "pb":
        from onnx import numpy_helper
        t = numpy_helper.from_array(np.load(sys.argv[2]), "image")
        with open(sys.argv[3], "wb") as f:
            f.write(t.SerializeToString())
    elif cmd == "stub_model":
        import torch
        import torch.nn as nn
        torch.manual_seed(0)

        class Stub(nn.Module):
            def __init__(self):
                super().__init__()
                self.quant = torch.quantization.QuantStub()
                self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
                self.relu = nn.ReLU()
                self.pool = nn.MaxPool2d(2)
                self.dequant = torch.quantization.DeQuantStub()
                self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
                self.fc = nn.Linear(8 * 14 * 14, 10)

            def forward(self, x):
                x = self.dequant(self.pool(self.relu(self.conv1(self.quant(x)))))
                x = torch.tanh(self.conv2(x))
                return self.fc(torch.flatten(x, 1))

        m = Stub().eval()
        torch.jit.save(torch.jit.script(m), sys.argv[2])
    elif cmd == "corrupt":
        data = open(sys.argv[2], "rb").read()
        open(sys.argv[3], "wb").write(data[: len(data) // 2])
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()

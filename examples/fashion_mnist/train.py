#!/usr/bin/python3
"""Trains the bundled demo model: a small residual CNN on Fashion-MNIST.

Reads Debian's dataset-fashion-mnist, trains deterministically on CPU, and
writes next to this script:
  fmnist_cnn.onnx / fmnist_cnn.pt   the float model (ONNX opset 13, TorchScript)
  calib.npy                         200 training images, N x 1 x 28 x 28 float32
  test_images.npy, test_labels.npy  1000 test images and their int64 labels
Images are scaled to [0, 1] and normalized with mean 0.2860, std 0.3530.
"""
import gzip
import os
import sys

import numpy as np
import torch
import torch.nn as nn

DATA = "/usr/share/datasets/fashion-mnist"
OUT = os.path.dirname(os.path.abspath(__file__))
MEAN, STD = 0.2860, 0.3530


def load(kind):
    with gzip.open(f"{DATA}/{kind}-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(f"{DATA}/{kind}-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    x = (images.astype(np.float32) / 255.0 - MEAN) / STD
    return x, labels


class FashionCNN(nn.Module):
    """conv-bn-relu stem, a residual block, max pool, a wider conv, avg pool, two linear layers."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU())
        self.block = nn.Sequential(nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                                   nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16))
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.conv3 = nn.Sequential(nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU())
        self.avgpool = nn.AvgPool2d(2)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(),
                                  nn.Linear(64, 10))

    def forward(self, x):
        x = self.stem(x)
        x = self.relu(self.block(x) + x)
        x = self.avgpool(self.conv3(self.pool(x)))
        return self.head(x)


def main():
    torch.manual_seed(0)
    np.random.seed(0)
    torch.set_num_threads(2)
    xtr, ytr = load("train")
    xte, yte = load("t10k")
    model = FashionCNN()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for epoch in range(epochs):
        model.train()
        order = np.random.permutation(len(xtr))
        for i in range(0, len(order), 128):
            idx = order[i:i + 128]
            loss = nn.functional.cross_entropy(model(torch.from_numpy(xtr[idx])),
                                               torch.from_numpy(ytr[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            acc = (model(torch.from_numpy(xte[:1000])).argmax(1).numpy() == yte[:1000]).mean()
        print(f"epoch {epoch}: test top-1 on 1000 images {acc:.4f}", flush=True)

    model.eval()
    example = torch.from_numpy(xte[:1])
    torch.onnx.export(model, example, f"{OUT}/fmnist_cnn.onnx", opset_version=13,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
    torch.jit.trace(model, example).save(f"{OUT}/fmnist_cnn.pt")
    np.save(f"{OUT}/calib.npy", xtr[:200])
    np.save(f"{OUT}/test_images.npy", xte[:1000])
    np.save(f"{OUT}/test_labels.npy", yte[:1000])


if __name__ == "__main__":
    main()

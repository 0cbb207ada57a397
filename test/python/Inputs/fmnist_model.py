"""The bundled Fashion-MNIST model as a Python module (its definition is
examples/fashion_mnist/train.py's; its weights are the bundled
TorchScript archive's), and the bundled data."""

import os
import sys

import numpy as np
import torch

ROOT = os.environ.get("NNDCT_SRC", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXAMPLE = os.path.join(ROOT, "examples", "fashion_mnist")
sys.path.insert(0, EXAMPLE)
from train import FashionCNN  # noqa: E402


def pretrained():
    model = FashionCNN()
    model.load_state_dict(torch.jit.load(os.path.join(EXAMPLE, "fmnist_cnn.pt")).state_dict())
    return model.eval()


def calib_images(n=200):
    return np.load(os.path.join(EXAMPLE, "calib.npy"))[:n]


def test_set(n=1000):
    return (np.load(os.path.join(EXAMPLE, "test_images.npy"))[:n],
            np.load(os.path.join(EXAMPLE, "test_labels.npy"))[:n])

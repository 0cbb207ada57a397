"""Writes a small seeded CNN as ONNX plus calibration data, for the
end-to-end xmodel test: conv+bn+relu, depthwise conv, a residual add,
concat, global pooling and a linear classifier.

Usage: make_small_cnn.py OUT_DIR
"""
import sys

import numpy as np
import torch


class SmallCNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = torch.nn.BatchNorm2d(8)
        self.dw = torch.nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8)
        self.pw = torch.nn.Conv2d(8, 8, 1)
        self.pool = torch.nn.MaxPool2d(2)
        self.fc = torch.nn.Linear(16, 10)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        y = torch.nn.functional.relu6(self.dw(x))
        y = self.pw(y) + self.pool(x)
        y = torch.cat([y, self.pool(x)], dim=1)
        y = torch.nn.functional.adaptive_avg_pool2d(y, 1).flatten(1)
        return self.fc(y)


def main():
    torch.manual_seed(0)
    model = SmallCNN().eval()
    with torch.no_grad():
        model.bn1.running_mean.uniform_(-0.2, 0.2)
        model.bn1.running_var.uniform_(0.5, 1.5)
    x = torch.randn(1, 3, 16, 16)
    torch.onnx.export(model, x, f"{sys.argv[1]}/small_cnn.onnx", opset_version=13,
                      input_names=["image"], output_names=["logits"])
    rng = np.random.default_rng(0)
    np.save(f"{sys.argv[1]}/calib.npy", rng.standard_normal((4, 3, 16, 16)).astype(np.float32))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes the small ONNX files the ONNX-backbone tests use (Debian's python3-torch, opset 13):

    tiny.onnx          (N, 3, H, W) -> (N, 4): a 3x3 convolution, ReLU, global average pool
    tiny-11.onnx       the same network giving (N, 4, 1, 1) (pooled but not flattened)
    flat-input.onnx    (N, 12) -> (N, 4): no 4-D image input
    spatial.onnx       (N, 3, H, W) -> (N, 4, H-2, W-2): not pooled
    tiny-fixed12.onnx  tiny.onnx with its input fixed at (N, 3, 12, 12)

Run from this folder: /usr/bin/python3 make-fixtures.py
"""
import torch
from torch import nn


class Tiny(nn.Module):
    def __init__(self, flatten=True, pool=True):
        super().__init__()
        torch.manual_seed(0)
        self.conv = nn.Conv2d(3, 4, 3)
        self.flatten = flatten
        self.pool = pool

    def forward(self, x):
        y = torch.relu(self.conv(x))
        if not self.pool:
            return y
        y = torch.mean(y, dim=(2, 3), keepdim=True)
        return torch.flatten(y, 1) if self.flatten else y


class Flat(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.fc = nn.Linear(12, 4)

    def forward(self, x):
        return self.fc(x)


def export(m, x, name, spatial=False, fixed=False):
    axes = {"images": {0: "n"}, "features": {0: "n"}}
    if spatial:
        axes = {"images": {0: "n", 2: "h", 3: "w"}, "features": {0: "n", 2: "h2", 3: "w2"}}
    elif x.dim() == 4 and not fixed:
        axes["images"].update({2: "h", 3: "w"})
    torch.onnx.export(m.eval(), x, name, input_names=["images"], output_names=["features"],
                      dynamic_axes=axes, opset_version=13)


export(Tiny(), torch.zeros(1, 3, 8, 8), "tiny.onnx")
export(Tiny(flatten=False), torch.zeros(1, 3, 8, 8), "tiny-11.onnx")
export(Flat(), torch.zeros(1, 12), "flat-input.onnx")
export(Tiny(pool=False), torch.zeros(1, 3, 8, 8), "spatial.onnx", spatial=True)
export(Tiny(), torch.zeros(1, 3, 12, 12), "tiny-fixed12.onnx", fixed=True)
# the expected output of tiny.onnx for one known image, for the test's oracle
x = torch.arange(3 * 8 * 8, dtype=torch.float32).reshape(1, 3, 8, 8) / 192.0
with torch.no_grad():
    print("tiny.onnx on arange(192)/192:", Tiny()(x).numpy().tolist())

#!/usr/bin/python3
"""Writes the TorchScript fixtures the tests load (random weights, a few KB each).

Run with Debian's Python and its python3-torch (1.13 here):

    /usr/bin/python3 core/src/test/resources/torchscript/make_fixtures.py

tiny-backbone.pt  (N, 3, H, W) float images -> (N, 16) pooled features: two 3x3
                  convolutions with BatchNorm and ReLU, the second of stride 2, then
                  global average pooling, as a real backbone exported by
                  scripts/tools/export-torchvision.py would be.
tiny-unpooled.pt  the same without the pooling: (N, 16, H/2, W/2), which arcmetric
                  must refuse with the shape it gave.
"""
import os

import torch
from torch import nn


class Tiny(nn.Module):
    def __init__(self, pooled: bool):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1, bias=False),
            nn.BatchNorm2d(8),
            nn.ReLU(inplace=True),
            nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(16),
            nn.ReLU(inplace=True),
        )
        self.pooled = pooled

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        if self.pooled:
            x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return x


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    torch.manual_seed(20261201)
    for name, pooled in (("tiny-backbone.pt", True), ("tiny-unpooled.pt", False)):
        module = Tiny(pooled)
        # scripted, not traced, and saved in training mode: a traced module keeps
        # BatchNorm in the mode it was traced in
        module.train()
        torch.jit.script(module).save(os.path.join(here, name))
        print(name, tuple(module(torch.zeros(2, 3, 16, 16)).shape))


if __name__ == "__main__":
    main()

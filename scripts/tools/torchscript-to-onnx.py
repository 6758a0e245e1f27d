#!/usr/bin/python3
"""Export a TorchScript backbone (or any torchvision/timm model you build in Python) as ONNX for
arcmetric's --backbone onnx:FILE.

arcmetric runs an ONNX backbone through ONNX Runtime, always frozen, and computes its pooled
features once per image (and per augmented view). The file must map one 4-D float input
(N, C, H, W) to (N, F) or (N, F, 1, 1) features, with a dynamic batch axis.

    /usr/bin/python3 scripts/tools/torchscript-to-onnx.py mnv2-full.pt mnv2-full.onnx --size 224

From torchvision (in a Python with torchvision):

    m = torchvision.models.resnet18(weights="DEFAULT"); m.fc = torch.nn.Identity(); m.eval()
    torch.onnx.export(m, torch.zeros(1, 3, 224, 224), "resnet18.onnx", input_names=["images"],
                      output_names=["features"], dynamic_axes={"images": {0: "n"},
                      "features": {0: "n"}}, opset_version=13)
"""
import argparse

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("torchscript")
    p.add_argument("onnx")
    p.add_argument("--size", type=int, default=224, help="image side the export traces at")
    p.add_argument("--channels", type=int, default=3)
    a = p.parse_args()
    m = torch.jit.load(a.torchscript).eval()
    x = torch.zeros(1, a.channels, a.size, a.size)
    with torch.no_grad():
        torch.onnx.export(m, x, a.onnx, input_names=["images"], output_names=["features"],
                          dynamic_axes={"images": {0: "n"}, "features": {0: "n"}},
                          opset_version=13)
        f = m(x).shape
    print("wrote %s: (N, %d, %d, %d) -> %s" % (a.onnx, a.channels, a.size, a.size, tuple(f)))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Convert the MobileNetV2 inside the npm package nsfwjs 4.4.0 into a TorchScript backbone.

nsfwjs (MIT licence, (c) 2019 Infinite Red, Inc.) ships in dist/models/mobilenet_v2/ a Keras
2.2.4 MobileNetV2 (width 1.0, 224 px, 2.26 M backbone parameters) as a TF.js layers model whose
every tensor is uint8-quantised (value = q * scale + min, per tensor). Its layers up to
block_10_project_BN are marked not trainable: they keep the ImageNet weights Keras shipped.
block_11 to Conv_1 were fine-tuned by Infinite Red to classify images as drawing, hentai,
neutral, porn or sexy; this script drops that classifier (the Dense layers) and keeps the
convolutional part.

The module written maps (N, 3, H, W) images normalised with ImageNet's mean and std (arcmetric's
--input-norm imagenet) to (N, F) globally average-pooled features:

    --upto full      F = 1280, after Conv_1 (blocks 11-16 and Conv_1 fine-tuned on nsfwjs's task)
    --upto block_10  F = 96, after block_10_project_BN (ImageNet weights only)

A faithful copy needs BatchNorm eps = 1e-3, ReLU6, no expand convolution in the first block,
and Keras's asymmetric zero padding (0, 1, 0, 1) before the five stride-2 convolutions.

Usage (needs node to read the package's JavaScript, and Debian's python3-torch):

    npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz
    /usr/bin/python3 scripts/tools/convert-nsfwjs.py package mobilenetv2-nsfwjs.pt
    ./arcmetric train --backbone torchscript:mobilenetv2-nsfwjs.pt --input-norm imagenet \\
        --channels 3 --image-size 96 ...

The module is scripted (torch.jit.script), not traced, so BatchNorm follows train/eval mode.
"""
import argparse
import base64
import json
import os
import subprocess

import numpy as np
import torch
from torch import nn

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
# Sandler et al. 2018, Table 2, as Keras numbers the blocks: (expansion t, filters c, stride s)
BLOCKS = [(1, 16, 1)] + [(6, 24, 2), (6, 24, 1)] + [(6, 32, 2)] + [(6, 32, 1)] * 2 \
    + [(6, 64, 2)] + [(6, 64, 1)] * 3 + [(6, 96, 1)] * 3 + [(6, 160, 2)] + [(6, 160, 1)] * 2 \
    + [(6, 320, 1)]


def read_package(root):
    """The topology, weight manifest and weight bytes, read by node from the package's JS."""
    folder = os.path.join(root, "dist", "models", "mobilenet_v2")
    script = (
        "const m=require(process.argv[1]+'/model.min.js');"
        "const w=require(process.argv[1]+'/group1-shard1of1.min.js');"
        "process.stdout.write(JSON.stringify({manifest:m.weightsManifest,"
        "layers:m.modelTopology.model_config.config.layers.map(l=>l.name),weights:w}));"
    )
    out = subprocess.run(["node", "-e", script, os.path.abspath(folder)],
                         check=True, capture_output=True).stdout
    data = json.loads(out)
    return data["manifest"], data["layers"], base64.b64decode(data["weights"])


def dequantise(manifest, raw):
    """Every tensor as float32 numpy, by Keras name (layer/weight)."""
    tensors, offset = {}, 0
    for group in manifest:
        for w in group["weights"]:
            n = int(np.prod(w["shape"]))
            q = w.get("quantization")
            if q is None:
                v = np.frombuffer(raw, dtype=np.float32, count=n, offset=offset)
                offset += 4 * n
            else:
                assert q["dtype"] == "uint8", q
                v = np.frombuffer(raw, dtype=np.uint8, count=n, offset=offset).astype(np.float32)
                v = v * q["scale"] + q["min"]
                offset += n
            tensors[w["name"]] = v.reshape(w["shape"]).astype(np.float32)
    assert offset == len(raw), (offset, len(raw))
    return tensors


def bn(c):
    return nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)


class ConvBn(nn.Sequential):
    def __init__(self, cin, cout, kernel, stride, groups, relu, keras_pad):
        layers = []
        if keras_pad:
            layers.append(nn.ZeroPad2d((0, 1, 0, 1)))
            padding = 0
        else:
            padding = kernel // 2
        layers += [nn.Conv2d(cin, cout, kernel, stride, padding, groups=groups, bias=False), bn(cout)]
        if relu:
            layers.append(nn.ReLU6())
        super().__init__(*layers)


class InvertedResidual(nn.Module):
    def __init__(self, cin, t, cout, stride, expand: bool):
        super().__init__()
        hidden = cin * t
        layers = []
        if expand:
            layers.append(ConvBn(cin, hidden, 1, 1, 1, True, False))
        layers.append(ConvBn(hidden, hidden, 3, stride, hidden, True, stride == 2))
        layers.append(ConvBn(hidden, cout, 1, 1, 1, False, False))
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        if self.residual:
            y = y + x
        return y


class MobileNetV2Backbone(nn.Module):
    def __init__(self, upto_block):
        super().__init__()
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))
        layers = [ConvBn(3, 32, 3, 2, 1, True, True)]
        cin = 32
        for i, (t, c, s) in enumerate(BLOCKS):
            if i > upto_block:
                break
            layers.append(InvertedResidual(cin, t, c, s, expand=i > 0))
            cin = c
        if upto_block >= len(BLOCKS) - 1:
            layers.append(ConvBn(cin, 1280, 1, 1, 1, True, False))
            cin = 1280
        self.features = nn.Sequential(*layers)
        self.out_features = cin

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # arcmetric feeds (x / 255 - mean) / std; the Keras model was trained on x / 255
        x = x * self.std + self.mean
        x = self.features(x)
        return torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)


def keras_names(upto_block):
    """(conv, bn, depthwise?) Keras layer names in the order of the module's ConvBn units."""
    units = [("Conv1", "bn_Conv1", False)]
    for i in range(len(BLOCKS)):
        if i > upto_block:
            break
        p = "expanded_conv" if i == 0 else "block_%d" % i
        if i > 0:
            units.append((p + "_expand", p + "_expand_BN", False))
        units.append((p + "_depthwise", p + "_depthwise_BN", True))
        units.append((p + "_project", p + "_project_BN", False))
    if upto_block >= len(BLOCKS) - 1:
        units.append(("Conv_1", "Conv_1_bn", False))
    return units


def load(module, tensors, upto_block):
    convbns = [m for m in module.modules() if isinstance(m, ConvBn)]
    names = keras_names(upto_block)
    assert len(convbns) == len(names), (len(convbns), len(names))
    used = set()
    for unit, (conv, norm, depthwise) in zip(convbns, names):
        c = [m for m in unit if isinstance(m, nn.Conv2d)][0]
        b = [m for m in unit if isinstance(m, nn.BatchNorm2d)][0]
        key = conv + ("/depthwise_kernel" if depthwise else "/kernel")
        k = tensors[key]
        k = k.transpose(2, 3, 0, 1) if depthwise else k.transpose(3, 2, 0, 1)
        assert k.shape == tuple(c.weight.shape), (key, k.shape, tuple(c.weight.shape))
        c.weight.data = torch.from_numpy(np.ascontiguousarray(k))
        for keras, torch_name in (("gamma", "weight"), ("beta", "bias"),
                                  ("moving_mean", "running_mean"),
                                  ("moving_variance", "running_var")):
            v = torch.from_numpy(tensors[norm + "/" + keras].copy())
            getattr(b, torch_name).data = v
            used.add(norm + "/" + keras)
        used.add(key)
    return used


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("package", help="the unpacked npm package folder (package/)")
    ap.add_argument("out", help="the TorchScript file to write")
    ap.add_argument("--upto", choices=["full", "block_10"], default="full")
    args = ap.parse_args()
    manifest, layer_names, raw = read_package(args.package)
    tensors = dequantise(manifest, raw)
    upto = len(BLOCKS) - 1 if args.upto == "full" else 10
    module = MobileNetV2Backbone(upto)
    used = load(module, tensors, upto)
    dropped = sorted(set(tensors) - used)
    module.eval()
    with torch.no_grad():
        f = module(torch.zeros(1, 3, 224, 224))
    scripted = torch.jit.script(module)
    scripted.save(args.out)
    params = sum(p.numel() for p in module.parameters())
    print("wrote %s: %d parameters, output %s for a 224 px image; Keras tensors not used: %d (%s...)"
          % (args.out, params, tuple(f.shape), len(dropped), ", ".join(dropped[:4])))


if __name__ == "__main__":
    main()

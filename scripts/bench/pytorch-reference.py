#!/usr/bin/env python3
"""The speed reference: arcmetric's built-in networks written in plain PyTorch, timed from Python.

Run by hand with a PyTorch 2.x CPU build (not part of the product's build or tests), usually through
scripts/bench/compare-pytorch.sh, which runs `arcmetric bench` on the same input in the same run.
Prints one table row per (layout, precision): training step images/s (forward, backward and Adam
on one preloaded batch, an ArcFace head with s = 30, m = 0.5) and embedding images/s (eval mode,
inference_mode, the L2-normalised embedding), each the median of --repeats measurements.

  python pytorch-reference.py --backbone resnet-small --size 64 --channels 3 --batch 128

The networks follow org.arcmetric.model.Backbone and EmbeddingNetwork: DJL's residual units
(3x3 conv-BN-ReLU-3x3 conv-BN, a 1x1 conv-BN shortcut where the shape changes, add, ReLU) or
convnet-small's plain groups (conv, max-pool, BN, GELU, conv, BN, GELU), global average pooling, BatchNorm, Linear(d), BatchNorm, L2 normalisation.
"""
import argparse
import contextlib
import json
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(cin, cout, k, s, relu=True):
    layers = [nn.Conv2d(cin, cout, k, s, k // 2, bias=False), nn.BatchNorm2d(cout)]
    if relu:
        layers.append(nn.ReLU(inplace=True))
    return layers


class Basic(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(*conv_bn(cin, cout, 3, stride), *conv_bn(cout, cout, 3, 1, False))
        self.short = (nn.Identity() if cin == cout and stride == 1
                      else nn.Sequential(*conv_bn(cin, cout, 1, stride, False)))

    def forward(self, x):
        return F.relu(self.body(x) + self.short(x))


def resnet(cin, stem, stem_stride, pool, filters, units):
    layers = conv_bn(cin, stem, 3 if stem_stride == 1 else 7, stem_stride)
    if pool:
        layers.append(nn.MaxPool2d(3, 2, 1))
    c = stem
    for i, (f, n) in enumerate(zip(filters, units)):
        for u in range(n):
            layers.append(Basic(c, f, (1 if i == 0 else 2) if u == 0 else 1))
            c = f
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten()), c


def convnet(cin, widths):
    # convnet-small: a 3x3 stem of 24 filters, then per group conv, 2x2 max-pool, BN, GELU, conv,
    # BN, GELU (Backbone.convnet)
    layers = [nn.Conv2d(cin, 24, 3, 1, 1, bias=False), nn.BatchNorm2d(24), nn.GELU()]
    c = 24
    for w in widths:
        layers += [nn.Conv2d(c, w, 3, 1, 1, bias=False), nn.MaxPool2d(2), nn.BatchNorm2d(w),
                   nn.GELU(), nn.Conv2d(w, w, 3, 1, 1, bias=False), nn.BatchNorm2d(w), nn.GELU()]
        c = w
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten()), c


def backbone(name, cin):
    if name == "convnet-small":
        return convnet(cin, [64, 256, 256])
    if name == "resnet-small":
        return resnet(cin, 32, 1, False, [32, 64, 128], [2, 2, 2])
    if name == "resnet-small-s2":
        # the stride-2 stem: 3x3 stride 2, for inputs above 32 px
        net, c = resnet(cin, 32, 1, False, [32, 64, 128], [2, 2, 2])
        net[0].stride = (2, 2)
        return net, c
    raise SystemExit(f"unknown backbone {name}")


class Embedding(nn.Module):
    def __init__(self, name, cin, dim):
        super().__init__()
        self.backbone, f = backbone(name, cin)
        self.neck = nn.Sequential(nn.BatchNorm1d(f), nn.Linear(f, dim), nn.BatchNorm1d(dim))

    def forward(self, x):
        return F.normalize(self.neck(self.backbone(x).float()), dim=1)


class ArcFace(nn.Module):
    def __init__(self, dim, classes, s=30.0, m=0.5):
        super().__init__()
        self.w = nn.Parameter(torch.randn(classes, dim) * 0.01)
        self.s, self.m = s, m

    def forward(self, e, y):
        cos = F.linear(e.float(), F.normalize(self.w, dim=1)).clamp(-1, 1)
        sin = (1 - cos * cos).clamp(1e-7, 1).sqrt()
        phi = cos * math.cos(self.m) - sin * math.sin(self.m)
        phi = torch.where(cos > math.cos(math.pi - self.m), phi, cos - math.sin(math.pi - self.m) * self.m)
        onehot = F.one_hot(y, cos.shape[1]).bool()
        return F.cross_entropy(self.s * torch.where(onehot, phi, cos), y)


def measure(fn, images, repeats):
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        rates.append(images / (time.perf_counter() - t0))
    return statistics.median(rates), min(rates), max(rates)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--backbone", default="resnet-small")
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--batches", type=int, default=5)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--embed-images", type=int, default=1024)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--variants", default="fp32,cl,bf16,bf16+cl")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    bf16_cpu = torch.backends.mkldnn.is_available()
    rows = []
    for variant in a.variants.split(","):
        cl = "cl" in variant
        bf16 = "bf16" in variant
        fmt = torch.channels_last if cl else torch.contiguous_format
        model = Embedding(a.backbone, a.channels, 128).to(memory_format=fmt)
        head = ArcFace(128, 10)
        opt = torch.optim.Adam(list(model.parameters()) + list(head.parameters()), lr=1e-3)
        x = torch.randn(a.batch, a.channels, a.size, a.size).contiguous(memory_format=fmt)
        y = torch.randint(0, 10, (a.batch,))
        def cast():
            return (torch.autocast("cpu", dtype=torch.bfloat16) if bf16
                    else contextlib.nullcontext())

        def train_steps(n):
            model.train()
            for _ in range(n):
                with cast():
                    loss = head(model(x), y)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()

        xe = torch.randn(a.embed_images, a.channels, a.size, a.size).contiguous(memory_format=fmt)

        def embed():
            model.eval()
            with torch.inference_mode(), cast():
                for s in range(0, a.embed_images, a.batch):
                    model(xe[s:s + a.batch]).float().sum().item()

        train_steps(3)  # warm-up: kernels chosen, memory allocated
        embed()
        tr = measure(lambda: train_steps(a.batches), a.batches * a.batch, a.repeats)
        em = measure(embed, a.embed_images, a.repeats)
        rows.append({"variant": variant, "train": tr, "embed": em})
        print(f"{variant}: train {tr[0]:.0f} img/s, embed {em[0]:.0f} img/s", file=sys.stderr)
    if a.json:
        print(json.dumps({"torch": torch.__version__, "input": [a.channels, a.size, a.size],
                          "backbone": a.backbone, "batch": a.batch, "rows": rows}))
    else:
        print(f"PyTorch {torch.__version__}, {a.backbone}, input {a.channels}x{a.size}x{a.size}, "
              f"batch {a.batch}, {a.threads} threads")
        print("| variant | training img/s (median, min-max) | embedding img/s (median, min-max) |")
        print("|---|---|---|")
        for r in rows:
            t, e = r["train"], r["embed"]
            print(f"| {r['variant']} | {t[0]:.0f} ({t[1]:.0f}-{t[2]:.0f}) | {e[0]:.0f} ({e[1]:.0f}-{e[2]:.0f}) |")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Export a torchvision (or timm) image model as a TorchScript backbone for arcmetric.

The file written maps (N, 3, H, W) float images to (N, F) globally average-pooled features:
the model's classifier is removed, its pooling and flatten kept. It is scripted with
torch.jit.script, not traced: a module traced in eval mode keeps BatchNorm in eval mode, and
fine-tuning it then learns nothing.

    /usr/bin/python3 scripts/tools/export-torchvision.py resnet18 --weights resnet18.pth --out r18.pt
    /usr/bin/python3 scripts/tools/export-torchvision.py mobilenet_v2 --weights mnv2.pth --out mnv2.pt
    /usr/bin/python3 scripts/tools/export-torchvision.py timm:efficientnet_b0 --weights b0.pth --out b0.pt
    ./arcmetric train --backbone torchscript:r18.pt --input-norm imagenet --channels 3 \\
        --image-size 96 --freeze-backbone-epochs 1 --backbone-lr-factor 0.1 ...

--weights takes a state_dict saved with torch.save(model.state_dict(), path) (torchvision's own
.pth downloads are such files); nothing is downloaded. Without --weights the backbone has random
weights (for trying the pipeline). torchvision and timm models expect ImageNet normalisation:
train with --input-norm imagenet.

Runs with Debian's python3-torch and python3-torchvision (1.13 and 0.14 here); the files they
write load in arcmetric's PyTorch 2.7.
"""
import argparse

import torch
from torch import nn


def build(name):
    if name.startswith("timm:"):
        import timm  # optional: only for timm models

        # num_classes=0 gives timm's pooled features
        return timm.create_model(name[len("timm:"):], pretrained=False, num_classes=0)
    import torchvision

    model = getattr(torchvision.models, name)(weights=None)
    return model


def strip_classifier(model):
    """Replace the last classifier with an identity so the output is the pooled features."""
    for attr in ("fc", "classifier", "head", "heads"):
        if hasattr(model, attr) and isinstance(getattr(model, attr), nn.Module):
            setattr(model, attr, nn.Identity())
            return attr
    raise SystemExit("no fc/classifier/head attribute to remove on " + type(model).__name__)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model", help="a torchvision.models name (resnet18, mobilenet_v2, ...) or timm:NAME")
    ap.add_argument("--weights", help="a state_dict file for that model (default: random weights)")
    ap.add_argument("--out", required=True, help="the TorchScript file to write")
    ap.add_argument("--size", type=int, default=224, help="image side for the check run (default 224)")
    args = ap.parse_args()

    model = build(args.model)
    if args.weights:
        state = torch.load(args.weights, map_location="cpu")
        if isinstance(state, dict) and "state_dict" in state:
            state = state["state_dict"]
        missing, unexpected = model.load_state_dict(state, strict=False)
        # the classifier's weights are expected to be unused
        print("weights loaded; missing: %s, unused: %s" % (missing, unexpected))
    removed = strip_classifier(model) if not args.model.startswith("timm:") else "(timm)"
    model.train()
    scripted = torch.jit.script(model)
    scripted.eval()
    with torch.no_grad():
        out = scripted(torch.zeros(2, 3, args.size, args.size))
    if out.dim() != 2:
        raise SystemExit("the model gives %s, not (N, F); it cannot be a backbone" % (tuple(out.shape),))
    scripted.train()
    scripted.save(args.out)
    print("wrote %s: %s without %s, output %s for %d px images"
          % (args.out, args.model, removed, tuple(out.shape), args.size))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""An accuracy reference for issue 28's CIFAR-10 target: airbench94's recipe (Jordan 2024) written
out in plain PyTorch from the paper's description, run on the same JPEG-decoded photos and the same
2 cores as arcmetric, to tell how much of the gap to 0.94 lies in the recipe and how much in the
data (the shared CIFAR-10 is JPEG-compressed) and the CPU budget.

The network is convnet-small's layout (airbench's): a 2x2 whitening convolution of 24 filters
(frozen, initialised from the eigenvectors of the training patches' covariance, bias trained for
the first 3 epochs), three groups (64, 256, 256) of conv, 2x2 max-pool, BatchNorm, GELU, conv,
BatchNorm, GELU, a 3x3 max-pool, a bias-free linear layer scaled by 1/9. The recipe: Nesterov SGD
(momentum 0.85) on summed label-smoothed (0.2) cross-entropy, batch 1,024, decoupled weight decay,
BatchNorm biases at 64x the rate and BatchNorm weights frozen at 1, a triangular rate schedule,
Lookahead every 5 steps, identity (Dirac) start of the convolutions, alternating flips and
2-pixel reflected translations; test-time flips and 1-pixel translations (level 2).

Input: the N x 3 x 32 x 32 uint8 planes and label bytes that research/DumpCifar.java writes from an
image folder (the same javax.imageio decoding arcmetric uses).

  python research/airbench-reference.py --data /work/ref --epochs 9.9 --seed 1 [--aug ours] [--opt ours]
  python research/airbench-reference.py --data /work/ref --epochs 9.9 --seed 1 --trained 7

--trained K trains on the first K classes only (CIFAR-10's folder order: airplane ... frog for 7)
and scores arcmetric's new-classes protocol on the embedding it learnt (the max-pooled 256
features, averaged with the mirror image, L2-normalised): the trained classes enrolled with all
their training photos, each other class with --shots random training photos (--draws draws), nearest
centroid by cosine; queries all test photos; mean and sd over the draws for the new classes, the
trained ones and all (evaluate --protocol new-classes --shots 10 --repeats 5).

--aug ours replaces the augmentation by arcmetric's `standard` preset (translation of up to 4 px
padded with black, random flips, brightness and contrast in [0.8, 1.2]) to measure its share;
--opt ours the optimisation by arcmetric's SGD recipe (see --help).
Prints one JSON line (stdout): test accuracy without test-time augmentation, with flips, with
flips and translations; training seconds; images/s. Progress on stderr.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load(prefix):
    x = np.fromfile(prefix + ".x", dtype=np.uint8).reshape(-1, 3, 32, 32)
    y = np.fromfile(prefix + ".y", dtype=np.uint8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


class BN(nn.BatchNorm2d):
    def __init__(self, c):
        super().__init__(c, momentum=0.4, eps=1e-12)
        self.weight.requires_grad = False


class Conv(nn.Conv2d):
    def __init__(self, cin, cout):
        super().__init__(cin, cout, 3, padding=1, bias=False)

    def reset_parameters(self):
        super().reset_parameters()
        w = self.weight.data
        nn.init.dirac_(w[: w.size(1)])


class Group(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1, self.norm1 = Conv(cin, cout), BN(cout)
        self.conv2, self.norm2 = Conv(cout, cout), BN(cout)

    def forward(self, x):
        x = F.gelu(self.norm1(F.max_pool2d(self.conv1(x), 2)))
        return F.gelu(self.norm2(self.conv2(x)))


class Net(nn.Module):
    def __init__(self, widths=(64, 256, 256), classes=10):
        super().__init__()
        self.whiten = nn.Conv2d(3, 24, 2, padding=0, bias=True)
        groups, c = [], 24
        for w in widths:
            groups.append(Group(c, w))
            c = w
        self.groups = nn.Sequential(*groups)
        self.head = nn.Linear(c, classes, bias=False)

    def features(self, x):
        return F.adaptive_max_pool2d(self.groups(F.gelu(self.whiten(x))), 1).flatten(1)

    def forward(self, x):
        return self.head(self.features(x)) / 9


def init_whitening(conv, images, eps=5e-4):
    patches = images.unfold(2, 2, 1).unfold(3, 2, 1).transpose(1, 3).reshape(-1, 3, 2, 2).float()
    flat = patches.reshape(len(patches), -1)
    cov = (flat - flat.mean(0)).T @ (flat - flat.mean(0)) / len(flat)
    vals, vecs = torch.linalg.eigh(cov)
    vals, vecs = vals.flip(0), vecs.T.flip(0)
    w = (vecs / torch.sqrt(vals + eps)[:, None]).reshape(-1, 3, 2, 2)
    conv.weight.data[:] = torch.cat([w, -w])
    conv.weight.requires_grad = False


def augment(x, epoch, flip_bits, how, gen):
    n = len(x)
    if how == "airbench":
        # alternating flips: a random half on the first epoch, then every image flips every other epoch
        flip = flip_bits ^ bool(epoch % 2)
        x = torch.where(flip[:, None, None, None], x.flip(-1), x)
        pad = F.pad(x, (2,) * 4, mode="reflect")
        dy = torch.randint(0, 5, (n,), generator=gen)
        dx = torch.randint(0, 5, (n,), generator=gen)
    else:
        flip = torch.rand(n, generator=gen) < 0.5
        x = torch.where(flip[:, None, None, None], x.flip(-1), x)
        # arcmetric's standard preset: shift up to 4 px, black (zero before normalising) padding
        pad = F.pad(x, (4,) * 4, value=float("nan"))
        dy = torch.randint(0, 9, (n,), generator=gen)
        dx = torch.randint(0, 9, (n,), generator=gen)
    idx_y = (dy[:, None] + torch.arange(32)[None]).view(n, 1, 32, 1).expand(n, 3, 32, pad.size(3))
    rows = pad.gather(2, idx_y)
    idx_x = (dx[:, None] + torch.arange(32)[None]).view(n, 1, 1, 32).expand(n, 3, 32, 32)
    return rows.gather(3, idx_x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=float, default=9.9)
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--aug", choices=["airbench", "ours"], default="airbench")
    p.add_argument("--opt", choices=["airbench", "ours"], default="airbench",
                   help="ours: arcmetric's SGD recipe instead (batch 64, momentum 0.9, lr 0.05 on the"
                        " mean loss, L2 5e-4, 1 warm-up epoch then cosine to 1%%, no label smoothing,"
                        " no Lookahead, BatchNorm scales trained)")
    p.add_argument("--without", default="",
                   help="airbench's optimisation less some parts, comma-separated: lookahead (no"
                        " weight averaging), smoothing (no label smoothing), bias-lr (BatchNorm"
                        " biases at the rate of the rest, scales trained)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--trained", type=int, default=10,
                   help="train on the first K classes; with K < 10, score the new-classes protocol")
    p.add_argument("--shots", type=int, default=10)
    p.add_argument("--draws", type=int, default=5)
    a = p.parse_args()
    without = set(x for x in a.without.split(",") if x)
    unknown = without - {"lookahead", "smoothing", "bias-lr"}
    if unknown:
        p.error(f"--without: unknown part(s) {sorted(unknown)}")
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(a.seed)
    xtr, ytr = load(a.data + "/train")
    xte, yte = load(a.data + "/test")
    xall, yall = xtr, ytr
    if a.trained < 10:
        keep = ytr < a.trained
        xtr, ytr = xtr[keep], ytr[keep]
    mean = xtr.float().mean((0, 2, 3)).view(1, 3, 1, 1) / 255
    std = xtr.float().std((0, 2, 3)).view(1, 3, 1, 1) / 255

    def norm(u8):
        return (u8.float() / 255 - mean) / std

    if a.opt == "ours":
        a.batch = 64
    model = Net(classes=a.trained).to(memory_format=torch.channels_last)
    # 5,000 photos drawn over all classes (the dump is sorted by class; before this, the first
    # 5,000 were airplanes: BENCHMARKS.md sections 24-26 ran with that)
    init_whitening(model.whiten, norm(xtr[torch.randperm(len(xtr), generator=gen)[:5000]]))
    if a.opt == "ours" or "bias-lr" in without:
        for m in model.modules():
            if isinstance(m, BN):
                m.weight.requires_grad = True
                if a.opt == "ours":
                    m.momentum = 0.1
    steps_per_epoch = len(xtr) // a.batch
    total = math.ceil(a.epochs * steps_per_epoch)
    momentum = 0.85
    kilostep = 1024 * (1 + 1 / (1 - momentum))
    lr = 11.5 / kilostep
    wd = 0.0153 * a.batch / kilostep
    lr_bias = lr * (1 if "bias-lr" in without else 64)
    norm_biases = [q for k, q in model.named_parameters() if "norm" in k and q.requires_grad]
    others = [q for k, q in model.named_parameters() if "norm" not in k and q.requires_grad]
    opt = torch.optim.SGD(
        [dict(params=norm_biases, lr=lr_bias, weight_decay=wd / lr_bias),
         dict(params=others, lr=lr, weight_decay=wd / lr)],
        momentum=momentum, nesterov=True)
    if a.opt == "ours":
        opt = torch.optim.SGD([q for q in model.parameters() if q.requires_grad], lr=0.05,
                              momentum=0.9, weight_decay=5e-4)
    for g in opt.param_groups:
        g["base"] = g["lr"]
    whiten_steps = math.ceil(3 * steps_per_epoch)
    warm = int(total * 0.23)

    def schedule(step):
        if a.opt == "ours":
            w = steps_per_epoch
            if step < w:
                return 0.01 + 0.99 * step / w
            f = (step - w) / max(1, total - w)
            return 0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * f))
        if step < warm:
            f = step / warm
            return 0.2 * (1 - f) + f
        f = (step - warm) / (total - warm)
        return (1 - f) + 0.07 * f

    alphas = 0.95 ** 5 * (torch.arange(total + 1) / total) ** 3
    ema = {k: v.clone() for k, v in model.state_dict().items() if v.dtype.is_floating_point}

    def lookahead(decay):
        with torch.no_grad():
            for k, v in model.state_dict().items():
                if k in ema:
                    ema[k].lerp_(v, 1 - decay)
                    v.copy_(ema[k])

    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.0 if a.opt == "ours" or "smoothing" in without else 0.2, reduction="none")
    flip_bits = torch.rand(len(xtr), generator=gen) < 0.5
    step, start, seen, epoch = 0, time.time(), 0, 0
    while step < total:
        model.train()
        order = torch.randperm(len(xtr), generator=gen)
        t0 = time.time()
        for b in range(steps_per_epoch):
            if step >= total:
                break
            idx = order[b * a.batch:(b + 1) * a.batch]
            x = augment(xtr[idx].float(), epoch, flip_bits[idx], a.aug, gen)
            if a.aug == "ours":
                c = 0.8 + 0.4 * torch.rand(len(x), 1, 1, 1, generator=gen)
                br = 0.8 + 0.4 * torch.rand(len(x), 1, 1, 1, generator=gen)
                # as the Java preset: the mean of the source image, jitter on the black border too
                avg = xtr[idx].float().mean((2, 3), keepdim=True)
                x = torch.nan_to_num(x, nan=0.0)
                x = (((x - avg) * c + avg) * br).clamp(0, 255)
            x = norm(x).contiguous(memory_format=torch.channels_last)
            y = ytr[idx]
            for g in opt.param_groups:
                g["lr"] = g["base"] * schedule(step)
            model.whiten.bias.requires_grad = step < whiten_steps or a.opt == "ours"
            with torch.autocast("cpu", dtype=torch.bfloat16):
                out = model(x)
            loss = loss_fn(out.float(), y)
            loss = loss.mean() if a.opt == "ours" else loss.sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            seen += len(idx)
            if step % 5 == 0 and a.opt == "airbench" and "lookahead" not in without:
                lookahead(alphas[step].item())
        epoch += 1
        dt = time.time() - t0
        print(f"epoch {epoch}: loss {loss.item() / (1 if a.opt == 'ours' else len(idx)):.4f}, {steps_per_epoch * a.batch / dt:.0f} img/s",
              file=sys.stderr, flush=True)
    if a.opt == "airbench" and "lookahead" not in without:
        lookahead(1.0)
    train_s = time.time() - start
    model.eval()

    def logits(x):
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
            return model(x.contiguous(memory_format=torch.channels_last)).float()

    def mirror(x):
        return 0.5 * logits(x) + 0.5 * logits(x.flip(-1))

    if a.trained < 10:
        print(json.dumps(new_classes(model, norm, xall, yall, xte, yte, a, train_s, seen)))
        return
    acc = {0: 0, 1: 0, 2: 0}
    for i in range(0, len(xte), 1000):
        x, y = norm(xte[i:i + 1000].float()), yte[i:i + 1000]
        l0, l1 = logits(x), mirror(x)
        pad = F.pad(x, (1,) * 4, mode="reflect")
        l2 = 0.5 * l1 + 0.25 * (mirror(pad[:, :, 0:32, 0:32]) + mirror(pad[:, :, 2:34, 2:34]))
        for lvl, l in ((0, l0), (1, l1), (2, l2)):
            acc[lvl] += (l.argmax(1) == y).sum().item()
    print(json.dumps({
        "epochs": a.epochs, "steps": total, "batch": a.batch, "aug": a.aug, "opt": a.opt,
        "without": sorted(without),
        "seed": a.seed,
        "test_accuracy": acc[0] / len(xte), "test_accuracy_flip": acc[1] / len(xte),
        "test_accuracy_flip_translate": acc[2] / len(xte), "train_seconds": round(train_s, 1),
        "images_per_second": round(seen / train_s, 1), "threads": torch.get_num_threads(),
        "torch": torch.__version__}))


def new_classes(model, norm, xall, yall, xte, yte, a, train_s, seen):
    """arcmetric's new-classes protocol on the learnt embedding (see the module's text)."""

    def embed(u8):
        out = []
        for i in range(0, len(u8), 1000):
            x = norm(u8[i:i + 1000].float()).contiguous(memory_format=torch.channels_last)
            with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
                f = model.features(x).float() + model.features(x.flip(-1)).float()
            out.append(F.normalize(f, dim=1))
        return torch.cat(out)

    gal, q = embed(xall), embed(xte)
    base = [F.normalize(gal[yall == c].mean(0), dim=0) for c in range(a.trained)]
    gen = torch.Generator().manual_seed(a.seed)
    new_acc, trained_acc, all_acc = [], [], []
    for _ in range(a.draws):
        cents = list(base)
        for c in range(a.trained, 10):
            rows = (yall == c).nonzero().flatten()
            pick = rows[torch.randperm(len(rows), generator=gen)[:a.shots]]
            cents.append(F.normalize(gal[pick].mean(0), dim=0))
        pred = (q @ torch.stack(cents).T).argmax(1)
        hit = (pred == yte).float()
        new_acc.append(hit[yte >= a.trained].mean().item())
        trained_acc.append(hit[yte < a.trained].mean().item())
        all_acc.append(hit.mean().item())

    def ms(v):
        t = torch.tensor(v)
        return [round(t.mean().item(), 4), round(t.std().item() if len(v) > 1 else 0.0, 4)]

    return {"epochs": a.epochs, "batch": a.batch, "opt": a.opt, "aug": a.aug, "seed": a.seed,
            "trained_classes": a.trained, "shots": a.shots, "draws": a.draws,
            "new": ms(new_acc), "trained": ms(trained_acc), "all": ms(all_acc),
            "train_seconds": round(train_s, 1), "images_per_second": round(seen / train_s, 1),
            "threads": torch.get_num_threads(), "torch": torch.__version__}


if __name__ == "__main__":
    main()

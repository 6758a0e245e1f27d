#!/usr/bin/env python3
"""Which transform of a trained embedding places trained and unseen classes best, offline, on
exported plain embeddings (arcmetric embed --model M --data SPEC --features embedding --out X.npy,
for the training and the test images). Every transform is measured on the training entries of
the BASE (trained) classes only, as the product measures +zca on the training images.

New-class protocol (as evaluate --protocol new-classes, nearest centroid): gallery = every
base-class training entry plus SHOTS seeded entries of each NEW class; queries = the test entries
of base and new; trained / new / all accuracy, mean of 5 draws. Open set: gallery = the base
classes' training entries, queries = all test entries of base and new, AUROC of the best centroid
cosine (known high, new low).

Transforms: plain; cl2n (centre on μ); zca α (W = (Σ + α·tr(Σ)/d·I)^(-1/2), the product's +zca at
α = 0.01); within α (the same with the within-class covariance Σ_w); mix β (Σ_w + β·Σ_b, α = 0.01:
β = 1 is zca); concat (plain and zca 0.01, each unit length, side by side).

  research/whitening-variants.py TRAIN.npy TEST.npy BASE_CLASSES|- NEW_CLASSES SHOTS

Use it to choose on classes kept for choosing (the shapes' star5,t-shape), never the reported ones.
"""
import sys
import numpy as np


def load(npy):
    v = np.load(npy).astype(np.float64)
    labels = open(npy[:-4] + '.labels.txt').read().split('\n')[:v.shape[0]]
    return v, np.array(labels)


def unit(x):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def inv_sqrt(s, alpha):
    w, v = np.linalg.eigh(s)
    eps = alpha * np.trace(s) / len(s)
    return (v / np.sqrt(np.maximum(w, 0) + eps)) @ v.T


def auroc(pos, neg):
    s = np.concatenate([pos, neg])
    r = s.argsort(kind='stable').argsort() + 1.0
    return (r[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def centroids(g, labels, classes):
    return unit(np.stack([g[labels == c].mean(0) for c in classes]))


def main(a):
    tr, tl = load(a[0])
    te, el = load(a[1])
    new = a[3].split(',')
    shots = int(a[4])
    base_classes = sorted(set(tl) - set(new)) if a[2] == '-' else a[2].split(',')
    use = np.isin(tl, base_classes + new)
    tr, tl = tr[use], tl[use]
    use = np.isin(el, base_classes + new)
    te, el = te[use], el[use]
    base = np.isin(tl, base_classes)
    b, bl = tr[base], tl[base]
    mu = b.mean(0)
    x = b - mu
    total = x.T @ x / len(x)
    cmeans = {c: b[bl == c].mean(0) for c in base_classes}
    xw = b - np.stack([cmeans[c] for c in bl])
    within = xw.T @ xw / len(xw)
    between = total - within
    transforms = {'plain': lambda z: z, 'cl2n': lambda z: z - mu}
    for alpha in [1.0, 0.3, 0.1, 0.03, 0.01, 0.003]:
        transforms[f'zca {alpha}'] = (lambda W: lambda z: (z - mu) @ W)(inv_sqrt(total, alpha))
    for alpha in [0.1, 0.01]:
        transforms[f'within {alpha}'] = (lambda W: lambda z: (z - mu) @ W)(inv_sqrt(within, alpha))
    for beta in [0.5, 0.3, 0.2, 0.1]:
        transforms[f'mix {beta}'] = (lambda W: lambda z: (z - mu) @ W)(
            inv_sqrt(within + beta * between, 0.01))
    w01 = inv_sqrt(total, 0.01)
    transforms['concat'] = lambda z: np.hstack([unit(z), unit((z - mu) @ w01)])
    isnew = np.isin(el, new)
    print(f'{len(base_classes)} base classes, new {new}, {shots} shots; '
          f'{base.sum()} base training entries, {len(el)} queries ({isnew.sum()} new)')
    print(f'{"transform":12s} {"trained":>8s} {"new":>8s} {"all":>8s} {"AUROC":>8s}')
    for name, f in transforms.items():
        g = unit(f(tr))
        q = unit(f(te))
        res = []
        for draw in range(5):
            rng = np.random.default_rng(draw + 1)
            keep = base.copy()
            for c in new:
                keep[rng.choice(np.flatnonzero(tl == c), shots, replace=False)] = True
            cls = sorted(set(tl[keep]))
            cen = centroids(g[keep], tl[keep], cls)
            ok = np.array(cls)[np.argmax(q @ cen.T, 1)] == el
            res.append((ok[~isnew].mean(), ok[isnew].mean(), ok.mean()))
        m = np.array(res).mean(0)
        known = centroids(g[base], tl[base], base_classes)
        score = (q @ known.T).max(1)
        au = auroc(score[~isnew], score[isnew])
        print(f'{name:12s} {m[0]:8.4f} {m[1]:8.4f} {m[2]:8.4f} {au:8.4f}', flush=True)


main(sys.argv[1:])

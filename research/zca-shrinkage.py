#!/usr/bin/env python3
"""How the shrinkage ε of the +zca features (features.Whitening) changes nearest-centroid accuracy, on
exported embeddings (arcmetric embed --model M --data SPEC --out X.npy, for the training and the
test images). μ and Σ come from the training entries of the base (trained) classes only; ε is a
fraction α of Σ's mean eigenvalue; the gallery is every base-class training entry plus SHOTS
seeded entries of each new class; queries are the test entries of base ∪ new. Mean over 5 draws.
Use it on the classes kept for choosing (the shapes' star5,t-shape), never on the reported ones.

  research/zca-shrinkage.py TRAIN.npy TEST.npy BASE_CLASSES|- NEW_CLASSES SHOTS
"""
import sys
import numpy as np


def load(npy):
    v = np.load(npy).astype(np.float32)
    labels = open(npy[:-4] + '.labels.txt').read().split('\n')[:v.shape[0]]
    return v, np.array(labels)


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
    mu = tr[base].mean(0)
    x = tr[base] - mu
    w, v = np.linalg.eigh(x.T @ x / len(x))
    print(f'largest / median eigenvalue of the base classes\' covariance: {w[-1] / np.median(w):.0f}')
    for alpha in [None, 'cl2n', 1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001]:
        if alpha is None:
            f = lambda z: z
        elif alpha == 'cl2n':
            f = lambda z: z - mu
        else:
            W = v @ np.diag(1 / np.sqrt(np.maximum(w, 0) + alpha * w.mean())) @ v.T
            f = lambda z, W=W: (z - mu) @ W
        g = f(tr); g = g / np.linalg.norm(g, axis=1, keepdims=True)
        q = f(te); q = q / np.linalg.norm(q, axis=1, keepdims=True)
        res = []
        for draw in range(5):
            rng = np.random.default_rng(draw + 1)
            keep = base.copy()
            for c in new:
                keep[rng.choice(np.flatnonzero(tl == c), shots, replace=False)] = True
            cls = sorted(set(tl[keep]))
            cen = np.stack([g[keep][tl[keep] == c].mean(0) for c in cls])
            cen /= np.linalg.norm(cen, axis=1, keepdims=True)
            ok = np.array(cls)[np.argmax(q @ cen.T, 1)] == el
            isnew = np.isin(el, new)
            res.append((ok[~isnew].mean(), ok[isnew].mean(), ok.mean()))
        m = np.array(res).mean(0)
        name = 'plain' if alpha is None else alpha if alpha == 'cl2n' else f'zca α={alpha}'
        print(f'{name:14s} trained {m[0]:.4f}  new {m[1]:.4f}  all {m[2]:.4f}')


main(sys.argv[1:])

#!/usr/bin/env python3
"""Offline screen of two more unknown scores for the open-set protocol, on the taps exported for
research/open-set-layers.py (DIR/{train,test}-{embedding,pooled}.npy):

  * gauss(F): the best class log-likelihood under a Gaussian per class whose covariance is its
    own, shrunk half-way to the shared within-class one (S_c = 0.5 S_own,c + 0.5 S_w, plus
    1e-3 x the mean eigenvalue of S_w): max_c [-(x - mu_c)' S_c^-1 (x - mu_c) - log det S_c].
    Classes that spread differently (a tight class beside a loose one) are no longer judged by
    one shared shape, which the shared-covariance Mahalanobis score assumes;
  * knn10(F): the mean cosine of the 10 nearest gallery entries (Sun et al. 2022, "Out-of-
    distribution detection with deep nearest neighbors"), on F.

Each for F in embedding and pooled, beside maha(F) (the shared-covariance score of
open-set-layers.py) for reference. The shrinkage (0.5) and k (10) are fixed here, not swept.

Rule, written before any result of this script was seen: a score is chosen only if its AUROC
beats maha(embedding) (the product's `--unknown-score mahalanobis`) on both selection sets,
Fashion-MNIST (Sandal, Shirt unknown; Sneaker, Bag, Ankle boot excluded) and the shapes (star5,
t-shape unknown; trapezoid, triangle, x-shape excluded), seed 1.

  research/open-set-gaussians.py DIR UNKNOWN_CLASSES [--exclude CLASSES]
"""
import os
import sys
import numpy as np

exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'knn-rules.py')).read()
     .split('def rules')[0])


def whitener(S, eps):
    w, V = np.linalg.eigh(S + eps * np.eye(len(S)))
    return (V / np.sqrt(w)) @ V.T, np.log(w).sum()


def scores(g, gl, q, shrink=0.5):
    g = g.astype(np.float64)
    q = q.astype(np.float64)
    classes = sorted(set(gl))
    cen = [g[gl == c].mean(0) for c in classes]
    own = [np.cov((g[gl == c] - cen[i]).T, bias=True) for i, c in enumerate(classes)]
    n = [int((gl == c).sum()) for c in classes]
    Sw = sum(n[i] * own[i] for i in range(len(classes))) / sum(n)
    eps = 1e-3 * np.trace(Sw) / len(Sw)
    Pw, _ = whitener(Sw, eps)
    shared, gauss = [], []
    for i in range(len(classes)):
        shared.append((((q - cen[i]) @ Pw) ** 2).sum(1))
        Pc, logdet = whitener((1 - shrink) * own[i] + shrink * Sw, eps)
        gauss.append(-(((q - cen[i]) @ Pc) ** 2).sum(1) - logdet)
    knn = []
    for a in range(0, len(q), 1000):
        s = q[a:a + 1000] @ g.T
        knn.append(-np.partition(-s, 9, axis=1)[:, :10].mean(1))
    return {'maha': -np.min(shared, 0), 'gauss': np.max(gauss, 0), 'knn10': np.concatenate(knn)}


a = sys.argv[1:]
d, unk = a[0], a[1].split(',')
drop = a[a.index('--exclude') + 1].split(',') if '--exclude' in a else []
for tap in ('embedding', 'pooled'):
    tr, tl = load(f'{d}/train-{tap}.npy')
    te, el = load(f'{d}/test-{tap}.npy')
    base = ~np.isin(tl, drop) & ~np.isin(tl, unk)
    keep = ~np.isin(el, drop)
    known = ~np.isin(el[keep], unk)
    for name, s in scores(tr[base], tl[base], te[keep]).items():
        print(f'{name}({tap}) {auroc(s[known], s[~known]):.4f}', flush=True)

#!/usr/bin/env python3
"""Offline screen of layer-wise Mahalanobis unknown scores for the open-set protocol (Lee et al.
2018, "A simple unified framework for detecting out-of-distribution samples": a Mahalanobis score
at several depths of the network and their sum). Reads the taps exported by
`arcmetric embed --features TAP --out DIR/{train,test}-TAP.npy` for TAP in embedding, pooled,
stages; gallery = the training entries of the known classes, queries = the test entries, UNKNOWN
classes to be rejected. Prints the known-vs-unknown AUROC of

  * maha(F): minus the squared Mahalanobis distance to the nearest class mean under the shared
    within-class covariance (shrunk by 1e-3 x its mean eigenvalue), for each single feature F:
    embedding, pooled, stages (the concatenation) and each stage s1, s2, s3 of it on its own;
  * sum(F1+F2+...): the sum of single scores, each standardised by the mean and standard deviation
    it takes on the gallery's own entries (no unknown image is used to weigh them);
  * with --pixels-idx DIR (Fashion-MNIST idx files): raw pixels as one more feature (px);
  * where DIR/{train,test}-own.npy exist (`arcmetric embed` without --features: the model's own
    features, whitened as the gallery stores them): cos(own), the best centroid cosine the
    product's default `similarity` score uses, and its standardised sums with the Mahalanobis
    scores (a fusion of the classifier's cosine with the distance to the class Gaussians).

  research/open-set-layers.py DIR UNKNOWN_CLASSES [--exclude CLASSES] [--pixels-idx DIR]
                             [--stage-dims 32,64,128]
"""
import os
import sys
import numpy as np

exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'knn-rules.py')).read()
     .split('def rules')[0])


def maha(g, gl, q):
    """(score of each query, score of each gallery entry): -min_c (x - mu_c)' S_w^-1 (x - mu_c)."""
    g = g.astype(np.float64)
    q = q.astype(np.float64)
    classes = sorted(set(gl))
    cen = np.stack([g[gl == c].mean(0) for c in classes])
    X = np.concatenate([g[gl == c] - cen[i] for i, c in enumerate(classes)])
    w, V = np.linalg.eigh(X.T @ X / len(X))
    P = (V / np.sqrt(np.maximum(w, 0) + 1e-3 * w.mean())) @ V.T
    cm = cen @ P

    def score(v):
        out = []
        for a in range(0, len(v), 2000):
            m = v[a:a + 2000] @ P
            d = (m * m).sum(1)[:, None] - 2 * m @ cm.T + (cm * cm).sum(1)[None]
            out.append(-d.min(1))
        return np.concatenate(out)

    return score(q), score(g)


a = sys.argv[1:]
d, unk = a[0], a[1].split(',')
dims = [int(x) for x in (a[a.index('--stage-dims') + 1] if '--stage-dims' in a else '32,64,128').split(',')]
feats = {}
for tap in ('embedding', 'pooled', 'stages'):
    tr, tl = load(f'{d}/train-{tap}.npy')
    te, el = load(f'{d}/test-{tap}.npy')
    feats[tap] = (tr, te)
own = os.path.exists(f'{d}/train-own.npy')
if own:
    feats['own'] = (load(f'{d}/train-own.npy')[0], load(f'{d}/test-own.npy')[0])
off = np.cumsum([0] + dims)
assert off[-1] == feats['stages'][0].shape[1], f'stage dims {dims} do not add up to {feats["stages"][0].shape[1]}'
for i in range(len(dims)):
    feats[f's{i + 1}'] = tuple(x[:, off[i]:off[i + 1]] for x in feats['stages'])
if '--pixels-idx' in a:
    p = a[a.index('--pixels-idx') + 1]
    feats['px'] = (idx_pixels(p, 'train'), idx_pixels(p, 't10k'))
keep_tr = np.ones(len(tl), bool)
keep_te = np.ones(len(el), bool)
if '--exclude' in a:
    drop = a[a.index('--exclude') + 1].split(',')
    keep_tr, keep_te = ~np.isin(tl, drop), ~np.isin(el, drop)
base = keep_tr & ~np.isin(tl, unk)
known = ~np.isin(el[keep_te], unk)
print(f'{d}: gallery {base.sum()}, queries {keep_te.sum()} ({(~known).sum()} unknown)', flush=True)
z = {}
def cosine(g, gl, q):
    cen = np.stack([g[gl == c].mean(0) for c in sorted(set(gl))])
    cen /= np.linalg.norm(cen, axis=1, keepdims=True)
    return (q @ cen.T).max(1), (g @ cen.T).max(1)


for name, (tr, te) in feats.items():
    if name == 'own':
        sq, sg = cosine(tr[base], tl[base], te[keep_te])
        z['cos'] = (sq - sg.mean()) / sg.std()
        print(f'cos(own) {auroc(sq[known], sq[~known]):.4f}', flush=True)
    sq, sg = maha(tr[base], tl[base], te[keep_te])
    z[name] = (sq - sg.mean()) / sg.std()
    print(f'maha({name}) {auroc(sq[known], sq[~known]):.4f}', flush=True)
combos = [('s1', 's2', 's3'), ('s1', 's2', 's3', 'embedding'), ('s2', 's3', 'embedding'),
          ('s3', 'embedding'), ('stages', 'embedding'), ('pooled', 'embedding')]
if 'px' in z:
    combos += [('px', 'embedding'), ('px', 's1', 's2', 's3', 'embedding')]
if own:
    combos += [('cos', 'embedding'), ('cos', 'pooled'), ('cos', 'own'), ('cos', 'embedding', 'pooled')]
for c in combos:
    s = sum(z[n] for n in c)
    print(f'sum({"+".join(c)}) {auroc(s[known], s[~known]):.4f}', flush=True)

#!/usr/bin/env python3
"""Offline check of classification rules on exported embeddings (arcmetric embed --out X.npy):
nearest centroid, the similarity-weighted k-NN vote, and the local-mean rule (each class scored by
the mean similarity of its min(k, n_c) nearest entries; Mitani & Hamamoto 2006), on the new-class
protocol: gallery = every training entry of the trained classes + SHOTS seeded entries of each new
class; queries = the test entries. Prints trained / new / all per rule, mean over DRAWS draws.

  research/knn-rules.py TRAIN.npy TEST.npy NEW_CLASSES SHOTS DRAWS [--pixels-idx DIR]
                       [--trained-shots N]

Rules: centroid; knn5-vote (the plain vote); local-meanK; voteK-bB (each vote divided by n_c^B,
B = 1 being the uniform class prior of --knn-prior uniform); qmeanQ (a class scored by the mean
of its ceil(Q n_c) best cosines). --trained-shots N enrols only N seeded entries of each trained
class too (how the plain vote depends on the trained classes' size).

With --pixels-idx (a Fashion-MNIST idx folder) the same is printed for raw pixels (each image
minus its mean, L2-normalised), in the order of the idx files (arcmetric embed keeps it).
"""
import gzip, sys
import numpy as np

def load(npy):
    v = np.load(npy).astype(np.float32)
    labels = open(npy[:-4] + '.labels.txt').read().split('\n')
    labels = [l for l in labels if l != ''] if len(labels) > v.shape[0] else labels[:v.shape[0]]
    return v, np.array(labels[:v.shape[0]])

def idx_pixels(d, part):
    with gzip.open(f'{d}/{part}-images-idx3-ubyte.gz') as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).astype(np.float32).reshape(-1, 784)
    x -= x.mean(1, keepdims=True)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    return x

def auroc(pos, neg):
    """Known-vs-unknown AUROC: the chance that a known (pos) score ranks above an unknown one."""
    s = np.concatenate([pos, neg])
    r = s.argsort().argsort() + 1.0
    return (r[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))

def rules(g, gl, q, ks=(1, 3, 5, 10)):
    classes = sorted(set(gl))
    s = q @ g.T                                   # (queries, gallery) cosines
    out = {}
    cen = np.stack([g[gl == c].mean(0) for c in classes])
    cen /= np.linalg.norm(cen, axis=1, keepdims=True)
    out['centroid'] = np.array(classes)[np.argmax(q @ cen.T, 1)]
    order = np.argsort(-s, 1)
    top5 = order[:, :5]
    votes = np.zeros((q.shape[0], len(classes)), np.float32)
    ci = {c: i for i, c in enumerate(classes)}
    gi = np.array([ci[c] for c in gl])
    for j in range(5):
        np.add.at(votes, (np.arange(q.shape[0]), gi[top5[:, j]]), np.maximum(0, s[np.arange(q.shape[0]), top5[:, j]]))
    out['knn5-vote'] = np.array(classes)[np.argmax(votes, 1)]
    for k in ks:
        sc = np.zeros((q.shape[0], len(classes)), np.float32)
        for c in classes:
            sc_c = s[:, gl == c]
            kc = min(k, sc_c.shape[1])
            part = -np.partition(-sc_c, kc - 1, axis=1)[:, :kc]
            sc[:, ci[c]] = part.mean(1)
        out[f'local-mean{k}'] = np.array(classes)[np.argmax(sc, 1)]
    n = np.bincount(gi, minlength=len(classes)).astype(np.float32)
    rows = np.arange(q.shape[0])
    for k in (5, 10, 20):
        v = np.zeros((q.shape[0], len(classes)), np.float32)
        for j in range(k):
            np.add.at(v, (rows, gi[order[:, j]]), np.maximum(0, s[rows, order[:, j]]))
        for beta in (0.5, 1.0):
            out[f'vote{k}-b{beta}'] = np.array(classes)[np.argmax(v / n ** beta, 1)]
    for qq in (0.03, 0.1, 0.3):
        sc = np.zeros((q.shape[0], len(classes)), np.float32)
        for c in classes:
            sc_c = s[:, gl == c]
            kc = max(1, int(np.ceil(qq * sc_c.shape[1])))
            sc[:, ci[c]] = (-np.partition(-sc_c, kc - 1, axis=1)[:, :kc]).mean(1)
        out[f'qmean{qq}'] = np.array(classes)[np.argmax(sc, 1)]
    return out

def main():
    a = sys.argv[1:]
    tr, tl = load(a[0]); te, el = load(a[1])
    new = a[2].split(','); shots = int(a[3]); draws = int(a[4])
    trained_shots = int(a[a.index('--trained-shots') + 1]) if '--trained-shots' in a else None
    pix = None
    if '--pixels-idx' in a:
        d = a[a.index('--pixels-idx') + 1]
        pix = (idx_pixels(d, 'train'), idx_pixels(d, 't10k'))
    feats = [('model', tr, te)] + ([('pixels', pix[0], pix[1])] if pix is not None else [])
    for name, g0, q in feats:
        acc = {}
        for draw in range(draws):
            rng = np.random.default_rng(draw + 1)
            keep = ~np.isin(tl, new)
            if trained_shots is not None:
                keep[:] = False
                for c in set(tl) - set(new):
                    keep[rng.choice(np.flatnonzero(tl == c), trained_shots, replace=False)] = True
            for c in new:
                idx = np.flatnonzero(tl == c)
                keep[rng.choice(idx, shots, replace=False)] = True
            pred = rules(g0[keep], tl[keep], q)
            isnew = np.isin(el, new)
            for r, p in pred.items():
                ok = p == el
                acc.setdefault(r, []).append((ok[~isnew].mean(), ok[isnew].mean(), ok.mean()))
        for r, v in acc.items():
            m = np.array(v).mean(0)
            print(f'{name:7s} {r:12s} trained {m[0]:.4f} new {m[1]:.4f} all {m[2]:.4f}')

main()

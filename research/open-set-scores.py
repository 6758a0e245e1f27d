#!/usr/bin/env python3
"""Offline check of unknown-class scores for the open-set protocol on exported embeddings
(arcmetric embed --out X.npy): gallery = the training entries of the known classes, queries = the
test entries, UNKNOWN classes to be rejected. Prints the known-vs-unknown AUROC of the best
centroid cosine (what the product scores), the 1-NN and 10-NN cosines and the Mahalanobis
distance to the nearest class mean under the shared within-class covariance (Lee et al. 2018)
and its relative form (minus the distance to one Gaussian of all entries; Ren et al. 2021), on
the plain vectors, on them whitened as +zca does (mean and covariance of the known classes,
eps = 0.01 x mean eigenvalue) and, with --pixels-idx, on raw pixels.

  research/open-set-scores.py TRAIN.npy TEST.npy UNKNOWN_CLASSES [--exclude CLASSES] [--pixels-idx DIR]

--exclude drops those classes from gallery and queries altogether (e.g. the reported classes when
choosing on the selection ones).
"""
import numpy as np, sys
import os
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'knn-rules.py')).read().split('def rules')[0])
def knn1(g,q,k=1):
    out=[]
    for a in range(0,len(q),1000):
        s=q[a:a+1000]@g.T; out.append(-np.partition(-s,k-1,axis=1)[:,:k].mean(1))
    return np.concatenate(out)
def report(name,g,gl,q,ql,unk):
    classes=sorted(set(gl)); cen=np.stack([g[gl==c].mean(0) for c in classes]); cn=cen/np.linalg.norm(cen,axis=1,keepdims=True)
    known=~np.isin(ql,unk)
    sc={'centroid':(q@cn.T).max(1),'1nn':knn1(g,q),'10nn':knn1(g,q,10)}
    X=np.concatenate([g[gl==c]-cen[i] for i,c in enumerate(classes)]).astype(np.float64); Sw=X.T@X/len(X)
    w,V=np.linalg.eigh(Sw); P=(V/np.sqrt(w+1e-3*w.mean()))@V.T
    qm=(q.astype(np.float64))@P; cm=cen@P
    d=((qm[:,None,:]-cm[None])**2).sum(-1); sc['maha-within']=-d.min(1)
    # relative Mahalanobis (Ren et al. 2021): minus the distance to one Gaussian of all entries
    mu0=g.mean(0); X0=(g-mu0).astype(np.float64); S0=X0.T@X0/len(X0)
    w0,V0=np.linalg.eigh(S0); P0=(V0/np.sqrt(w0+1e-3*w0.mean()))@V0.T
    d0=((((q-mu0).astype(np.float64))@P0)**2).sum(-1); sc['maha-relative']=-(d.min(1)-d0)
    for k,v in sc.items(): print(f'{name:7s} {k:12s} AUROC {auroc(v[known],v[~known]):.4f}',flush=True)
a=sys.argv[1:]
tr,tl=load(a[0]); te,el=load(a[1]); unk=a[2].split(',')
if '--exclude' in a:
    drop=a[a.index('--exclude')+1].split(','); k1=~np.isin(tl,drop); k2=~np.isin(el,drop)
    tr,tl,te,el=tr[k1],tl[k1],te[k2],el[k2]
base=~np.isin(tl,unk)
mu=tr[base].mean(0); X=(tr[base]-mu).astype(np.float64); S=X.T@X/len(X); w,V=np.linalg.eigh(S); W=(V/np.sqrt(w+0.01*w.mean()))@V.T
z=lambda v:(lambda y:(y/np.linalg.norm(y,axis=1,keepdims=True)).astype(np.float32))((v-mu)@W)
report('plain',tr[base],tl[base],te,el,unk)
report('zca',z(tr[base]),tl[base],z(te),el,unk)
if '--pixels-idx' in a:
    d=a[a.index('--pixels-idx')+1]; pt=idx_pixels(d,'train'); report('pixels',pt[base],tl[base],idx_pixels(d,'t10k'),el,unk)

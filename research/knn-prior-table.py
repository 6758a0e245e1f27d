#!/usr/bin/env python3
"""Table of research/eval-knn-prior.sh's results: per data set and prior, mean ± sd over seeds of
each seed's mean over its draws (new / trained / all), with the raw-pixel baseline evaluate wrote
beside each, and the centroid rows (eval-[select-]embedding+zca.json) where present.

  research/knn-prior-table.py OUT
"""
import glob, json, os, statistics, sys

def stats(xs):
    return f'{statistics.mean(xs):.3f} ± {statistics.stdev(xs):.3f}' if len(xs) > 1 else f'{xs[0]:.3f}'

def main(out):
    rows = {}
    for d in sorted(glob.glob(os.path.join(out, '*-softmax-*'))):
        data = os.path.basename(d).split('-softmax-')[0]
        for name, rule in [('knn-uniform', 'k-NN, uniform prior (new default)'),
                           ('knn-gallery', 'k-NN, plain vote (previous)'),
                           (None, 'centroid')]:
            for part, label in [('', 'reported'), ('select-', 'select')]:
                f = os.path.join(d, f'eval-{part}{name + "-" if name else ""}embedding+zca.json')
                if not os.path.exists(f) or os.path.getsize(f) == 0:
                    continue
                j = json.load(open(f))
                for who, src in [(rule, j), ('raw pixels, ' + rule.replace(' (new default)', '').replace(' (previous)', ''), j.get('baseline'))]:
                    if not src:
                        continue
                    r = src['rows'][0]
                    key = (data, label, who)
                    rows.setdefault(key, []).append(
                        (r['accuracy_new_classes'], r['accuracy_trained_classes'], r['accuracy_all']))
    print('| data | new classes | rule | seeds | new | trained | all |')
    print('|---|---|---|---|---|---|---|')
    for (data, label, who), v in sorted(rows.items()):
        cols = [stats([x[i] for x in v]) for i in range(3)]
        print(f'| {data} | {label} | {who} | {len(v)} | ' + ' | '.join(cols) + ' |')

main(sys.argv[1])

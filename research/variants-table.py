#!/usr/bin/env python3
"""Mean ± sd over seeds of research/whitening-variants.py outputs (one file per seed), as a
Markdown table: transform, trained, new, all, open-set AUROC.

  research/variants-table.py SEED1.txt SEED2.txt ...
"""
import statistics
import sys
from collections import defaultdict

rows = defaultdict(list)
order = []
for path in sys.argv[1:]:
    for line in open(path):
        parts = line.split()
        if len(parts) < 5 or parts[0] in ('transform',) or not parts[-1][0].isdigit():
            continue
        name = ' '.join(parts[:-4])
        if name not in rows:
            order.append(name)
        rows[name].append([float(x) for x in parts[-4:]])


def cell(values):
    if len(values) == 1:
        return f'{values[0]:.3f}'
    return f'{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}'


print(f'| transform ({len(sys.argv) - 1} seeds) | trained | new | all | open-set AUROC |')
print('|---|---|---|---|---|')
for name in order:
    cols = list(zip(*rows[name]))
    print(f'| {name} | ' + ' | '.join(cell(c) for c in cols) + ' |')

#!/usr/bin/env python3
"""Prints the ablation table from research/ablate-generalise.sh results: per data set, recipe and
feature variant, mean ± sd over seeds of the per-seed means over draws (accuracy on new, trained and
all classes by nearest centroid), the raw-pixel baseline on the same gallery and queries, the
selection score (shapes: the 2 never-trained classes kept for choosing, eval-select-*; never the
reported ones) and the closed-set validation accuracy of the trained classes (val acc).
Usage: research/ablation-table.py OUT [OUT...]"""
import glob, json, os, re, statistics, sys
from collections import defaultdict

rows = defaultdict(list)
sel = defaultdict(list)
base = defaultdict(list)
seen_base = defaultdict(set)
times = defaultdict(list)
val = defaultdict(list)
for out in sys.argv[1:]:
    for d in sorted(glob.glob(os.path.join(out, "*-*-*"))):
        m = re.match(r"(fmnist-mini|fmnist-1k|fmnist|shapesv1|shapes)-(.+)-(\d+)$", os.path.basename(d))
        if not m:
            continue
        ds, recipe, seed = m.groups()
        t = os.path.join(d, "time.txt")
        if os.path.exists(t):
            times[(ds, recipe)].append(int(open(t).read().split()[1]))
        mj = os.path.join(d, "model", "model.json")
        if os.path.exists(mj):
            met = json.load(open(mj)).get("metrics", {})
            if "val_accuracy" in met:
                val[(ds, recipe)].append(met["val_accuracy"])
        for f in sorted(glob.glob(os.path.join(d, "eval-*.json"))):
            name = os.path.basename(f)[5:-5]
            try:
                j = json.load(open(f))
            except ValueError:
                continue
            if "rows" not in j:
                continue  # another protocol's result (eval-open-*, eval-closed): not this table
            r = j["rows"][-1]
            if name.startswith("select-"):
                sel[(ds, recipe, name[7:])].append(r["accuracy_new_classes"])
                continue
            rows[(ds, recipe, name)].append(
                (r["accuracy_new_classes"], r["accuracy_trained_classes"], r["accuracy_all"]))
            if j.get("baseline") and name == "embedding" and recipe not in seen_base[(ds, seed)]:
                seen_base[(ds, seed)].add(recipe)
                b = j["baseline"]["rows"][-1]
                base[ds].append((b["accuracy_new_classes"], b["accuracy_trained_classes"], b["accuracy_all"]))

def ms(v):
    if not v:
        return "not measured"
    if len(v) == 1:
        return "%.4f" % v[0]
    return "%.4f ± %.4f" % (statistics.mean(v), statistics.stdev(v))

print("| data | recipe | features | seeds | new | trained | all | select (held-out) | val acc | train s |")
print("|---|---|---|---|---|---|---|---|---|---|")
for ds in sorted({k[0] for k in rows}):
    b = base[ds]
    if b:
        # one row per trained model (the gallery draw follows the seed, not the recipe)
        print("| %s | **raw pixels** | — | %d runs | %s | %s | %s | — | — | 0 |" % (
            ds, len(b), ms([x[0] for x in b]), ms([x[1] for x in b]), ms([x[2] for x in b])))
    for key in sorted(k for k in rows if k[0] == ds):
        v = rows[key]
        print("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |" % (
            ds, key[1], key[2], len(v), ms([x[0] for x in v]), ms([x[1] for x in v]),
            ms([x[2] for x in v]), ms(sel[key]) if sel[key] else "—", ms(val[(ds, key[1])]),
            "%.0f" % statistics.mean(times[(ds, key[1])]) if times[(ds, key[1])] else "?"))

#!/usr/bin/env python3
"""Table of research/photos-pretrained.sh results: research/photos-table.py OUT"""
import glob, json, os, re, sys

out = sys.argv[1]
rows = {}
for d in sorted(glob.glob(os.path.join(out, "*-*-*"))):
    m = re.match(r"(.+)-(\d+)-(closed|new)$", os.path.basename(d))
    if not m or not os.path.exists(os.path.join(d, "eval.json")):
        continue
    recipe, seed, protocol = m.groups()
    try:
        e = json.load(open(os.path.join(d, "eval.json")))
    except ValueError:
        continue
    t = float(open(os.path.join(d, "time.txt")).read().split()[1])
    rss = int(open(os.path.join(d, "rss.txt")).read().split()[-1]) / 1e6 if os.path.exists(os.path.join(d, "rss.txt")) else float("nan")
    log = open(os.path.join(d, "train.log")).read()
    feat = re.search(r"(\d+) feature vectors in ([\d.]+) s", log)
    rows.setdefault((recipe, protocol), []).append((seed, e, t, rss, feat.group(2) if feat else "—"))

print("| recipe | protocol | seed | training s | feature pass s | peak RSS GB | accuracy | raw pixels |")
print("|---|---|---|---|---|---|---|---|")
for (recipe, protocol), runs in sorted(rows.items()):
    for seed, e, t, rss, feat in runs:
        if protocol == "closed":
            acc = "%.4f" % e["accuracy"]
            base = "%.4f" % e["baseline"]["accuracy"]
        else:
            r = e["rows"][0]
            acc = "new %.4f ± %.4f, trained %.4f, all %.4f" % (
                r["accuracy_new_classes"], r["accuracy_new_classes_sd"],
                r["accuracy_trained_classes"], r["accuracy_all"])
            b = e["baseline"]["rows"][0]
            base = "new %.4f ± %.4f, trained %.4f, all %.4f" % (
                b["accuracy_new_classes"], b["accuracy_new_classes_sd"],
                b["accuracy_trained_classes"], b["accuracy_all"])
        print("| %s | %s | %s | %.0f | %s | %.2f | %s | %s |" % (recipe, protocol, seed, t, feat, rss, acc, base))

#!/usr/bin/env python3
"""Table of research/network-per-size.sh results: training time, closed-set accuracy and the
selection classes' new-class protocol (nearest centroid, 5 shots, 5 draws), each beside raw pixels.
  research/network-per-size-table.py OUT"""
import json
import pathlib
import sys


def load(p):
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None


def row(js):
    r = js["rows"][0]
    return (f"{r['accuracy_new_classes']:.3f} ± {r['accuracy_new_classes_sd']:.3f}",
            f"{r['accuracy_trained_classes']:.3f}", f"{r['accuracy_all']:.3f}")


print("| run | train s | closed (centroid) | pixels | select new | pixels | select trained | pixels |")
print("|---|---|---|---|---|---|---|---|")
for d in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    t = (d / "time.txt").read_text().split()[1] if (d / "time.txt").exists() else "—"
    c, s = load(d / "closed.json"), load(d / "select.json")
    closed = f"{c['accuracy']:.3f}" if c else "—"
    cpx = f"{c['baseline']['accuracy']:.3f}" if c and c.get("baseline") else "—"
    sn, st, _ = row(s) if s else ("—",) * 3
    pn, pt, _ = row(s["baseline"]) if s and s.get("baseline") else ("—",) * 3
    print(f"| {d.name} | {t} | {closed} | {cpx} | {sn} | {pn} | {st} | {pt} |")

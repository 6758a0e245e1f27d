"""The table of research/default-head.sh: per data set and head, mean ± sd over the seeds found of
the selection classes' new-class accuracy (10 shots, centroid), the trained classes' accuracy, the
final validation accuracy, and the raw-pixel baseline of the same protocol.
    python3 research/default-head-table.py OUT"""
import json, os, re, statistics, sys
out = sys.argv[1]
runs = {}
for name in sorted(os.listdir(out)):
    m = re.match(r'(fmnist-mini|shapes|cifar)-(.+)-(\d+)$', name)
    f = os.path.join(out, name, 'eval.json')
    if not m or not os.path.exists(f):
        continue
    try:
        e = json.load(open(f))
        mj = json.load(open(os.path.join(out, name, 'model', 'model.json')))
    except Exception:
        continue
    row = e['rows'][0]
    base = e['baseline']['rows'][0]
    t = open(os.path.join(out, name, 'time.txt')).read().split()[1]
    runs.setdefault((m.group(1), m.group(2)), []).append(
        (int(m.group(3)), row['accuracy_new_classes'], row['accuracy_trained_classes'],
         mj['metrics'].get('val_accuracy'), base['accuracy_new_classes'],
         base['accuracy_trained_classes'], int(t)))
def ms(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return '—'
    return f'{statistics.mean(xs):.4f}' + (f' ± {statistics.stdev(xs):.4f}' if len(xs) > 1 else '')
print('| data | head | seeds | selection classes, 10 shots (new) | trained classes | val (training classes) | pixels: new / trained | training s |')
print('|---|---|---|---|---|---|---|---|')
for (d, r), v in sorted(runs.items()):
    v.sort()
    print(f'| {d} | {r} | {",".join(str(x[0]) for x in v)} | {ms([x[1] for x in v])} | {ms([x[2] for x in v])}'
          f' | {ms([x[3] for x in v])} | {ms([x[4] for x in v])} / {ms([x[5] for x in v])} | {round(statistics.mean([x[6] for x in v]))} |')

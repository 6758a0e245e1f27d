#!/usr/bin/env bash
# Benchmark: new classes without retraining on full Fashion-MNIST. For each seed: train on 7
# classes (90% of their 42,000 training images), enrol those 7 plus 10 images of each of the 3
# other classes (Sneaker, Bag, Ankle boot), evaluate the 10,000 test images, and print accuracy
# on new, old and all classes, then mean and spread over the seeds.
# Needs `apt-get install dataset-fashion-mnist`. Usage: scripts/bench/bench-new-classes.sh [EPOCHS] [SEEDS...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
epochs="${1:-5}"; shift || true
seeds=("${@:-1 2 3}"); seeds=(${seeds[@]})
mkdir -p "$here/runs"
for s in "${seeds[@]}"; do
  "$here/arcmetric" demo --data-dir /usr/share/datasets/fashion-mnist --epochs "$epochs" --seed "$s" \
    --out "$here/runs/bench-new-$s" --json > "$here/runs/bench-new-$s.json" 2> "$here/runs/bench-new-$s.log"
done
python3 - "$here/runs" "$epochs" "${seeds[@]}" <<'PY'
import json, statistics, sys
runs, epochs, seeds = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = [json.load(open(f"{runs}/bench-new-{s}.json")) for s in seeds]
print(f"| seed | new classes (3, 10-shot) | trained classes (7) | all (10) | train s |")
print("|---|---|---|---|---|")
for s, r in zip(seeds, rows):
    print(f"| {s} | {r['accuracy_new_classes']:.4f} | {r['accuracy_trained_classes']:.4f} | {r['accuracy_all']:.4f} | {r['train_seconds']:.0f} |")
def ms(k):
    v = [r[k] for r in rows]
    return f"{statistics.mean(v):.4f} ± {statistics.stdev(v) if len(v) > 1 else 0:.4f}"
print(f"| mean ± sd | {ms('accuracy_new_classes')} | {ms('accuracy_trained_classes')} | {ms('accuracy_all')} | |")
print(f"epochs {epochs}, seeds {' '.join(seeds)}")
PY

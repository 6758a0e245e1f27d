#!/usr/bin/env bash
# Benchmark: full Fashion-MNIST (60k train, 10k test). Trains, enrols the 60k training images,
# evaluates the 10k test images, and prints a table. Needs `apt-get install dataset-fashion-mnist`.
# Usage: scripts/bench/bench-fashion-mnist.sh [OUT_DIR] [extra train options...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$here/runs/bench-full}"; shift || true
epochs="${EPOCHS:-15}"
rm -rf "$out"; mkdir -p "$out"
start=$(date +%s)
"$here/arcmetric" train --data fashion-mnist:train --out "$out/model" --epochs "$epochs" "$@" 2> "$out/train.log"
trained=$(date +%s)
"$here/arcmetric" enroll --model "$out/model" --gallery "$out/gallery" --data fashion-mnist:train 2>> "$out/train.log"
enrolled=$(date +%s)
for mode in "knn --k 1" "knn --k 5" "centroid"; do
  name=$(echo "$mode" | tr -d ' -')
  "$here/arcmetric" evaluate --model "$out/model" --gallery "$out/gallery" --data fashion-mnist:test \
    --mode $mode --json > "$out/eval-$name.json" 2>> "$out/train.log"
done
done_at=$(date +%s)
python3 - "$out" "$epochs" $((trained - start)) $((enrolled - trained)) $((done_at - enrolled)) <<'PY'
import json, sys, glob, os
out, epochs, t_train, t_enrol, t_eval = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
log = [json.loads(l) for l in open(os.path.join(out, "model", "train-log.jsonl"))]
ips = sorted(r["images_per_second"] for r in log)
print(f"| epochs | train s | enrol 60k s | eval (3 modes) s | median img/s (min-max) | last val acc |")
print(f"| {epochs} | {t_train} | {t_enrol} | {t_eval} | {ips[len(ips)//2]:.0f} ({ips[0]:.0f}-{ips[-1]:.0f}) | {log[-1].get('val_accuracy', float('nan')):.4f} |")
print()
print("| mode | test accuracy | top-5 |")
for f in sorted(glob.glob(os.path.join(out, "eval-*.json"))):
    r = json.load(open(f))
    print(f"| {os.path.basename(f)[5:-5]} | {r['accuracy']:.4f} | {r['top5_accuracy']:.4f} |")
PY

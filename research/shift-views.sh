#!/usr/bin/env bash
# Query-side test-time shifts on a trained model, without training again: copies MODEL to
# OUT/shifted with model.json's features.shifts = true (each image then embedded averaged with its
# copies moved t px left, right, up and down, t = max(1, round(size / 14)); with the model's mirror,
# 10 views), and runs the same `evaluate` on both folders; the stored centre and whitening stay those
# measured on unshifted views (give --features embedding+zca to measure them again).
#   research/shift-views.sh MODEL OUT EVALUATE-OPTIONS...
# e.g. research/shift-views.sh runs/m runs/m-views --gallery-data train --data test --protocol closed --no-baseline
# Results: OUT/{plain,shifted}.json (evaluate --json) and OUT/{plain,shifted}.seconds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
model=$1 out=$2
shift 2
mkdir -p "$out"
rm -rf "$out/shifted"
cp -r "$model" "$out/shifted"
python3 - "$out/shifted/model.json" <<'PY'
import json, sys
p = sys.argv[1]
info = json.load(open(p))
info.setdefault("features", {"tap": "embedding"})["shifts"] = True
json.dump(info, open(p, "w"), indent=2)
PY
for which in plain shifted; do
  dir="$model"
  [[ $which == shifted ]] && dir="$out/shifted"
  echo "== $which ($(date -u +%H:%M:%S))" >&2
  start=$(date +%s)
  "$arc" evaluate --model "$dir" "$@" --json > "$out/$which.json" 2> "$out/$which.log"
  echo "$(( $(date +%s) - start ))" > "$out/$which.seconds"
done

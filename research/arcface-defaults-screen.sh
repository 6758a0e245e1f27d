#!/usr/bin/env bash
# Issue 29, item 1: a screen (one seed, the default recipe otherwise) of what makes ArcFace leave
# chance from scratch: its scale s from the class count (the fixed AdaCos rule s = sqrt(2)·ln(C − 1))
# and a margin warm-up, beside softmax and ArcFace's present defaults (s = 30, m = 0.5).
#   research/arcface-defaults-screen.sh OUT SEED DATASET...
# DATASET: shapes (runs/shapes/train, 20 classes, 32 px colour, 10 epochs as in section 11) or
# fmnist (the bundled Fashion-MNIST subset, data/fashion-mnist-mini: 10 classes of 300, 28 px grey, 10 epochs). Results: OUT/DATASET-VARIANT/{model,train.log,time.txt}; the
# table: the final validation accuracy from each model.json. VARIANTS="LOSS[|WARMUP[|SOFTMAX]] ..."
# replaces the variants (e.g. VARIANTS="arcface:scale=16|5 normface:scale=10 arcface|0|2"): WARMUP
# epochs of margin ramp (--margin-warmup-epochs), after SOFTMAX epochs of the softmax warm start
# (-X softmax-warmup-epochs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
out=$1 seed=$2
shift 2
for dataset in "$@"; do
  case "$dataset" in
    shapes) data="$here/runs/shapes/train"; classes=20; extra=(--image-size 32 --epochs 10) ;;
    fmnist) data="fashion-mnist:$here/data/fashion-mnist-mini:train"; classes=10; extra=(--epochs 10) ;;
    *) echo "unknown dataset $dataset" >&2; exit 2 ;;
  esac
  auto=$(python3 -c "import math; print(round(math.sqrt(2)*math.log($classes-1), 3))")
  variants=(softmax arcface "arcface:scale=$auto" "arcface:scale=$auto|2" "arcface|2")
  if [ -n "${VARIANTS:-}" ]; then
    read -r -a variants <<< "$VARIANTS"
  fi
  for variant in "${variants[@]}"; do
    IFS='|' read -r loss warm soft <<< "$variant"
    warm=${warm:-0} soft=${soft:-0}
    name="$dataset-${loss//[:=]/_}-w$warm"
    xs=()
    if [ "$soft" != 0 ]; then
      name="$name-sw$soft"
      xs=(-X "softmax-warmup-epochs=$soft")
    fi
    dir="$out/$name"
    [ -f "$dir/model/model.json" ] && continue
    rm -rf "$dir"; mkdir -p "$dir"
    echo "== $name ($(date -u +%H:%M:%S))" >&2
    start=$(date +%s)
    "$arc" train --data "$data" --out "$dir/model" --seed "$seed" --loss "$loss" \
      --margin-warmup-epochs "$warm" "${xs[@]}" "${extra[@]}" 2> "$dir/train.log" > "$dir/train.out" || true
    echo "train_seconds $(( $(date +%s) - start ))" > "$dir/time.txt"
  done
done
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
print("| run | final val accuracy | pixels (val) | training s |")
print("|---|---|---|---|")
for name in sorted(os.listdir(out)):
    f = os.path.join(out, name, "model", "model.json")
    t = open(os.path.join(out, name, "time.txt")).read().split()[1] if os.path.exists(os.path.join(out, name, "time.txt")) else "?"
    if not os.path.exists(f):
        print(f"| {name} | failed | | {t} |"); continue
    m = json.load(open(f))["metrics"]
    print(f"| {name} | {m.get('val_accuracy')} | {m.get('pixel_baseline_val_accuracy')} | {t} |")
PY

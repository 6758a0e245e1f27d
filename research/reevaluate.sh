#!/usr/bin/env bash
# Re-runs only the evaluations of research/ablate-generalise.sh on models it already trained:
#   research/reevaluate.sh OUT/DATASET-RECIPE-SEED...   (FEATURES="..." to choose the taps)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
for dir in "$@"; do
  name=$(basename "$dir"); seed=${name##*-}
  case "$name" in
    shapes-*) train="$here/runs/shapes/train" test="$here/runs/shapes/test" shots=5
      classes="arrow,circle,crescent,cross,diamond,ellipse,heart,hexagon,l-shape,lightning,pentagon,ring,semicircle,square,star4"
      select="star5,t-shape" report="trapezoid,triangle,x-shape" ;;
    *) echo "only shapes runs are re-evaluated: $name" >&2; continue ;;
  esac
  for f in ${FEATURES:-embedding embedding+cl2n pooled pooled+cl2n stages stages+cl2n}; do
    "$arc" evaluate --model "$dir/model" --gallery-data "$train" --data "$test" \
      --classes "$classes,$report" --protocol new-classes --shots "$shots" --repeats 5 \
      --seed "$seed" --features "$f" --json > "$dir/eval-$f.json" 2> "$dir/eval-$f.log"
    "$arc" evaluate --model "$dir/model" --gallery-data "$train" --data "$test" \
      --classes "$classes,$select" --protocol new-classes --shots "$shots" --repeats 5 \
      --seed "$seed" --features "$f" --json > "$dir/eval-select-$f.json" 2> "$dir/eval-select-$f.log"
  done
done

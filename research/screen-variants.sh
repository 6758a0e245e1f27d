#!/usr/bin/env bash
# A screen of training variants on held-out SELECTION classes of three kinds of data, in the
# protocol of research/default-head.sh (which it generalises from losses to any train options):
# each variant trains with the product's defaults plus its own options on the trained classes, and
# is scored on the selection classes (never trained) by the new-classes protocol (10 shots, nearest
# centroid, 5 draws), with the trained classes' accuracy and raw pixels on the same gallery and
# queries.
#
#   VARIANTS="base cs:--backbone=convnet-small std:--augment=standard" \
#     research/screen-variants.sh OUT SEED shapes|fmnist-mini|cifar...
# A variant is NAME or NAME:--OPT=VALUE[:--OPT=VALUE...] (a VALUE may hold ":");
# research/default-head-table.py reads OUT
# (its "head" column is the variant's name). SIZE (environment) trains and scores at SIZE px
# instead (the shapes' default 32, CIFAR's inferred 32): images are resized to it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
out=$1 seed=$2
shift 2
for dataset in "$@"; do
  extra=()
  case "$dataset" in
    shapes)
      [[ -d "$here/runs/shapes/train" ]] || "$arc" make-shapes --out "$here/runs/shapes"
      train="$here/runs/shapes/train" test="$here/runs/shapes/test"
      classes="arrow,circle,crescent,cross,diamond,ellipse,heart,hexagon,l-shape,lightning,pentagon,ring,semicircle,square,star4"
      select="star5,t-shape" extra=(--image-size "${SIZE:-32}" --channels 3 --epochs 10) ;;
    fmnist-mini)
      train="fashion-mnist:$here/data/fashion-mnist-mini:train"
      test="fashion-mnist:$here/data/fashion-mnist-mini:test"
      classes="T-shirt/top,Trouser,Pullover,Dress,Coat" select="Sandal,Shirt" ;;
    cifar)
      train="${CIFAR3K:-/work/data/cifar3k/train}" test="${CIFAR_TEST:-/work/data/cifar10/test}"
      classes="airplane,automobile,bird,cat,deer,dog,frog" select="horse,ship"
      [[ -n ${SIZE:-} ]] && extra=(--image-size "$SIZE") ;;
    *) echo "unknown dataset $dataset" >&2; exit 2 ;;
  esac
  for variant in ${VARIANTS:-base}; do
    name="${variant%%:*}" opts=()
    if [[ $variant == *:* ]]; then
      # options are separated by ":--", so a value may hold ":" (--loss=arcface:scale=16)
      rest="${variant#*:}"
      mapfile -t kv <<< "${rest//:--/$'\n'--}"
      for o in "${kv[@]}"; do opts+=("${o%%=*}" "${o#*=}"); done
    fi
    dir="$out/$dataset-$name-$seed"
    [ -f "$dir/eval.json" ] && continue
    rm -rf "$dir"; mkdir -p "$dir"
    echo "== $dataset $name seed $seed ($(date -u +%H:%M:%S))" >&2
    start=$(date +%s)
    "$arc" train --data "$train" --classes "$classes" --out "$dir/model" --seed "$seed" \
      "${extra[@]}" "${opts[@]}" 2> "$dir/train.log" > "$dir/train.out" || true
    echo "train_seconds $(( $(date +%s) - start ))" > "$dir/time.txt"
    [ -f "$dir/model/model.json" ] || continue
    "$arc" evaluate --model "$dir/model" --gallery-data "$train" --data "$test" \
      --classes "$classes,$select" --protocol new-classes --shots 10 --repeats 5 --seed "$seed" \
      --json > "$dir/eval.json" 2> "$dir/eval.log" || true
  done
done

#!/usr/bin/env bash
# Issue 29, item 3: the default head chosen by measurement. Each head trains with the product's
# defaults otherwise (ArcFace with its softmax warm start), on the trained classes of three kinds of
# data; it is then scored on held-out SELECTION classes (never trained, never reported elsewhere)
# by the new-classes protocol (10 shots, nearest centroid, 5 draws), with the trained classes'
# accuracy and the raw-pixel baseline on the same gallery and queries (evaluate prints it).
#
#   research/default-head.sh OUT SEED DATASET...
# DATASET: shapes       runs/shapes (make-shapes): 15 classes trained (as research/ablate-generalise.sh),
#                       star5 and t-shape select; 32 px colour, 10 epochs as in BENCHMARKS section 11
#          fmnist-mini  the bundled subset: T-shirt/top, Trouser, Pullover, Dress, Coat trained,
#                       Sandal and Shirt select; 28 px grey, default epochs
#          cifar        CIFAR (CIFAR3K: 300 training photos a class, default /work/data/cifar3k/train;
#                       test photos from CIFAR, default /work/data/cifar10/test): airplane ... frog
#                       trained, horse and ship select; 32 px colour, default epochs
# RECIPES="softmax arcface normface" (losses, with their own options: arcface:scale=16).
# Results: OUT/DATASET-RECIPE-SEED/{model,train.log,time.txt,eval.json}; research/default-head-table.py
# prints the table.
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
      select="star5,t-shape" extra=(--image-size 32 --channels 3 --epochs 10) ;;
    fmnist-mini)
      train="fashion-mnist:$here/data/fashion-mnist-mini:train"
      test="fashion-mnist:$here/data/fashion-mnist-mini:test"
      classes="T-shirt/top,Trouser,Pullover,Dress,Coat" select="Sandal,Shirt" ;;
    cifar)
      train="${CIFAR3K:-/work/data/cifar3k/train}" test="${CIFAR_TEST:-/work/data/cifar10/test}"
      classes="airplane,automobile,bird,cat,deer,dog,frog" select="horse,ship" ;;
    *) echo "unknown dataset $dataset" >&2; exit 2 ;;
  esac
  for recipe in ${RECIPES:-softmax arcface normface}; do
    dir="$out/$dataset-${recipe//[:=,]/_}-$seed"
    [ -f "$dir/eval.json" ] && continue
    rm -rf "$dir"; mkdir -p "$dir"
    echo "== $dataset $recipe seed $seed ($(date -u +%H:%M:%S))" >&2
    start=$(date +%s)
    "$arc" train --data "$train" --classes "$classes" --out "$dir/model" --seed "$seed" \
      --loss "$recipe" "${extra[@]}" 2> "$dir/train.log" > "$dir/train.out" || true
    echo "train_seconds $(( $(date +%s) - start ))" > "$dir/time.txt"
    [ -f "$dir/model/model.json" ] || continue
    "$arc" evaluate --model "$dir/model" --gallery-data "$train" --data "$test" \
      --classes "$classes,$select" --protocol new-classes --shots 10 --repeats 5 --seed "$seed" \
      --json > "$dir/eval.json" 2> "$dir/eval.log" || true
  done
done

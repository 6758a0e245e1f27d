#!/usr/bin/env bash
# Issue 27's target "the default training on a folder of 3,000 photos at the default size finishes
# in under 15 minutes": trains with only --data, --out and --seed (plus PRECISION's --precision),
# times it, and scores the test photos (closed set, nearest centroid, gallery = the training
# photos) beside raw pixels.
#   research/default-photos.sh OUT SEED DATASET...
# DATASET: cifar3k (300 CIFAR-10 training photos a class, /work/data/cifar3k/{train,test}; test =
#          the 10,000 CIFAR-10 test photos) or flowers (/work/data/flowers12, all 12 species).
# Results: OUT/DATASET-PRECISION-SEED/{model,train.log,time.txt,closed.json}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
out=$1 seed=$2
shift 2
p="${PRECISION:-auto}"
for dataset in "$@"; do
  case "$dataset" in
    cifar3k) root="${CIFAR3K:-/work/data/cifar3k}" ;;
    flowers) root="${FLOWERS:-/work/data/flowers12}" ;;
    *) echo "unknown dataset $dataset" >&2; exit 2 ;;
  esac
  dir="$out/$dataset-$p-$seed"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "== $dataset ($p) seed $seed ($(date -u +%H:%M:%S))" >&2
  start=$(date +%s)
  "$arc" train --data "$root/train" --out "$dir/model" --seed "$seed" --precision "$p" \
    2> "$dir/train.log" > "$dir/train.out"
  echo "train_seconds $(( $(date +%s) - start ))" > "$dir/time.txt"
  "$arc" evaluate --model "$dir/model" --gallery-data "$root/train" --data "$root/test" \
    --protocol closed --seed "$seed" --json > "$dir/closed.json" 2> "$dir/closed.log"
done

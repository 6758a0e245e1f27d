#!/usr/bin/env bash
# CIFAR-10's closed set with any train options, without the slow raw-pixel baseline (0.2936 on
# this gallery and queries, BENCHMARKS.md section 17): train on the 50,000 training photos, then
# the 10,000 test photos against them (nearest centroid); training time and peak RSS beside.
#
#   research/cifar10-closed.sh OUT NAME SEED [train options...]
# Results: OUT/NAME-SEED/{model,train.log,time.txt,rss.txt,eval.json}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
c="${CIFAR:-/work/data/cifar10}"
out=$1 name=$2 seed=$3
shift 3
dir="$out/$name-$seed"
rm -rf "$dir"; mkdir -p "$dir"
start=$(date +%s)
/usr/bin/time -f "peak_rss_kb %M" -o "$dir/rss.txt" "$arc" train --data "$c/train" \
  --out "$dir/model" --seed "$seed" "$@" 2> "$dir/train.log" > "$dir/train.out"
echo "train_seconds $(( $(date +%s) - start ))" > "$dir/time.txt"
"$arc" evaluate --model "$dir/model" --gallery-data "$c/train" --data "$c/test" \
  --protocol closed --seed "$seed" --no-baseline --json > "$dir/eval.json" 2> "$dir/eval.log"

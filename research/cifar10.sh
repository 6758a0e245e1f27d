#!/usr/bin/env bash
# Issue 28's CIFAR-10 benchmarks on ../shared/data/cifar10-jpg.tar.gz (50,000 training and 10,000
# test photos of 32 px, unpacked in CIFAR, default /work/data/cifar10), each scored beside raw
# pixels on the same gallery and queries, with training time and peak RSS:
#   closed  the defaults on all 10 classes; the test photos against the training photos
#   new     the defaults on 7 classes; horse, ship and truck enrolled as new with 10 shots
#           (new-classes protocol, nearest centroid, 5 draws); queries: all 10,000 test photos
#   b10     the converted MobileNetV2 cut at block 10 (TorchScript) as frozen cached features,
#           at 96 px with one view (-X feature-views=1), all 10 classes, closed set
#   b10new  the same on the 7 classes of new; horse, ship and truck new with 10 shots (no pixel
#           baseline: new's 32 px one is on the same gallery and queries)
#
#   research/cifar10.sh OUT SEED closed|new|b10|b10new...
# Results: OUT/WHAT-SEED/{model,train.log,time.txt,rss.txt,eval.json}.
# Environment: TRAIN_OPTS, more train options (e.g. "--epochs 16 --optimizer sgd --lr 0.05");
# TAG, a name for them (results in OUT/WHAT-TAG-SEED); BASELINE=no skips the raw pixels (closed's
# takes minutes: 0.2936 on this gallery and queries, BENCHMARKS.md section 17).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
models="${MODELS:-/work/models}"
c="${CIFAR:-/work/data/cifar10}"
out=$1 seed=$2
shift 2
trained="airplane,automobile,bird,cat,deer,dog,frog"
read -r -a extra <<< "${TRAIN_OPTS:-}"
for what in "$@"; do
  dir="$out/$what${TAG:+-$TAG}-$seed"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "== cifar10 $what seed $seed ($(date -u +%H:%M:%S))" >&2
  protocol=(--protocol closed) baseline=()
  case "$what" in
    closed) args=() ;;
    new) args=(--classes "$trained") ;;
    b10) args=(--backbone "torchscript:$models/mnv2-b10.pt" --image-size 96 -X feature-views=1) ;;
    b10new) args=(--classes "$trained" --backbone "torchscript:$models/mnv2-b10.pt" --image-size 96
      -X feature-views=1) ;;
    *) echo "unknown $what" >&2; exit 2 ;;
  esac
  [[ $what == new || $what == b10new ]] && protocol=(--protocol new-classes --shots 10 --repeats 5)
  # raw pixels at 96 px (27,648 values a photo against 50,000) would take hours: the 32 px
  # baseline of closed / new is on the same gallery and queries
  [[ $what == b10* || ${BASELINE:-yes} == no ]] && baseline=(--no-baseline)
  start=$(date +%s)
  /usr/bin/time -f "peak_rss_kb %M" -o "$dir/rss.txt" "$arc" train --data "$c/train" \
    --out "$dir/model" --seed "$seed" "${args[@]}" "${extra[@]}" 2> "$dir/train.log" > "$dir/train.out"
  echo "train_seconds $(( $(date +%s) - start ))" > "$dir/time.txt"
  "$arc" evaluate --model "$dir/model" --gallery-data "$c/train" --data "$c/test" \
    "${protocol[@]}" --seed "$seed" "${baseline[@]}" --json > "$dir/eval.json" 2> "$dir/eval.log"
done

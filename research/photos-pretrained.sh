#!/usr/bin/env bash
# Issue 28's Flowers benchmarks: a recipe trained on all 12 species (closed set: the test photos
# against the training photos, nearest centroid) and on 8 species with the other 4 (pansy,
# sunflower, tigerlily, windflower) enrolled as new classes with 5 shots (new-classes protocol,
# 5 draws), each scored beside raw pixels on the same gallery and queries; training time and peak
# RSS (/usr/bin/time) of each training.
#
#   research/photos-pretrained.sh OUT SEED RECIPE...
#
# RECIPE: scratch (the defaults), b10 / full (the converted nsfwjs MobileNetV2 cut at block 10 or
#         whole, TorchScript, defaults: 224 px, ImageNet normalisation, frozen, cached features),
#         b10-onnx (the same file as ONNX), b10-v1 (one view: no augmentation while frozen),
#         b10-ft (b10 frozen for the default 100 epochs, then 10 epochs fine-tuning everything
#         with the backbone at a tenth of the rate).
# MODELS: folder with mnv2-b10.pt, mnv2-full.pt, mnv2-b10.onnx (default /work/models; see README).
# Results: OUT/RECIPE-SEED-{closed,new}/{model,train.log,time.txt,eval.json}.
# Environment: TRAIN_OPTS, more train options (e.g. "--optimizer adam"); TAG, a name for them
# (results in OUT/RECIPE-TAG-SEED-PROTOCOL); PROTOCOLS, "closed new" unless set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
models="${MODELS:-/work/models}"
f="${FLOWERS:-/work/data/flowers12}"
out=$1 seed=$2
shift 2
trained="bluebell,buttercup,colts-foot,daisy,dandelion,fritillary,iris,lily-valley"
new="pansy,sunflower,tigerlily,windflower"
read -r -a extra <<< "${TRAIN_OPTS:-}"
for recipe in "$@"; do
  case "$recipe" in
    scratch) args=() ;;
    b10) args=(--backbone "torchscript:$models/mnv2-b10.pt") ;;
    full) args=(--backbone "torchscript:$models/mnv2-full.pt") ;;
    b10-onnx) args=(--backbone "onnx:$models/mnv2-b10.onnx") ;;
    b10-v1) args=(--backbone "torchscript:$models/mnv2-b10.pt" -X feature-views=1) ;;
    b10-ft) args=(--backbone "torchscript:$models/mnv2-b10.pt" --epochs 110
                  --freeze-backbone-epochs 100 --backbone-lr-factor 0.1) ;;
    *) echo "unknown recipe $recipe" >&2; exit 2 ;;
  esac
  for protocol in ${PROTOCOLS:-closed new}; do
    dir="$out/$recipe${TAG:+-$TAG}-$seed-$protocol"
    rm -rf "$dir"; mkdir -p "$dir"
    echo "== $recipe $protocol seed $seed ($(date -u +%H:%M:%S))" >&2
    classes=()
    [[ $protocol == new ]] && classes=(--classes "$trained")
    start=$(date +%s)
    /usr/bin/time -f "peak_rss_kb %M" -o "$dir/rss.txt" "$arc" train --data "$f/train" \
      "${classes[@]}" --out "$dir/model" --seed "$seed" "${args[@]}" "${extra[@]}" \
      2> "$dir/train.log" > "$dir/train.out"
    echo "train_seconds $(( $(date +%s) - start ))" > "$dir/time.txt"
    if [[ $protocol == closed ]]; then
      "$arc" evaluate --model "$dir/model" --gallery-data "$f/train" --data "$f/test" \
        --protocol closed --seed "$seed" --json > "$dir/eval.json" 2> "$dir/eval.log"
    else
      "$arc" evaluate --model "$dir/model" --gallery-data "$f/train" --data "$f/test" \
        --protocol new-classes --shots 5 --repeats 5 --seed "$seed" --json \
        > "$dir/eval.json" 2> "$dir/eval.log"
    fi
  done
done

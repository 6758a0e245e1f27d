#!/usr/bin/env bash
# Screen for issue 27 item 4 ("networks whose cost fits the image size"): trains the default recipe
# (only --backbone, --image-size and --seed given) with each NETWORK@SIZE on a data set, timing the
# training, then scores the trained classes (closed set, gallery = training images) and the
# never-trained selection classes (new-classes protocol, 5 shots), each beside raw pixels.
#
#   research/network-per-size.sh OUT DATASET SEED NETWORK@SIZE...
#
# DATASET: shapes (runs/shapes from 'arcmetric make-shapes', 15 classes trained, star5/t-shape
#          select), flowers (../shared/data/flowers12 unpacked in FLOWERS, default
#          /work/data/flowers12: 8 species trained, pansy/sunflower select).
# Results: OUT/DATASET-NETWORK-SIZE-SEED/{model,train.log,time.txt,closed.json,select.json}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
out=$1 dataset=$2 seed=$3
shift 3
case "$dataset" in
  shapes)
    [[ -d "$here/runs/shapes/train" ]] || "$arc" make-shapes --out "$here/runs/shapes"
    train="$here/runs/shapes/train" test="$here/runs/shapes/test" shots=5
    classes="arrow,circle,crescent,cross,diamond,ellipse,heart,hexagon,l-shape,lightning,pentagon,ring,semicircle,square,star4"
    select="star5,t-shape" ;;
  flowers)
    f="${FLOWERS:-/work/data/flowers12}"
    train="$f/train" test="$f/test" shots=5
    classes="bluebell,buttercup,colts-foot,daisy,dandelion,fritillary,iris,lily-valley"
    select="pansy,sunflower" ;;
  *) echo "unknown dataset $dataset" >&2; exit 2 ;;
esac
for spec in "$@"; do
  net=${spec%@*} size=${spec#*@}
  dir="$out/$dataset-$net-$size-$seed"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "== $dataset $net at $size px, seed $seed ($(date -u +%H:%M:%S))" >&2
  start=$(date +%s)
  "$arc" train --data "$train" --classes "$classes" --out "$dir/model" --backbone "$net" \
    --image-size "$size" --channels 3 --seed "$seed" 2> "$dir/train.log" > "$dir/train.out"
  echo "train_seconds $(( $(date +%s) - start ))" > "$dir/time.txt"
  "$arc" evaluate --model "$dir/model" --gallery-data "$train" --data "$test" --classes "$classes" \
    --protocol closed --seed "$seed" --json > "$dir/closed.json" 2> "$dir/closed.log"
  "$arc" evaluate --model "$dir/model" --gallery-data "$train" --data "$test" \
    --classes "$classes,$select" --protocol new-classes --shots "$shots" --repeats 5 \
    --seed "$seed" --json > "$dir/select.json" 2> "$dir/select.log"
done

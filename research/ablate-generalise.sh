#!/usr/bin/env bash
# Ablation for "Embeddings that generalise": trains each recipe on the trained classes of two kinds of
# data, then scores the new-class protocol (nearest centroid, seeded draws) for every feature variant
# of the same network, with the raw-pixel baseline beside it (evaluate prints it).
#
#   research/ablate-generalise.sh OUT DATASET SEED EPOCHS RECIPE...
#
# DATASET: fmnist-mini (bundled subset: 7 classes trained, Sneaker/Bag/Ankle boot new, 10 shots),
#          fmnist (Debian's full Fashion-MNIST, same split), fmnist-select (5 of those 7 trained,
#          Sandal and Shirt held out for choosing only), or shapes (runs/shapes from
#          'arcmetric make-shapes': 15 classes trained, 5 never trained, 5 shots, 32 px colour; 2
#          of the 5 are only for choosing recipes (eval-select-*.json), 3 are reported).
# RECIPE:  a name from the case below (mnv2-*: a pretrained TorchScript MobileNetV2 from
#          scripts/tools/convert-nsfwjs.py in runs/backbones/, or MNV2=FILE; set FEATURES to skip
#          'stages', which needs a built-in backbone). Results: OUT/DATASET-RECIPE-SEED/{model,eval-*.json,log}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# ARCMETRIC: the command to run (default ./arcmetric); a frozen copy keeps long ablations off code being edited
arc="${ARCMETRIC:-$here/arcmetric}"
out=$1 dataset=$2 seed=$3 epochs=$4
shift 4
case "$dataset" in
  fmnist-mini)
    train="fashion-mnist:$here/data/fashion-mnist-mini:train"
    test="fashion-mnist:$here/data/fashion-mnist-mini:test"
    classes="T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt" shots=10 shape=() ;;
  fmnist-1k)
    # 1,000 training images a class (scripts/tools/make-fashion-mnist-mini.py ... 1000 100), same test
    train="fashion-mnist:$here/runs/fmnist-1k:train"
    test="fashion-mnist:$here/runs/fmnist-1k:test"
    classes="T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt" shots=10 shape=() ;;
  fmnist)
    train="fashion-mnist:train" test="fashion-mnist:test"
    classes="T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt" shots=10 shape=() ;;
  fmnist-select)
    # choosing on Fashion-MNIST without its reported classes: the last two of the 7 trained
    # classes in label order (Sandal, Shirt) are held out and only choose (eval-select-*); the
    # model sees 5 classes; Sneaker, Bag and Ankle boot are not used at all
    train="fashion-mnist:train" test="fashion-mnist:test"
    classes="T-shirt/top,Trouser,Pullover,Dress,Coat" select="Sandal,Shirt" shots=10 shape=() ;;
  shapes)
    [[ -d "$here/runs/shapes/train" ]] || "$arc" make-shapes --out "$here/runs/shapes"
    train="$here/runs/shapes/train" test="$here/runs/shapes/test"
    classes="arrow,circle,crescent,cross,diamond,ellipse,heart,hexagon,l-shape,lightning,pentagon,ring,semicircle,square,star4"
    # of the 5 classes never trained on, 2 choose recipes (eval-select-*) and 3 are reported
    select="star5,t-shape" report="trapezoid,triangle,x-shape"
    shots=5 shape=(--image-size 32 --channels 3) ;;
  *) echo "unknown dataset $dataset" >&2; exit 2 ;;
esac
# pretrained TorchScript backbones (scripts/tools/convert-nsfwjs.py), fed at PRE_SIZE px in colour
mnv2="${MNV2:-$here/runs/backbones/mnv2-full.pt}"
mnv2b10="${MNV2B10:-$here/runs/backbones/mnv2-b10.pt}"
pre_shape=(--image-size "${PRE_SIZE:-96}" --channels 3 --input-norm imagenet)
for recipe in "$@"; do
  in_shape=("${shape[@]}")
  case "$recipe" in
    mnv2-ft) opts=(--backbone "torchscript:$mnv2" --freeze-backbone-epochs 1 --backbone-lr-factor 0.1)
      in_shape=("${pre_shape[@]}") ;;
    mnv2-ft-lr1) opts=(--backbone "torchscript:$mnv2" --freeze-backbone-epochs 1)
      in_shape=("${pre_shape[@]}") ;;
    mnv2-frozen) opts=(--backbone "torchscript:$mnv2" --freeze-backbone-epochs "$epochs")
      in_shape=("${pre_shape[@]}") ;;
    mnv2b10-ft) opts=(--backbone "torchscript:$mnv2b10" --freeze-backbone-epochs 1 --backbone-lr-factor 0.1)
      in_shape=("${pre_shape[@]}") ;;
    mnv2b10-frozen) opts=(--backbone "torchscript:$mnv2b10" --freeze-backbone-epochs "$epochs")
      in_shape=("${pre_shape[@]}") ;;
    arcface) opts=(--loss arcface) ;;                                  # the previous default
    arcface-warm) opts=(--loss arcface --margin-warmup-epochs 2) ;;
    cosface) opts=(--loss cosface) ;;
    cosface-m0) opts=(--loss cosface --margin 0) ;;
    cosface-neg) opts=(--loss cosface --margin -0.02) ;;
    cosface-neg-s10) opts=(--loss cosface --margin -0.02 --scale 10) ;;
    normface-s10) opts=(--loss normface --scale 10) ;;
    normface-s16) opts=(--loss normface --scale 16) ;;
    adacos) opts=(--loss adacos) ;;
    softmax) opts=(--loss softmax) ;;
    supcon) opts=(--loss supcon) ;;                                   # tau 0.1, K 4
    supcon-k8) opts=(--loss supcon --images-per-class 8) ;;
    supcon-t02) opts=(--loss supcon --temperature 0.2) ;;
    arcface-rot) opts=(--loss arcface --rotation-labels --no-rotation-class-term) ;;
    arcface-rotc) opts=(--loss arcface --rotation-labels --rotation-class-term) ;;
    normface-s10-rot) opts=(--loss normface --scale 10 --rotation-labels --no-rotation-class-term) ;;
    normface-s10-rotc) opts=(--loss normface --scale 10 --rotation-labels --rotation-class-term) ;;
    softmax-rot) opts=(--loss softmax --rotation-labels --no-rotation-class-term) ;;
    softmax-rotc) opts=(--loss softmax --rotation-labels --rotation-class-term) ;;
    softmax-roth) opts=(--loss softmax --rotation-head-weight 1) ;;        # a separate rotation head
    softmax-roth05) opts=(--loss softmax --rotation-head-weight 0.5) ;;
    softmax-roth2) opts=(--loss softmax --rotation-head-weight 2) ;;
    arcface-std) opts=(--loss arcface --augment standard) ;;
    softmax-std) opts=(--loss softmax --augment standard) ;;
    softmax-rot-std) opts=(--loss softmax --rotation-labels --augment standard) ;;
    normface-s10-std) opts=(--loss normface --scale 10 --augment standard) ;;
    normface-s10-rotc-std) opts=(--loss normface --scale 10 --rotation-labels --augment standard) ;;
    *) echo "unknown recipe $recipe" >&2; exit 2 ;;
  esac
  dir="$out/$dataset-$recipe-$seed"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "== $dataset $recipe seed $seed ($(date -u +%H:%M:%S))" >&2
  start=$(date +%s)
  "$arc" train --data "$train" --classes "$classes" --out "$dir/model" \
    --epochs "$epochs" --batch-size 64 --seed "$seed" "${in_shape[@]}" "${opts[@]}" \
    2> "$dir/train.log" > "$dir/train.out"
  echo "train_seconds $(( $(date +%s) - start ))" > "$dir/time.txt"
  for f in ${FEATURES:-embedding embedding+cl2n embedding+zca pooled pooled+cl2n stages stages+cl2n}; do
    only=()
    [[ -n "${report:-}" ]] && only=(--classes "$classes,$report")
    "$arc" evaluate --model "$dir/model" --gallery-data "$train" --data "$test" "${only[@]}" \
      --protocol new-classes --shots "$shots" --repeats 5 --seed "$seed" --features "$f" --json \
      > "$dir/eval-$f.json" 2> "$dir/eval-$f.log"
    if [[ -n "${select:-}" ]]; then
      "$arc" evaluate --model "$dir/model" --gallery-data "$train" --data "$test" \
        --classes "$classes,$select" --protocol new-classes --shots "$shots" --repeats 5 \
        --seed "$seed" --features "$f" --json > "$dir/eval-select-$f.json" 2> "$dir/eval-select-$f.log"
    fi
  done
done

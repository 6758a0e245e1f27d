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
# each recipe is a variant of research/screen-variants.sh, named as before (":=," become "_")
variants=()
for recipe in ${RECIPES:-softmax arcface normface}; do
  variants+=("${recipe//[:=,]/_}:--loss=$recipe")
done
VARIANTS="${variants[*]}" exec "$here/research/screen-variants.sh" "$@"

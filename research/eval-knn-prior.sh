#!/usr/bin/env bash
# k-NN under the uniform class prior against the plain vote (--knn-prior uniform|gallery), through
# 'arcmetric evaluate --protocol new-classes --mode knn' with the default features (embedding+zca),
# on models trained by research/ablate-generalise.sh (OUT/shapes-softmax-SEED,
# OUT/fmnist-softmax-SEED). Writes eval-[select-]knn-PRIOR-embedding+zca.json beside each model;
# summarise with research/knn-prior-table.py OUT.
#
#   research/eval-knn-prior.sh OUT SEED...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
out=$1
shift
F=embedding+zca
SH=arrow,circle,crescent,cross,diamond,ellipse,heart,hexagon,l-shape,lightning,pentagon,ring,semicircle,square,star4
ev() { # dir train test shots seed classes out prior
  "$arc" evaluate --model "$1/model" --gallery-data "$2" --data "$3" ${6:+--classes "$6"} \
    --protocol new-classes --shots "$4" --repeats 5 --seed "$5" --features $F --mode knn \
    --knn-prior "$8" --json > "$1/$7" 2> "$1/$7.log"
  echo "$1 $7 rc=$? $(date -u +%H:%M:%S)" >&2
}
for s in "$@"; do
  d="$out/shapes-softmax-$s"
  [[ -d "$d/model" ]] || continue
  for p in uniform gallery; do
    ev "$d" "$here/runs/shapes/train" "$here/runs/shapes/test" 5 "$s" "$SH,trapezoid,triangle,x-shape" "eval-knn-$p-$F.json" $p
    ev "$d" "$here/runs/shapes/train" "$here/runs/shapes/test" 5 "$s" "$SH,star5,t-shape" "eval-select-knn-$p-$F.json" $p
  done
done
for s in "$@"; do
  d="$out/fmnist-softmax-$s"
  [[ -d "$d/model" ]] || continue
  for p in uniform gallery; do
    ev "$d" fashion-mnist:train fashion-mnist:test 10 "$s" "" "eval-knn-$p-$F.json" $p
  done
done

#!/usr/bin/env bash
# Evaluation protocols on full Fashion-MNIST for one trained model (issue 4): the few-shot
# new-class protocol (k = 1, 5, 10, five draws each), the open-set protocol, and the time to
# write the HTML report. Usage: scripts/bench/bench-evaluation.sh MODEL_DIR GALLERY_DIR OUT_DIR
# MODEL_DIR must have been trained with held-out classes (compare-losses or demo models are).
set -euo pipefail
cd "$(dirname "$0")/../.."
model=$1 gallery=$2 out=$3
mkdir -p "$out"
data=fashion-mnist:/usr/share/datasets/fashion-mnist
t() { local s=$(date +%s.%N); "$@"; echo "seconds: $(echo "$(date +%s.%N) - $s" | bc)" >&2; }
t ./arcmetric evaluate --model "$model" --gallery-data $data:train --data $data:test \
  --protocol new-classes --shots 1,5,10 --repeats 5 --json > "$out/new-classes.json"
t ./arcmetric evaluate --model "$model" --gallery-data $data:train --data $data:test \
  --protocol open-set --json > "$out/open-set.json"
t ./arcmetric report --model "$model" --gallery "$gallery" --data $data:test --out "$out/report"

#!/usr/bin/env bash
# Calibrated "unknown" on full Fashion-MNIST (issue 5): enrol the model's trained classes from the
# training split, calibrate on one half of the test split (the other classes' images are the
# impostors to reject), and check the thresholds on the other half for several targets.
# Usage: scripts/bench/bench-calibration.sh MODEL_DIR OUT_DIR
# MODEL_DIR must have been trained with held-out classes (compare-losses models are).
set -euo pipefail
cd "$(dirname "$0")/../.."
model=$1 out=$2
mkdir -p "$out"
data=fashion-mnist:/usr/share/datasets/fashion-mnist
classes=$(python3 -c "import json,sys; print(','.join(json.load(open('$model/model.json'))['classes']))")
if [ ! -d "$out/gallery" ]; then
  ./arcmetric enroll --model "$model" --gallery "$out/gallery" --data $data:train --classes "$classes"
fi
for target in 0.01 0.05 best-f1; do
  if [ "$target" = best-f1 ]; then how=--best-f1; else how="--target-far $target"; fi
  ./arcmetric gallery calibrate --model "$model" --gallery "$out/gallery" --data $data:test@1/2 $how \
    > "$out/calibrate-$target.txt"
  ./arcmetric evaluate --model "$model" --gallery "$out/gallery" --data $data:test@2/2 --json \
    > "$out/evaluate-$target.json"
  python3 - "$out/evaluate-$target.json" "$target" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["calibration"]
print(f"| {sys.argv[2]} | {c['global_threshold']:.4f} | {c['classes_with_own_threshold']} | "
      f"{c['observed_far']:.4f} ({c['impostors']}) | {c['genuine_accept_rate']:.4f} | "
      f"{c['known_accuracy']:.4f} | {c['unknown_rejection']:.4f} ({c['unknown_queries']}) |")
PY
done

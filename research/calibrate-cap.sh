#!/usr/bin/env bash
# Issue 29's calibration check with the false-reject cap: one gallery of the trained classes, then
# `gallery calibrate` (target FAR 0.01) with each cap R (1 = none, the earlier default) and
# `evaluate --gallery` on queries of the known and never-seen classes (the stored calibration as
# predict uses it). DATA as for calibrate-unseen.sh: gallery/, calibrate/, queries/.
#   research/calibrate-cap.sh OUT MODEL DATA [R...]        (default R: 1 0.2 0.1 0.05)
# Results: OUT/cap-R.json (evaluate --json; its "calibration" block) and OUT/calibrate-R.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
out=$1 model=$2 data=$3
shift 3
caps=("$@")
[ ${#caps[@]} -eq 0 ] && caps=(1 0.2 0.1 0.05)
mkdir -p "$out"
g="$out/gallery"
rm -rf "$g"
"$arc" enroll --model "$model" --gallery "$g" --data "$data/gallery" > "$out/enrol.txt" 2>&1
for r in "${caps[@]}"; do
  "$arc" gallery calibrate --model "$model" --gallery "$g" --data "$data/calibrate" \
    --max-false-reject "$r" > "$out/calibrate-$r.txt" 2>&1 || true
  "$arc" evaluate --model "$model" --gallery "$g" --data "$data/queries" --no-baseline --json \
    > "$out/cap-$r.json" 2> "$out/evaluate-$r.log"
done
for r in "${caps[@]}"; do
  python3 - "$out/cap-$r.json" "$r" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d.get("calibration") or {}
print(f"cap {sys.argv[2]}: threshold {c.get('global_threshold', float('nan')):.4f}"
      f"  known accepted and right {c.get('known_accuracy', float('nan')):.3f}"
      f"  unseen rejected {c.get('unknown_rejection', float('nan')):.3f}"
      f"  observed FAR {c.get('observed_far', float('nan')):.3f}"
      f"  open-set AUROC {d.get('open_set_auroc', float('nan')):.4f}")
PY
done

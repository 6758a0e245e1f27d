#!/usr/bin/env bash
# Issue 29's calibration check on our own data: a model trained on some classes, a gallery of
# those classes, `gallery calibrate` with its defaults on held-out images of the same classes only
# (no images of other classes: what users have), then queries of those classes and of never-seen
# ones through `evaluate --gallery` (the stored calibration as predict uses it).
#   research/calibrate-unseen.sh OUT MODEL DATA [ARCMETRIC_BEFORE]
# DATA holds gallery/, calibrate/ and queries/ in ImageFolder layout (queries/ also holds the
# never-seen classes). ARCMETRIC_BEFORE: the CLI of an earlier revision, to calibrate with for the
# before/after table (same model, gallery and queries; evaluate is always this revision's).
# Results: OUT/{after,before}.json (evaluate --json) and OUT/calibrate-*.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
out=$1 model=$2 data=$3 before=${4:-}
mkdir -p "$out"
for who in after ${before:+before}; do
  cli=$arc
  [ "$who" = before ] && cli=$before
  g="$out/gallery-$who"
  rm -rf "$g"
  "$cli" enroll --model "$model" --gallery "$g" --data "$data/gallery" > "$out/enrol-$who.txt" 2>&1
  "$cli" gallery calibrate --model "$model" --gallery "$g" --data "$data/calibrate" \
    > "$out/calibrate-$who.txt" 2>&1 || true
  "$arc" evaluate --model "$model" --gallery "$g" --data "$data/queries" --json \
    > "$out/$who.json" 2> "$out/evaluate-$who.log"
done

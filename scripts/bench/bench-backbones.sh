#!/usr/bin/env bash
# Training and embedding images/s of backbones at 96 and 224 px RGB (Fashion-MNIST upscaled), with
# `arcmetric bench`; one PyTorch process at a time.
#   scripts/bench/bench-backbones.sh BACKBONE...   (a built-in name or torchscript:FILE)
# BATCHES, REPEATS: per measurement (default 2, 2); SIZES (default "96 224");
# EMBED96, EMBED224: images per embedding measurement (default 500, 128).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
for size in ${SIZES:-96 224}; do
  batch=$([[ $size == 96 ]] && echo 64 || echo 32)
  embed=$([[ $size == 96 ]] && echo "${EMBED96:-500}" || echo "${EMBED224:-128}")
  for b in "$@"; do
    echo "== $b at $size px, batch $batch ($(date -u +%H:%M:%S))" >&2
    "$arc" bench --backbone "$b" --image-size "$size" --channels 3 --batch-size "$batch" \
      --batches "${BATCHES:-2}" --repeats "${REPEATS:-2}" --embed-images "$embed" 2>/dev/null
  done
done

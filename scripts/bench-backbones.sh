#!/usr/bin/env bash
# Training and embedding images/s of the built-in backbones and a TorchScript one, at 96 and 224 px
# RGB (Fashion-MNIST upscaled), with `arcmetric bench`; one PyTorch process at a time.
#   scripts/bench-backbones.sh [TORCHSCRIPT_FILE]   (default runs/backbones/mnv2-full.pt)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
ts="${1:-$here/runs/backbones/mnv2-full.pt}"
for size in 96 224; do
  batch=$([[ $size == 96 ]] && echo 64 || echo 32)
  embed=$([[ $size == 96 ]] && echo 2000 || echo 500)
  for b in resnet-small mobilenetv2 "torchscript:$ts"; do
    echo "== $b at $size px, batch $batch" >&2
    "$arc" bench --backbone "$b" --image-size "$size" --channels 3 --batch-size "$batch" \
      --batches "${BATCHES:-4}" --repeats "${REPEATS:-3}" --embed-images "$embed" 2>/dev/null
  done
done

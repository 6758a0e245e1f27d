#!/usr/bin/env bash
# Does the demo's result depend on which CPU kernels PyTorch picks? Trains the demo for EPOCHS
# (default 2) epochs with the AVX-512 kernels (where the CPU has them; PyTorch's choice), with the
# AVX2 kernels (all an AVX2-only CPU has), and AVX2 again; prints each run's digits and time. Run
# alone (no other PyTorch process).
#   scripts/bench/demo-repeatability.sh [EPOCHS]     (RUNS="avx512 avx2" to choose the runs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
epochs=${1:-2}
for run in ${RUNS:-avx512 avx2 avx2-again}; do
  isa=${run%-again}
  one=${isa^^}; [[ $one == AVX512 ]] && one=AVX512_CORE
  start=$(date +%s)
  ATEN_CPU_CAPABILITY=$isa ONEDNN_MAX_CPU_ISA=$one "$here/arcmetric" demo --epochs "$epochs" \
    --out "$here/runs/repeat-$run" --json 2> "$here/runs/repeat-$run.log" |
    python3 -c "
import json, sys
j = json.load(sys.stdin)
keys = ['accuracy_trained_classes', 'accuracy_new_classes', 'accuracy_all',
        'centroid_accuracy_trained_classes', 'centroid_accuracy_new_classes', 'centroid_accuracy_all']
print('$run', ' '.join('%.4f' % j[k] for k in keys), 'train %.0f s' % j['train_seconds'])"
  echo "  whole command $(( $(date +%s) - start )) s; first epoch: $(grep -m1 'epoch 1:' "$here/runs/repeat-$run.log")"
done

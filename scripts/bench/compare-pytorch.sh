#!/usr/bin/env bash
# The speed comparison of BENCHMARKS.md ("Speed"): `arcmetric bench` next to the same network in
# plain PyTorch (pytorch-reference.py), one after the other on the same machine, never at once.
#   scripts/bench/compare-pytorch.sh [SIZE:CHANNELS ...]     (default: 28:1 64:3)
# PYTHON: a Python with PyTorch 2.x (a CPU wheel, not Debian's 1.13), e.g. a venv made with
#   python3 -m venv --system-site-packages venv && venv/bin/pip install --no-deps /opt/wheels/torch-*.whl
# BACKBONE: the built-in network on both sides (default resnet-small; resnet-small-s2,
# convnet-small); BATCHES, REPEATS: per measurement (default 5, 3); PRECISIONS: arcmetric's (default "bf16 fp32"
# on a CPU with bfloat16, "fp32" elsewhere); VARIANTS: PyTorch's (default fp32,cl,bf16,bf16+cl).
# An AVX2-only machine's kernels on an AVX-512 one: ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2
# PRECISIONS=fp32 VARIANTS=fp32,cl (both sides read them).
# Both sides run with the C allocator settings the arcmetric launcher sets
# (org.arcmetric.compute.NativeMemory); PyTorch is also run without them, as most users run it.
# Prints a Markdown table on stdout; progress on stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
arc="${ARCMETRIC:-$here/arcmetric}"
py="${PYTHON:-python3}"
batches="${BATCHES:-5}" repeats="${REPEATS:-3}" net="${BACKBONE:-resnet-small}"
if grep -qwE 'avx512_bf16|amx_bf16' /proc/cpuinfo; then
  precisions="${PRECISIONS:-bf16 fp32}"
else
  precisions="${PRECISIONS:-fp32}"
fi
tuned=(MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=4294967296)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
flags=$(grep -m1 -owE 'avx512_bf16|amx_bf16|avx512f|avx2' /proc/cpuinfo | sort -u | tr '\n' ' ')
isa="${ATEN_CPU_CAPABILITY:+, ATEN_CPU_CAPABILITY=$ATEN_CPU_CAPABILITY}${ONEDNN_MAX_CPU_ISA:+ ONEDNN_MAX_CPU_ISA=$ONEDNN_MAX_CPU_ISA}"
echo "CPU: $cpu ($flags$isa), $(nproc) cores; revision $(git -C "$here" rev-parse --short HEAD);" \
  "$("$py" -c 'import torch; print("PyTorch", torch.__version__)'); backbone $net"
echo
echo "| input | implementation | training img/s (median, min-max) | embedding img/s (median, min-max) |"
echo "|---|---|---|---|"
for spec in "${@:-28:1 64:3}"; do
  for s in $spec; do
    size=${s%%:*} ch=${s##*:}
    embed=$((size <= 32 ? 4096 : 1024))
    for p in $precisions; do
      echo "== arcmetric $p at ${ch}x${size}x${size} ($(date -u +%H:%M:%S))" >&2
      "$arc" bench --backbone "$net" --image-size "$size" --channels "$ch" --batches "$batches" \
        --repeats "$repeats" --embed-images "$embed" --precision "$p" 2>/dev/null |
        awk -F'|' -v inp="$ch × $size × $size" -v p="$p" '
          /bare model step/ {t = $3 " (" $4 "-" $5 ")"}
          /^\| embedding/ {e = $3 " (" $4 "-" $5 ")"}
          /peak process RSS/ {r = $0; sub(/.*peak process RSS /, "", r)}
          END {gsub(/ /, "", t); gsub(/ /, "", e); sub(/\(/, " (", t); sub(/\(/, " (", e);
               printf "| %s | arcmetric %s (peak RSS %s) | %s | %s |\n", inp, p, r, t, e}'
    done
    for env in tuned default; do
      echo "== PyTorch ($env allocator) at ${ch}x${size}x${size} ($(date -u +%H:%M:%S))" >&2
      if [[ $env == tuned ]]; then run=(env "${tuned[@]}"); else run=(env); fi
      "${run[@]}" "$py" "$here/scripts/bench/pytorch-reference.py" --backbone "$net" --size "$size" --channels "$ch" \
        --batches "$batches" --repeats "$repeats" --embed-images "$embed" \
        --variants "${VARIANTS:-fp32,cl,bf16,bf16+cl}" --json |
        "$py" -c '
import json, sys
r = json.load(sys.stdin)
c, h, w = r["input"]
for row in r["rows"]:
    t, e, v = row["train"], row["embed"], row["variant"]
    print(f"| {c} × {h} × {w} | PyTorch {v} ({sys.argv[1]} allocator) "
          f"| {t[0]:.0f} ({t[1]:.0f}-{t[2]:.0f}) | {e[0]:.0f} ({e[1]:.0f}-{e[2]:.0f}) |")' "$env"
    done
  done
done

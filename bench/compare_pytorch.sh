#!/usr/bin/env bash
# Trains SASRec on Amazon Scientific with RecLens (build/bench/bench_train) and with the PyTorch
# reference (bench/pytorch_reference.py on Debian's python3-torch, the same libtorch_cpu), one
# after the other for each loss, with the same settings: d 64, 2 layers, 4 heads, batch 128,
# max length 50, no side features, the same training windows. Prints each side's training
# positions per second and full-ranking evaluation time; docs/BENCHMARKS.md has the figures.
#
#   RECLENS_DATA_DIR=../shared/data bash bench/compare_pytorch.sh [EPOCHS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RECLENS_DATA_DIR:?set RECLENS_DATA_DIR to the shared data folder}"
EPOCHS=${1:-2}
THREADS=${2:-2}
DATA=$RECLENS_DATA_DIR/amazon-scientific-unisrec
PY=/usr/bin/python3 # Debian's python3-torch lives in the system interpreter's packages
for loss in ce bce; do
  echo "== loss $loss, $EPOCHS epochs, $THREADS threads"
  echo "-- PyTorch, every window padded to 50 (the reference implementation)"
  "$PY" bench/pytorch_reference.py "$DATA" --loss "$loss" --pad fixed --epochs "$EPOCHS" \
    --threads "$THREADS"
  echo "-- PyTorch with RecLens's length buckets"
  "$PY" bench/pytorch_reference.py "$DATA" --loss "$loss" --pad buckets --epochs "$EPOCHS" \
    --threads "$THREADS"
  echo "-- RecLens"
  build/bench/bench_train --only scientific --features none --loss "$loss" --epochs "$EPOCHS" \
    --patience 0 --threads "$THREADS" 2>&1
done

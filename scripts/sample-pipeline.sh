#!/usr/bin/env bash
# The headless main job on the bundled sample: train a model on sample_data/, evaluate it,
# print one customer's recommendations with titles, and explain the top one.
# Usage: scripts/sample-pipeline.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
CLI="$BUILD_DIR/app/cli/reclens-cli"
OUT="$BUILD_DIR/sample-run"
mkdir -p "$OUT"

"$CLI" version
if [ ! -f "$OUT/sample.ckpt" ]; then
  "$CLI" train --data sample_data --out "$OUT/sample.ckpt"
fi
"$CLI" eval --model "$OUT/sample.ckpt" --data sample_data
USER_ID=$(sed -n 2p sample_data/interactions.csv | cut -d, -f1)
"$CLI" recommend --model "$OUT/sample.ckpt" --data sample_data --user "$USER_ID" --k 10
"$CLI" explain --model "$OUT/sample.ckpt" --data sample_data --user "$USER_ID"

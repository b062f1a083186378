#!/usr/bin/env bash
# Renders every view of the workbench on real data (UCI Online Retail) offscreen into
# docs/screenshots/*.png: opens the data, trains a SASRec model with the RecLens defaults (max
# length 50, d = 64) for RECLENS_SCREENSHOT_EPOCHS epochs (default 10, no early stopping),
# picks a customer, and grabs each tab. Needs a build (RECLENS_BUILD_DIR, default build) and
# RECLENS_DATA_DIR pointing at the real datasets. The model is cached in the build directory,
# one file per epoch count, so re-rendering takes seconds. From scratch the script took 4 min
# on a quiet 2-core machine (~22 s an epoch); beside other jobs an epoch took up to 240 s.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${RECLENS_BUILD_DIR:-build}
OUT=${1:-docs/screenshots}
if [ -z "${RECLENS_DATA_DIR:-}" ]; then
  echo "Set RECLENS_DATA_DIR to the folder with the real datasets (e.g. ../shared/data)." >&2
  exit 2
fi
DATA="$RECLENS_DATA_DIR/uci-online-retail/online_retail.csv.gz"
if [ ! -x "$BUILD_DIR/app/gui/reclens" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
  cmake --build "$BUILD_DIR" -j "${RECLENS_JOBS:-2}" --target reclens
fi
export QT_QPA_PLATFORM=offscreen
EPOCHS=${RECLENS_SCREENSHOT_EPOCHS:-10}
"$BUILD_DIR/app/gui/reclens" --screenshots "$OUT" --data "$DATA" --epochs "$EPOCHS" \
  --model "$BUILD_DIR/screenshots-uci-len50-e$EPOCHS.rlm" \
  ${RECLENS_SCREENSHOT_USER:+--user "$RECLENS_SCREENSHOT_USER"}
ls -l "$OUT"/*.png

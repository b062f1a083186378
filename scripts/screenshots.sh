#!/usr/bin/env bash
# Renders every view of the workbench on real data (UCI Online Retail) offscreen into
# docs/screenshots/*.png: opens the data, trains a small model for a few epochs, picks a
# customer, and grabs each tab. Needs a build (RECLENS_BUILD_DIR, default build) and
# RECLENS_DATA_DIR pointing at the real datasets.
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
# The model is trained once and kept in the build directory, so re-rendering is quick.
"$BUILD_DIR/app/gui/reclens" --screenshots "$OUT" --data "$DATA" --epochs "${RECLENS_SCREENSHOT_EPOCHS:-4}" \
  --model "$BUILD_DIR/screenshots-uci.rlm" \
  ${RECLENS_SCREENSHOT_USER:+--user "$RECLENS_SCREENSHOT_USER"}
ls -l "$OUT"/*.png

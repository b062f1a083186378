#!/usr/bin/env bash
# Renders every view of the workbench offscreen, in one command, into four sets:
#   docs/screenshots/*.png                   UCI Online Retail at 1,600 x 960 (the README's)
#   docs/screenshots/uci-1024x700/*.png      UCI Online Retail at 1,024 x 700
#   docs/screenshots/amazon-1024x700/*.png   Amazon Scientific (long, similar titles) at 1,024 x 700
#   docs/screenshots/amazon-1600x1000/*.png  Amazon Scientific at 1,600 x 1,000
# UCI: the GUI opens the data and trains a SASRec with the RecLens defaults (max length 50,
# d = 64) for RECLENS_SCREENSHOT_EPOCHS epochs (default 10, no early stopping). Amazon: a small
# SASRec trained with `reclens-cli train --dim 32 --epochs RECLENS_SCREENSHOT_AMAZON_EPOCHS`
# (default 3). The Amazon sets also show the Search tab (search.png, search-attention.png): a
# small search model trained with `reclens-cli make-queries` then `train --task search --dim 32
# --epochs RECLENS_SCREENSHOT_SEARCH_EPOCHS` (default 2), queried with "3d printing filament";
# RECLENS_SCREENSHOT_SEARCH=0 leaves it out. Each set picks a customer itself
# (RECLENS_SCREENSHOT_USER overrides it for UCI).
# Needs a build (RECLENS_BUILD_DIR, default build) and RECLENS_DATA_DIR pointing at the real
# datasets. The models are cached in the build directory, one file per epoch count, so
# re-rendering all four sets takes a few minutes. From scratch the UCI model took 4 min on a
# quiet 2-core machine (~22 s an epoch; beside other jobs an epoch took up to 240 s).
# RECLENS_SCREENSHOT_SETS (default "uci uci-1024x700 amazon-1024x700 amazon-1600x1000") picks the
# sets; uci-WxH and amazon-WxH render at that window size.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${RECLENS_BUILD_DIR:-build}
OUT=${1:-docs/screenshots}
SETS=${RECLENS_SCREENSHOT_SETS:-uci uci-1024x700 amazon-1024x700 amazon-1600x1000}
if [ -z "${RECLENS_DATA_DIR:-}" ]; then
  echo "Set RECLENS_DATA_DIR to the folder with the real datasets (e.g. ../shared/data)." >&2
  exit 2
fi
if [ ! -x "$BUILD_DIR/app/gui/reclens" ] || [ ! -x "$BUILD_DIR/app/cli/reclens-cli" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
  cmake --build "$BUILD_DIR" -j "${RECLENS_JOBS:-2}" --target reclens reclens-cli
fi
export QT_QPA_PLATFORM=offscreen
GUI="$BUILD_DIR/app/gui/reclens"

UCI="$RECLENS_DATA_DIR/uci-online-retail/online_retail.csv.gz"
EPOCHS=${RECLENS_SCREENSHOT_EPOCHS:-10}
AMAZON="$RECLENS_DATA_DIR/amazon-scientific-unisrec"
AMAZON_EPOCHS=${RECLENS_SCREENSHOT_AMAZON_EPOCHS:-3}
AMAZON_MODEL="$BUILD_DIR/screenshots-amazon-d32-e$AMAZON_EPOCHS.rlm"
SEARCH_EPOCHS=${RECLENS_SCREENSHOT_SEARCH_EPOCHS:-2}
AMAZON_QUERIES="$BUILD_DIR/screenshots-amazon-queries.csv"
AMAZON_SEARCH_MODEL="$BUILD_DIR/screenshots-amazon-search-d32-e$SEARCH_EPOCHS.rlm"
CLI="$BUILD_DIR/app/cli/reclens-cli"

for set in $SETS; do
  case "$set" in
    uci)
      "$GUI" --screenshots "$OUT" --data "$UCI" --epochs "$EPOCHS" \
        --model "$BUILD_DIR/screenshots-uci-len50-e$EPOCHS.rlm" \
        ${RECLENS_SCREENSHOT_USER:+--user "$RECLENS_SCREENSHOT_USER"}
      ls -l "$OUT"/*.png
      ;;
    uci-*)
      mkdir -p "$OUT/$set"
      "$GUI" --screenshots "$OUT/$set" --data "$UCI" --epochs "$EPOCHS" \
        --model "$BUILD_DIR/screenshots-uci-len50-e$EPOCHS.rlm" --size "${set#uci-}" \
        ${RECLENS_SCREENSHOT_USER:+--user "$RECLENS_SCREENSHOT_USER"}
      ls -l "$OUT/$set"/*.png
      ;;
    amazon-*)
      if [ ! -f "$AMAZON_MODEL" ]; then
        "$CLI" train --data "$AMAZON" --dim 32 --epochs "$AMAZON_EPOCHS" --out "$AMAZON_MODEL"
      fi
      search=()
      if [ "${RECLENS_SCREENSHOT_SEARCH:-1}" != 0 ]; then
        if [ ! -f "$AMAZON_SEARCH_MODEL" ]; then
          [ -f "$AMAZON_QUERIES" ] || "$CLI" make-queries --data "$AMAZON" --out "$AMAZON_QUERIES"
          "$CLI" train --task search --data "$AMAZON" --queries "$AMAZON_QUERIES" --dim 32 \
            --epochs "$SEARCH_EPOCHS" --out "$AMAZON_SEARCH_MODEL"
        fi
        search=(--search-model "$AMAZON_SEARCH_MODEL" --query "3d printing filament")
      fi
      mkdir -p "$OUT/$set"
      "$GUI" --screenshots "$OUT/$set" --data "$AMAZON" --model "$AMAZON_MODEL" \
        --size "${set#amazon-}" "${search[@]}"
      ls -l "$OUT/$set"/*.png
      ;;
    *)
      echo "unknown screenshot set '$set' (uci, uci-WxH, amazon-WxH)" >&2
      exit 2
      ;;
  esac
done

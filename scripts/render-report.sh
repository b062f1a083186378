#!/usr/bin/env bash
# Renders report files the way people see them, to look at every chart by eye: each HTML file
# as a full-page PNG in headless chromium, each PDF's first pages as PNGs with pdftoppm
# (poppler-utils). Not run in CI (chromium is not a CI dependency).
#
#   scripts/render-report.sh OUT_DIR REPORT.html|REPORT.pdf ...
#
# Writes OUT_DIR/<name>.html.png (1,280 px wide, up to RECLENS_RENDER_HEIGHT px tall, default
# 6000) and OUT_DIR/<name>.pdf-<page>.png (60 dpi, the first RECLENS_RENDER_PAGES pages,
# default 4).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 OUT_DIR REPORT.html|REPORT.pdf ..." >&2
  exit 2
fi
OUT=$1
shift
mkdir -p "$OUT"
HEIGHT=${RECLENS_RENDER_HEIGHT:-6000}
PAGES=${RECLENS_RENDER_PAGES:-4}
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)

for f in "$@"; do
  name=$(basename "$f")
  case "$f" in
    *.html)
      if [ -z "$CHROMIUM" ]; then
        echo "chromium not found (Debian: apt-get install chromium)" >&2
        exit 3
      fi
      "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --screenshot="$OUT/$name.png" --window-size=1280,"$HEIGHT" \
        "file://$(realpath "$f")" 2>/dev/null
      echo "$OUT/$name.png"
      ;;
    *.pdf)
      pdftoppm -r 60 -png -f 1 -l "$PAGES" "$f" "$OUT/$name"
      ls "$OUT/$name"*.png
      ;;
    *)
      echo "skipped $f: neither .html nor .pdf" >&2
      ;;
  esac
done

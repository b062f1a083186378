#!/usr/bin/env bash
# The README's first command: installs what RecLens needs (Debian 12 packages), builds it, and
# runs the main job on the bundled sample shop — the workbench when a display is available,
# otherwise the same pipeline headless (train, evaluate, recommend, explain) with reclens-cli.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

BUILD_DIR=${RECLENS_BUILD_DIR:-build}
# Lets ccache reuse objects across clones in different folders (CI clones afresh each run).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" -j "${RECLENS_JOBS:-2}"

if [ -x "$BUILD_DIR/app/gui/reclens" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ "${QT_QPA_PLATFORM:-}" = offscreen ]; }; then
  exec "$BUILD_DIR/app/gui/reclens" "$@"
fi

echo "No display found: running the headless pipeline on sample_data/ instead." >&2
bash scripts/sample-pipeline.sh "$BUILD_DIR"

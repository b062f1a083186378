#!/usr/bin/env bash
# Builds RecLens and runs every test. This is the README's test command and what CI runs.
# Real-data tests read $RECLENS_DATA_DIR; without it they fail and say how to set it.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${RECLENS_BUILD_DIR:-build}
# Lets ccache reuse objects across clones in different folders (CI clones afresh each run).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
JOBS=${RECLENS_JOBS:-2}
EXTRA=()
if [ "${CI:-}" = "true" ]; then
  EXTRA+=(-DRECLENS_WERROR=ON)
fi

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "${EXTRA[@]}"
cmake --build "$BUILD_DIR" -j "$JOBS"
# Two tests at a time: most start LibTorch, read a file or wait on a child process and use one
# core. Tests that assert a wall-clock bound or time their kills are marked RUN_SERIAL in their
# CMakeLists and run alone; trained test models are cached across test processes (write-once,
# then renamed into place), so two processes never see half a file.
ctest --test-dir "$BUILD_DIR" --output-on-failure --timeout 900 -j "$JOBS"

#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (-DRECLENS_FUZZ=ON: the torch-free
# parsers only) and runs each target for N seconds over a copy of its committed corpus, so the
# repository is never written to. Fails when any target crashes, hangs (> 1 s on one input),
# leaks or goes over the memory limit; the offending inputs are kept in BUILD_DIR/fuzz-artifacts/
# (commit them under tests/fuzz/corpus/<target>/ as regressions once fixed).
#
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]   (default 10 s, every target)
# Environment: RECLENS_BUILD_DIR (default build-fuzz), RECLENS_JOBS (build jobs, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-10}
shift $(($# > 0 ? 1 : 0))
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(uciretail unisrec recbole movielens genericcsv modeljson checkpoint querylog)
fi
BUILD_DIR=${RECLENS_BUILD_DIR:-build-fuzz}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
# RelWithDebInfo has -g: without this, ccache hashes the clone's folder and never hits in CI.
export CCACHE_NOHASHDIR=1
JOBS=${RECLENS_JOBS:-2}
EXTRA=()
if [ "${CI:-}" = "true" ]; then
  EXTRA+=(-DRECLENS_WERROR=ON)
fi

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECLENS_FUZZ=ON \
  -DCMAKE_CXX_COMPILER=clang++ "${EXTRA[@]}" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"

BIN=$(cd "$BUILD_DIR/tests/fuzz" && pwd)
ARTIFACTS=$(mkdir -p "$BUILD_DIR/fuzz-artifacts" && cd "$BUILD_DIR/fuzz-artifacts" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Leak checking is on by default with ASan; say so explicitly so a changed default cannot
# silently turn it off.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

dictFor() {
  case "$1" in
    unisrec | recbole) echo tests/fuzz/dict/unisrec.dict ;;
    modeljson | checkpoint) echo tests/fuzz/dict/json.dict ;;
    *) echo tests/fuzz/dict/csv.dict ;;
  esac
}

failed=()
for t in "${TARGETS[@]}"; do
  dict=$(cd "$(dirname "$(dictFor "$t")")" && pwd)/$(basename "$(dictFor "$t")")
  mkdir -p "$WORK/$t/corpus" "$WORK/$t/artifacts"
  cp -R tests/fuzz/corpus/"$t"/. "$WORK/$t/corpus/"
  log="$WORK/$t/log"
  if (cd "$WORK/$t" && "$BIN/fuzz_$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=1 \
        -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1 -dict="$dict" \
        -artifact_prefix="$WORK/$t/artifacts/" corpus) >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz_$t: ok, ${runs:-?} executions in ${SECONDS_PER_TARGET} s"
  else
    failed+=("$t")
    cp -R "$WORK/$t/artifacts/." "$ARTIFACTS/"
    echo "fuzz_$t: FAILED; last lines of its log:" >&2
    grep -v '^#\|NEW_FUNC\|^INFO' "$log" | tail -40 >&2
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed for: ${failed[*]}; inputs in $ARTIFACTS" >&2
  exit 1
fi

#!/usr/bin/env bash
# Interleaved A/B of two bench_train builds (e.g. main's and a branch's) on Amazon Scientific, one
# thread, one epoch, no side features: per run the load average, the epoch line and the user/system
# CPU seconds of the whole process (a loaded machine swings wall time; CPU seconds compare).
#
#   RECLENS_DATA_DIR=../shared/data bash bench/bench_train_ab.sh BEFORE_BIN AFTER_BIN [ce|bce] [ROUNDS=2]
set -euo pipefail
: "${RECLENS_DATA_DIR:?set RECLENS_DATA_DIR to the shared data folder}"
BEFORE=$1
AFTER=$2
LOSS=${3:-ce}
ROUNDS=${4:-2}
for r in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    bin=$BEFORE
    [ "$side" = after ] && bin=$AFTER
    load=$(cut -d' ' -f1 /proc/loadavg)
    out=$({ /usr/bin/time -f "user_s=%U sys_s=%S wall_s=%e" nice -n 10 "$bin" --only scientific \
      --features none --epochs 1 --patience 0 --threads 1 --loss "$LOSS"; } 2>&1)
    echo "$LOSS round $r $side load $load | $(echo "$out" | grep -o 'epoch   1 .*' | head -1) |" \
      "$(echo "$out" | grep -o 'user_s.*')"
  done
done

#!/usr/bin/env bash
# A plain CSV shop with a long-tailed catalog for throughput measurements (docs/SCALE.md) until
# `reclens-cli synth` grows beyond 5,000 items: USERS customers, ITEMS products, PER purchases
# each on average; item popularity falls off as a power law (item = ITEMS * u^3), seeded.
# Usage: long-tail-shop.sh OUT.csv USERS ITEMS [PER=8] [SEED=7]
set -euo pipefail
out=$1 users=$2 items=$3 per=${4:-8} seed=${5:-7}
awk -v U="$users" -v I="$items" -v P="$per" -v S="$seed" 'BEGIN {
  srand(S); print "user,item,timestamp"; t = 1700000000
  for (u = 1; u <= U; u++) {
    n = 2 + int(rand() * (2 * P - 3))
    for (k = 0; k < n; k++) printf "U%d,P%d,%d\n", u, int(I * rand() ^ 3), t + u * 100 + k
  }
}' > "$out"

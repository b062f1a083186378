#!/usr/bin/env bash
# bench_scale (issue 16): what a shop's size costs on one machine. For synthetic shops from
# `reclens-cli synth` it measures import (s, CPU s, peak RSS), one training epoch per loss (s per
# 1 M positions, peak RSS), one customer's top-K latency, the merchant view (explain-item over a
# user sample) and reports per second, then prints the growth exponent (log-log slope) of each
# cost between consecutive sizes. Every line also carries the 1-minute load average: on a shared
# machine compare CPU seconds, not wall seconds.
#
# Usage: bench/scale/bench_scale.sh [WORK=/tmp/reclens-scale]
#   BUILD=build                                   where reclens-cli and bench_topk_latency are
#   IMPORT_SIZES="10000x10000 100000x100000 1000000x1000000"   customers x products (import;
#                                                 "" = skip)
#   TRAIN_SIZES="10000x10000 10000x100000 10000x1000000"       (training and the model steps)
#   LOSSES="ce sampled-ce"   (ce only where the catalog has <= 50,000 products: above it the
#                             full softmax does not fit in memory, see docs/SCALE.md)
#   THREADS=2 NEGATIVES=1000 DIM=64   (top-K latency: always one thread, one call at a time)
#   TOPK_ITEMS="100000 1000000" TOPK_DIMS=64 TOPK_THREADS="1 2"   (untrained model, no shop file)
#   STEP_ITEMS="10000 50000 100000 1000000" STEPS=20   (training steps per loss, untrained start)
# Output: TSV lines "step customers products wall_s cpu_s peak_mb load extra" and slopes.
set -euo pipefail
work=${1:-/tmp/reclens-scale}
build=${BUILD:-build}
cli=$build/app/cli/reclens-cli
import_sizes=${IMPORT_SIZES-"10000x10000 100000x100000 1000000x1000000"}
train_sizes=${TRAIN_SIZES-"10000x10000 10000x100000 10000x1000000"}
losses=${LOSSES:-"ce sampled-ce"}
threads=${THREADS:-2}
negatives=${NEGATIVES:-1000}
dim=${DIM:-64}
mkdir -p "$work"
results=$work/results.tsv
: > "$results"

shop() { # customers products -> directory (generated once)
    local dir=$work/shop-$1x$2
    [ -e "$dir/interactions.csv" ] || "$cli" synth --out "$dir" --users "$1" --items "$2" >/dev/null
    echo "$dir"
}

# measure STEP CUSTOMERS PRODUCTS EXTRA -- command...: one TSV line from /usr/bin/time -v.
measure() {
    local step=$1 users=$2 items=$3 extra=$4
    shift 5
    local tv=$work/time.txt
    /usr/bin/time -v -o "$tv" "$@" > "$work/out.txt" 2> "$work/err.txt" || {
        echo "FAILED: $*" >&2; cat "$work/err.txt" >&2; return 1; }
    local wall user sys rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tv")
    user=$(awk -F': ' '/User time/ {print $2}' "$tv")
    sys=$(awk -F': ' '/System time/ {print $2}' "$tv")
    rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$tv")
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    printf '%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%s\n' "$step" "$users" "$items" "$wall" \
        "$(echo "$user + $sys" | bc -l)" "$rss" "$load" "$extra" | tee -a "$results"
}

printf 'step\tcustomers\tproducts\twall_s\tcpu_s\tpeak_mb\tload\textra\n'
for size in $import_sizes; do
    u=${size%x*} i=${size#*x}
    dir=$(shop "$u" "$i")
    rows=$(($(wc -l < "$dir/interactions.csv") - 1))
    measure import "$u" "$i" "rows=$rows" -- "$cli" info --data "$dir" --json
done

for size in $train_sizes; do
    u=${size%x*} i=${size#*x}
    dir=$(shop "$u" "$i")
    for loss in $losses; do
        if [ "$loss" = ce ] && [ "$i" -gt 50000 ]; then continue; fi
        model=$work/model-$u-$i-$loss.ckpt
        if [ -e "$model" ]; then echo "  (reusing $model: delete it to measure training again)"; continue; fi
        measure "train-$loss" "$u" "$i" "" -- "$cli" train --data "$dir" --out "$model" \
            --epochs 1 --patience 0 --loss "$loss" --negatives "$negatives" --dim "$dim" \
            --threads "$threads"
        # Training positions per second of the epoch (the CLI's epoch line), and the seconds
        # that makes per 1 M positions.
        ips=$(grep -o '[0-9.]* items/s' "$work/out.txt" | tail -1 | cut -d' ' -f1)
        per=$(echo "1000000 / ${ips:-1}" | bc -l | xargs printf '%.0f')
        sed -i '$ s/\t$/\titems_per_s='"$ips"';s_per_1M_positions='"$per"'/' "$results"
        echo "  (positions per second: $ips, s per 1 M positions: $per)"
    done
    model=$work/model-$u-$i-sampled-ce.ckpt
    [ -e "$model" ] || model=$work/model-$u-$i-ce.ckpt
    measure topk "$u" "$i" "" -- "$build/bench/bench_topk_latency" "$model" "$dir" 50 1
    echo "  $(cat "$work/out.txt")"
    sed -i '$ s/\t$/\t'"$(tr ' ' ';' < "$work/out.txt")"'/' "$results"
    item=$(sed -n 2p "$dir/interactions.csv" | cut -d, -f2)
    measure merchant "$u" "$i" "users=1000" -- "$cli" explain-item --model "$model" \
        --data "$dir" --item "$item" --users 1000 --threads "$threads" --json
    customers=$(awk -F, 'NR > 1 && NR % 5000 == 2 {print $1}' "$dir/interactions.csv" | sort -u |
        head -5 | paste -sd,)
    measure report "$u" "$i" "reports=5" -- "$cli" report --model "$model" --data "$dir" \
        --users "$customers" --out "$work/reports-$u-$i" --threads "$threads"
done

# Without a trained model (the weights do not change the cost): one customer's top-K with an
# untrained default SASRec over TOPK_ITEMS products (bench_topk_scale: 50 customers, median and
# p95), and training steps per loss over STEP_ITEMS products (bench_train_steps: STEPS steps of
# 128 sequences, s per 1 M positions). Lines "topk-d64-t1 ITEMS value peak_mb" in $work/model.tsv.
topk_items=${TOPK_ITEMS-"100000 1000000"}
topk_dims=${TOPK_DIMS:-"64"}
topk_threads=${TOPK_THREADS:-"1 2"}
step_items=${STEP_ITEMS-"10000 50000 100000 1000000"}
steps=${STEPS:-20}
model_tsv=$work/model.tsv
: > "$model_tsv"
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
for items in $topk_items; do
    for dim in $topk_dims; do
        for t in $topk_threads; do
            line=$("$build/bench/bench_topk_scale" "$items" "$dim" 50 "$t")
            echo "$line"
            printf 'topk-d%s-t%s\t%s\t%s\t%s\n' "$dim" "$t" "$items" \
                "$(echo "$line" | field topk_ms_median)" "$(echo "$line" | field peak_rss_mb)" \
                >> "$model_tsv"
        done
    done
done
for items in $step_items; do
    for loss in $losses; do
        if [ "$loss" = ce ] && [ "$items" -gt 50000 ]; then continue; fi
        line=$("$build/bench/bench_train_steps" "$items" "$loss" "$steps" "$threads")
        echo "$line"
        printf 'train-%s\t%s\t%s\t%s\n' "$loss" "$items" \
            "$(echo "$line" | field s_per_1M_positions)" "$(echo "$line" | field peak_rss_mb)" \
            >> "$model_tsv"
    done
done

# Growth exponents: d log(cost) / d log(size) between consecutive rows of the same step, with
# size = purchase rows for the import and products for the model steps.
echo
echo "growth exponents (log-log slope between consecutive sizes)"
awk -F'\t' '{
    key = $1; if (key == "import") { split($8, r, "="); x = r[2] } else x = $3
    if (key in lastX && x != lastX[key] && $5 > 0 && lastC[key] > 0)
        printf "%-18s %9s -> %-9s cpu %.2f  peak %.2f\n", key, lastX[key], x,
            log($5 / lastC[key]) / log(x / lastX[key]), log($6 / lastM[key]) / log(x / lastX[key])
    lastX[key] = x; lastC[key] = $5; lastM[key] = $6
}' "$results"
awk -F'\t' '{
    if ($1 in lastX && $2 != lastX[$1] && $3 > 0 && lastV[$1] > 0)
        printf "%-18s %9s -> %-9s time %.2f  peak %.2f\n", $1, lastX[$1], $2,
            log($3 / lastV[$1]) / log($2 / lastX[$1]), log($4 / lastM[$1]) / log($2 / lastX[$1])
    lastX[$1] = $2; lastV[$1] = $3; lastM[$1] = $4
}' "$model_tsv"

#!/bin/bash
# Where the two cores go during an ingest run: the machine's idle and I/O-wait shares, the
# collector's and the load generator's cores, and each busy thread's, sampled from /proc over
# 2 s in the middle of the embedded-store run of `ingest-bench`.
#
#   tests/bench/ingest-idle.sh DIR
#
# DIR holds `arsring-collector` and `ingest-bench` of one build (as for ingest-alternate.sh).
# Prints: idle %, iowait %, collector cores, generator cores, then the run's reports/s, share
# of the ceiling and CPU µs a report, then every thread that used more than 2 % of a core.
set -euo pipefail
dir=$(cd "${1:?DIR}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd /tmp && ARSRING_PG_BIN=/nonexistent exec "$dir/ingest-bench" --clients "${INGEST_CLIENTS:-32}" --seconds 8 \
    >"$work/bench" 2>&1) &
bench=$!
threads() {
    for t in /proc/"$1"/task/*; do
        echo "$(basename "$t") $2$(tr ' ' _ <"$t/comm") $(awk '{print $14 + $15}' "$t/stat")"
    done
}
source "$(dirname "$0")/collector.sh"
busy_collector "$dir"
pid=$busy_pid
sleep 1
g0=$(ticks $bench); c0=$(ticks "$pid"); s0=$(head -1 /proc/stat)
{ threads "$pid" ""; threads $bench g-; } | sort >"$work/t0"
sleep 2
g1=$(ticks $bench); c1=$(ticks "$pid"); s1=$(head -1 /proc/stat)
{ threads "$pid" ""; threads $bench g-; } | sort >"$work/t1"
wait $bench
hz=$(getconf CLK_TCK)
echo "$s0 $s1" | awk -v c=$((c1 - c0)) -v g=$((g1 - g0)) -v hz="$hz" '{
    t0 = 0; for (i = 2; i <= 11; i++) t0 += $i
    t1 = 0; for (i = 13; i <= 22; i++) t1 += $i
    d = t1 - t0
    printf "idle %.0f%% iowait %.0f%% collector %.2f cores generator %.2f cores  ",
        100 * ($16 - $5) / d, 100 * ($17 - $6) / d, c / (2 * hz), g / (2 * hz) }'
grep -E '^\| arsring-collector \(sled' "$work/bench" | awk -F'|' '{print $3, $7, $8}'
join "$work/t0" "$work/t1" | awk -v hz="$hz" '{d = $5 - $3; if (d > 0.04 * hz) printf "  %s %.2f\n", $2, d / (2 * hz)}'

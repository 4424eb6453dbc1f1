#!/bin/bash
# Two or more builds of the collector against the same load, alternately, so that a change is
# judged by runs made minutes apart on the same machine (its rate moves by a fifth between
# runs here; the CPU a report costs, much less).
#
#   tests/bench/ingest-alternate.sh ROUNDS DIR...
#
# Each DIR holds `arsring-collector` and `ingest-bench` of one build (copy them out of
# target/release). Per run: the collector's reports/s, its share of the no-op ceiling and its
# CPU µs per report, then the ceiling's reports/s and CPU µs per request. PostgreSQL is left
# out. Clients and seconds: INGEST_CLIENTS (32), INGEST_SECONDS (8).
set -euo pipefail
rounds=${1:?rounds}
shift
[ $# -ge 1 ] || { echo "usage: $0 ROUNDS DIR..." >&2; exit 2; }
for dir in "$@"; do
    for bin in arsring-collector ingest-bench; do
        [ -x "$dir/$bin" ] || { echo "$dir/$bin: no such executable" >&2; exit 2; }
    done
done
for round in $(seq "$rounds"); do
    for dir in "$@"; do
        dir=$(cd "$dir" && pwd)
        out=$(cd /tmp && ARSRING_PG_BIN=/nonexistent "$dir/ingest-bench" \
            --clients "${INGEST_CLIENTS:-32}" --seconds "${INGEST_SECONDS:-8}" 2>/dev/null)
        collector=$(echo "$out" | awk -F'|' '/sled/ {print $3, $7, $8}')
        ceiling=$(echo "$out" | awk -F'|' '/no-op/ {print $3, $8}')
        echo "$dir round $round: collector $collector · ceiling $ceiling"
    done
done

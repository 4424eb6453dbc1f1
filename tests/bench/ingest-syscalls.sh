#!/bin/bash
# The collector's threads under ingest load: per thread, its `fdatasync` calls, futex calls
# and context switches over 2 s of an `ingest-bench` run, then the run's rows (reports a
# second: times 2 for the reports counted). Reports per flush and context switches per
# report follow from them. Needs `perf` and the right to trace (root).
#
#   tests/bench/ingest-syscalls.sh DIR
#
# DIR holds `arsring-collector` and `ingest-bench` of one build (copy them out of
# target/release). PostgreSQL is left out.
set -euo pipefail
dir=$(cd "${1:?usage: $0 DIR}" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd /tmp && ARSRING_PG_BIN=/nonexistent exec "$dir/ingest-bench" --clients 32 --seconds 8 >"$out/bench" 2>&1) &
bench=$!
source "$(dirname "$0")/collector.sh"
busy_collector "$dir"
pid=$busy_pid
sleep 2
events=syscalls:sys_enter_fdatasync,syscalls:sys_enter_futex,context-switches
perf stat --per-thread -e "$events" -p "$pid" -o "$out/stat" -- sleep 2 >/dev/null
wait "$bench"
sed 's/,//g' "$out/stat" | awk '$2 ~ /^[0-9]+$/ && $2 > 20 {print $3, $1, $2}' | sort
grep -E '^\| (arsring-collector \(sled|no-op)' "$out/bench"

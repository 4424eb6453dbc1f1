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
# The devices enrol first, one after another; the load has begun when the collector uses
# more than 0.8 of a core (enrolling takes less). Then 2 s in the middle of its 8.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo gone; }
pid=
for _ in $(seq 240); do
    pid=${pid:-$(pgrep -n -f "$dir/arsring-collector serve" || true)}
    if [ -n "$pid" ]; then
        before=$(ticks "$pid"); sleep 0.5; after=$(ticks "$pid")
        # A process that matched and is gone was not the collector: look again.
        [ "$before" = gone ] || [ "$after" = gone ] && { pid=; continue; }
        # Clock ticks, 100 a second: 40 in half a second is 0.8 of a core.
        [ $((after - before)) -gt 40 ] && break
    else
        sleep 0.5
    fi
done
[ -n "$pid" ] || { echo "the collector did not start" >&2; exit 1; }
sleep 2
events=syscalls:sys_enter_fdatasync,syscalls:sys_enter_futex,context-switches
perf stat --per-thread -e "$events" -p "$pid" -o "$out/stat" -- sleep 2 >/dev/null
wait "$bench"
sed 's/,//g' "$out/stat" | awk '$2 ~ /^[0-9]+$/ && $2 > 20 {print $3, $1, $2}' | sort
grep -E '^\| (arsring-collector \(sled|no-op)' "$out/bench"

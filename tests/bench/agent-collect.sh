#!/usr/bin/env bash
# Agent footprint: CPU time and peak RSS of one `arsring-agent collect`, the agent's own
# process and the package manager it runs counted separately (getrusage SELF vs CHILDREN),
# median of N runs; and the stripped size of both release binaries.
#
#   tests/bench/agent-collect.sh [runs]      (default 20)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
cargo build --release --locked -q --bin arsring-agent --bin arsring-collector
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
for _ in $(seq "$runs"); do
    target/release/arsring-agent --state-dir "$state" collect --stats 2>&1 >/dev/null | tail -n 1
done | python3 -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin if l.startswith("{")]
def med(who, key): return statistics.median(r[who][key] for r in rows)
for who in ("agent", "children"):
    cpu = (med(who, "cpu_user_s") + med(who, "cpu_system_s")) * 1000
    rss = med(who, "max_rss_kib") / 1024
    print(f"{who:9} cpu {cpu:7.1f} ms   peak RSS {rss:6.1f} MiB   (median of {len(rows)} runs)")
'
for b in arsring-agent arsring-collector; do
    printf '%-18s %6.1f MiB stripped\n' "$b" "$(echo "$(stat -c %s target/release/$b) / 1048576" | bc -l)"
done

#!/usr/bin/env bash
# The agent's whole run as a server sees it: wall time and peak RSS of the process tree
# (`/usr/bin/time`: wait4's rusage covers the agent and the package managers it waited
# for), for
#   - the first run (no answer kept: apt's lists are read, or the package manager asked),
#   - a scheduled run when nothing changed since the last one (its answer is reused),
# each reporting to a real collector on loopback over HTTPS; and, where installed, the
# inventory of FusionInventory (`fusioninventory-inventory`) and OCS Inventory
# (`ocsinventory-agent --local`) on the same machine, back to back, with the ratios.
#
#   tests/bench/agent-run.sh [runs]          (default 10; medians)
#   tests/bench/agent-run.sh --smoke         (one of each, a few seconds; the tests run it
#                                             with ARSRING_BIN_DIR naming their build)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
if [ "$runs" = --smoke ]; then
    runs=1
fi
if [ -n "${ARSRING_BIN_DIR:-}" ]; then
    bin=$ARSRING_BIN_DIR
else
    cargo build --release --locked -q --bin arsring-agent --bin arsring-collector
    bin=target/release
fi
work=$(mktemp -d)
collector_pid=
cleanup() {
    [ -n "$collector_pid" ] && kill "$collector_pid" 2>/dev/null && wait "$collector_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

source tests/bench/collector.sh
start_collector "$bin" "$work/data"
url=$collector_url
token=$("$bin/arsring-collector" token create --role agent --name bench --data-dir "$work/data")
agent=("$bin/arsring-agent" --collector "$url" --token "$token" --ca "$work/data/tls/ca.pem")

# One measured command: prints "wall_s max_rss_kib exit_status".
measure() { /usr/bin/time -f '%e %M %x' -o "$work/time" "$@" >/dev/null 2>&1 || true; tail -n 1 "$work/time"; }

# Enrolled once (one machine is one device); a first run is one without a kept answer.
"${agent[@]}" --state-dir "$work/state" run --once >/dev/null 2>&1
first=$(for _ in $(seq "$runs"); do rm -f "$work/state/patch.json"; measure "${agent[@]}" --state-dir "$work/state" run --once; done)
steady=$(for _ in $(seq "$runs"); do measure "${agent[@]}" --state-dir "$work/state" run --once; done)
# apt's own simulation, what every first run used to wait for (and still does where apt's
# resolver must decide): side by side with the direct reading that replaced it.
simulation=
if command -v apt-get >/dev/null; then
    simulation=$(for _ in $(seq "$runs"); do measure apt-get -s -o Debug::NoLocking=1 dist-upgrade; done)
fi
fusion=
if command -v fusioninventory-inventory >/dev/null; then
    fusion=$(for _ in $(seq "$runs"); do measure fusioninventory-inventory; done)
fi
ocs=
if command -v ocsinventory-agent >/dev/null; then
    mkdir -p "$work/ocs"
    ocs=$(for _ in $(seq "$runs"); do measure ocsinventory-agent --local="$work/ocs"; done)
fi

python3 - "$first" "$steady" "$fusion" "$ocs" "$simulation" <<'EOF'
import statistics, sys
def med(block):
    rows = [tuple(map(float, l.split())) for l in block.splitlines() if l.strip()]
    if not rows:
        return None
    failed = [r for r in rows if r[2] != 0]
    if failed:
        sys.exit(f"a measured run failed (exit status {int(failed[0][2])})")
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows) / 1024, len(rows)
first, steady, fusion, ocs, simulation = (med(b) for b in sys.argv[1:6])
def show(name, m, against=None):
    if m is None:
        print(f"{name:44} not installed")
        return
    ratio = f"   {m[0] / against[0]:5.2f}x the time, {m[1] / against[1]:5.2f}x the memory of FusionInventory" if against else ""
    print(f"{name:44} {m[0]:6.2f} s wall  {m[1]:6.1f} MiB peak RSS  (median of {m[2]}){ratio}")
show("arsring-agent run --once, first run", first, fusion)
show("arsring-agent run --once, nothing changed", steady, fusion)
show("fusioninventory-inventory", fusion)
show("ocsinventory-agent --local", ocs, fusion)
show("apt-get -s dist-upgrade alone", simulation, fusion)
EOF

#!/usr/bin/env bash
# One poll of a simulated vCenter with 50 ESXi hosts and 2 000 VMs (VMware's own simulator,
# tests/peers/vcsim), and the collector's ingest of what it found.
#
#   tests/bench/vsphere-poll.sh                 # 50 hosts, 2000 VMs, 5 runs
#   HOSTS=20 VMS=500 RUNS=3 tests/bench/vsphere-poll.sh
#
# Prints, per run: wall time and peak RSS of `arsring-agent vsphere poll --print` (the poll
# alone: SOAP requests with paging, plus the tags over REST), the SOAP requests it made, and
# the wall time of the same poll sending every report to a real collector over HTTPS (each
# report durably stored before the next is sent), with the collector's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
HOSTS=${HOSTS:-50}
VMS=${VMS:-2000}
RUNS=${RUNS:-5}
PAGE=${PAGE:-250}

tests/peers/install.sh >/dev/null
cargo build --release --locked -q --bin arsring-agent --bin arsring-collector
agent=target/release/arsring-agent
collector=target/release/arsring-collector
work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

tests/peers/vcsim.sh -listen 127.0.0.1:0 -user arsring-ro -password 'Sommar2024!' -tls \
    -ca-out "$work/vc-ca.pem" -truth-out "$work/truth.json" -hosts "$HOSTS" -vms "$VMS" >"$work/vcsim.out" 2>/dev/null &
pids+=($!)
until grep -q '^URL ' "$work/vcsim.out" 2>/dev/null; do sleep 0.2; done
url=$(awk '/^URL /{print $2}' "$work/vcsim.out")
export ARSRING_VSPHERE_PASSWORD='Sommar2024!'
echo "simulated vCenter: $HOSTS hosts, $VMS VMs at $url; page size $PAGE; $(nproc) cores"

# VMware's Python SDK reading the same properties, side by side, where it is installed
# (python3 -m venv /var/tmp/arsring-bench-venv && /var/tmp/arsring-bench-venv/bin/pip install pyvmomi).
PYVMOMI=${PYVMOMI:-/var/tmp/arsring-bench-venv/bin/python}
printf '%-6s %10s %10s %9s %9s | %12s %14s | %10s %10s\n' run "poll s" "agent MiB" requests reports "poll+send s" "collector MiB" "pyVmomi s" "pyVmomi MiB"
for run in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$agent" vsphere poll --url "$url" --user arsring-ro \
        --vcenter-ca "$work/vc-ca.pem" --page-size "$PAGE" --print >"$work/reports.jsonl" 2>"$work/poll.err"
    read -r wall rss <"$work/time"
    requests=$(sed -n 's/.* \([0-9]*\) requests.*/\1/p' "$work/poll.err")
    reports=$(wc -l <"$work/reports.jsonl")

    data="$work/data-$run"
    "$collector" serve --data-dir "$data" --listen 127.0.0.1:0 >"$work/collector.out" 2>/dev/null &
    cpid=$!
    until grep -q 'listening on' "$work/collector.out" 2>/dev/null; do sleep 0.1; done
    curl_url=$(awk '/listening on/{print $NF}' "$work/collector.out")
    token=$("$collector" token create --data-dir "$data" --role agent --name bench 2>/dev/null)
    start=$(date +%s.%N)
    "$agent" --collector "$curl_url" --token "$token" --ca "$data/tls/ca.pem" --state-dir "$work/state-$run" \
        vsphere poll --url "$url" --user arsring-ro --vcenter-ca "$work/vc-ca.pem" --page-size "$PAGE" 2>/dev/null
    end=$(date +%s.%N)
    crss=$(awk '/VmHWM/{print $2}' "/proc/$cpid/status")
    kill "$cpid"; wait "$cpid" 2>/dev/null || true
    py_wall=- py_rss=-
    if "$PYVMOMI" -c 'import pyVmomi' 2>/dev/null; then
        /usr/bin/time -f "%e %M" -o "$work/pytime" "$PYVMOMI" tests/bench/vsphere_pyvmomi.py "$url" arsring-ro \
            "$work/vc-ca.pem" "$PAGE" 2>"$work/py.err"
        read -r py_wall py_rss <"$work/pytime"
        py_rss=$(echo "$py_rss / 1024" | bc -l)
    fi
    printf '%-6s %10.2f %10.1f %9s %9s | %12.2f %14.1f | %10s %10.5s\n' "$run" "$wall" "$(echo "$rss / 1024" | bc -l)" \
        "$requests" "$reports" "$(echo "$end - $start" | bc -l)" "$(echo "$crss / 1024" | bc -l)" "$py_wall" "$py_rss"
done

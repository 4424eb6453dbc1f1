#!/usr/bin/env bash
# The collector's data directory against the raw JSON of the reports it holds: a release
# collector on loopback, the made-up fleet posted ROUNDS times (each round an hour later, new
# report ids, so every report is stored and its history kept), the collector stopped, then
# the size of `store/` on disk (du) and the ratio.
#
#   tests/bench/disk.sh [SERVERS] [NETWORK] [ROUNDS]     (default 8000 12000 5)
#   ARSRING_BIN_DIR=target/debug tests/bench/disk.sh 20 20 2    (the tests' smoke run)
set -euo pipefail
cd "$(dirname "$0")/../.."
servers=${1:-8000}
network=${2:-12000}
rounds=${3:-5}
if [ -n "${ARSRING_BIN_DIR:-}" ]; then
    bin=$ARSRING_BIN_DIR
else
    cargo build --release --locked -q -p arsring-collector -p arsring-e2e --bin arsring-collector --bin fleet-load
    bin=target/release
fi
work=$(mktemp -d)
dir=$work/data
collector_pid=
trap '[ -n "$collector_pid" ] && kill $collector_pid 2>/dev/null; rm -rf "$work"' EXIT
source tests/bench/collector.sh
start_collector "$bin" "$dir"
url=$collector_url
token=$("$bin/arsring-collector" token create --role admin --name bench --data-dir "$dir" 2>/dev/null)
raw=$("$bin/fleet-load" --url "$url" --ca "$dir/tls/ca.pem" --token "$token" \
    --servers "$servers" --network "$network" --rounds "$rounds" | sed -n 's/^raw_json_bytes //p')
kill "$collector_pid"
wait "$collector_pid" 2>/dev/null || true
collector_pid=
store=$(du -sb "$dir/store" | cut -f1)
python3 - "$servers" "$network" "$rounds" "$raw" "$store" <<'EOF'
import sys
servers, network, rounds, raw, store = map(int, sys.argv[1:])
devices = servers + network
print(f"{devices} devices x {rounds} reports: raw JSON {raw / 1e6:.1f} MB, store on disk {store / 1e6:.1f} MB, "
      f"ratio {store / raw:.2f}; {store / devices / rounds:.0f} bytes per report stored")
EOF

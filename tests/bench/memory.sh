#!/usr/bin/env bash
# The collector's memory with a large fleet: a release collector on loopback, the made-up
# fleet posted through the API (fleet-load), then every heavy read once; prints resident
# memory after loading and the peak.
# Usage: tests/bench/memory.sh [SERVERS] [NETWORK]
set -euo pipefail
cd "$(dirname "$0")/../.."
servers=${1:-8000}
network=${2:-12000}
cargo build --release -q -p arsring-collector -p arsring-e2e --bin arsring-collector --bin fleet-load
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
target/release/arsring-collector serve --data-dir "$dir" --listen "127.0.0.1:$port" 2>"$dir/log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do [ -f "$dir/tls/ca.pem" ] && curl -s --cacert "$dir/tls/ca.pem" "https://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
token=$(target/release/arsring-collector token create --role admin --name bench --data-dir "$dir" 2>/dev/null)
rss() { grep "$1" /proc/$pid/status | awk '{print $2}'; }
echo "started: $(( $(rss VmRSS) / 1024 )) MiB"
/usr/bin/time -f "loaded in %e s" target/release/fleet-load --url "https://127.0.0.1:$port" --ca "$dir/tls/ca.pem" \
  --token "$token" --servers "$servers" --network "$network" >/dev/null
echo "after loading $((servers + network)) devices: $(( $(rss VmRSS) / 1024 )) MiB resident"
for path in /api/v1/devices /api/v1/summary /api/v1/lifecycle/heatmap /api/v1/lifecycle/outdated \
  "/api/v1/devices?format=csv" / /servers /network /heatmap; do
  curl -s -o /dev/null --cacert "$dir/tls/ca.pem" -H "Authorization: Bearer $token" "https://127.0.0.1:$port$path"
done
echo "after the heavy reads: $(( $(rss VmRSS) / 1024 )) MiB resident, peak $(( $(rss VmHWM) / 1024 )) MiB"
echo "store on disk: $(du -sm "$dir/store" | cut -f1) MiB"
kill $pid; wait $pid 2>/dev/null || true
target/release/arsring-collector serve --data-dir "$dir" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 300); do curl -s --cacert "$dir/tls/ca.pem" "https://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
echo "restarted on that store: $(( $(rss VmRSS) / 1024 )) MiB resident"
kill $pid

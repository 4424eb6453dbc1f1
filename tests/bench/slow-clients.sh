#!/usr/bin/env bash
# Slow clients (slowloris and silent connections) against a release collector on loopback.
# Usage: tests/bench/slow-clients.sh [SLOW_CONNECTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
slow=${1:-400}
seconds=${2:-40}
cargo build --release -q -p arsring-collector
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$((20000 + RANDOM % 20000))
ARSRING_LOG=warn target/release/arsring-collector quickstart --data-dir "$dir" --listen "127.0.0.1:$port" >"$dir/out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "is running at" "$dir/out" 2>/dev/null && break; sleep 0.2; done
ulimit -n 4096
python3 tests/bench/slow_clients.py "https://127.0.0.1:$port" "$dir/tls/ca.pem" --slow "$slow" --seconds "$seconds"
echo "collector peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"

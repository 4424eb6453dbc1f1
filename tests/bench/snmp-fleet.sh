#!/usr/bin/env bash
# SNMP inventory of a fleet of simulated devices from one agent, side by side in the same
# run with Net-SNMP's command-line tools fetching the same data from the same devices with
# the same parallelism.
#
#   tests/bench/snmp-fleet.sh            # 4 simulator processes x 10 endpoints x 5 recordings = 200 devices
#   PROCS=8 ENDPOINTS=10 PARALLEL=64 tests/bench/snmp-fleet.sh
#
# Requests are counted from the kernel's UDP counters (/proc/net/snmp OutDatagrams: every
# request and every answer is one datagram on loopback), the same way for both tools.
set -euo pipefail
cd "$(dirname "$0")/../.."
PROCS=${PROCS:-4}
ENDPOINTS=${ENDPOINTS:-10}
PARALLEL=${PARALLEL:-64}
BASE_PORT=${BASE_PORT:-17000}
PEERS_DIR="${ARSRING_PEERS_DIR:-/var/tmp/arsring-peers}"
RECORDINGS=(switch/cisco-c3560 switch/h3c-e528-1 switch/huawei-s12704 switch/dlink-des3200 router/juniper-mx960-16-1r6-7-a)

tests/peers/install.sh >/dev/null
cargo build --release --locked -q --bin arsring-agent
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

endpoints=()
for p in $(seq 0 $((PROCS - 1))); do
    args=()
    for e in $(seq 0 $((ENDPOINTS - 1))); do
        port=$((BASE_PORT + p * ENDPOINTS + e))
        endpoints+=("127.0.0.1:$port")
        args+=(--agent-udpv4-endpoint="127.0.0.1:$port")
    done
    (cd / && exec "$PEERS_DIR/venv/bin/snmpsim-command-responder" --data-dir="$PEERS_DIR/snmprec/network" \
        --cache-dir="$PEERS_DIR/cache" --process-user=nobody --process-group=nogroup --log-level=error \
        "${args[@]}" >/dev/null 2>&1) &
    pids+=($!)
done
for ep in "${endpoints[@]}"; do
    until snmpget -v2c -c switch/cisco-c3560 -t 0.5 -r 0 -Oqv "$ep" 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1; do sleep 0.2; done
done
devices=$(( ${#endpoints[@]} * ${#RECORDINGS[@]} ))
echo "$PROCS simulator processes, ${#endpoints[@]} endpoints, $devices devices, parallelism $PARALLEL"

{
    echo "[snmp]"
    echo "concurrency = $PARALLEL"
    echo "timeout_ms = 5000"
    for r in "${RECORDINGS[@]}"; do
        printf '[[snmp.targets]]\nhosts = [%s]\ncommunity = "%s"\n' \
            "$(printf '"%s",' "${endpoints[@]}" | sed 's/,$//')" "$r"
    done
} > "$work/agent.toml"
for ep in "${endpoints[@]}"; do for r in "${RECORDINGS[@]}"; do echo "$ep $r"; done; done > "$work/targets"

udp_out() { awk '/^Udp:/ { if (header) { print $5 } else { header = 1 } }' /proc/net/snmp; }

run() { # label, command...
    local label=$1; shift
    local before after
    before=$(udp_out)
    if declare -F "$1" >/dev/null; then
        # Shell functions cannot be timed by /usr/bin/time: time the function's bash.
        export -f "$1"; export work
        /usr/bin/time -f "%e %M" -o "$work/time" bash -c "$1"
    else
        /usr/bin/time -f "%e %M" -o "$work/time" "$@"
    fi
    after=$(udp_out)
    read -r wall rss < "$work/time"
    local requests=$(( (after - before) / 2 ))
    printf '| %s | %s s | %s | %.1f | %s MiB |\n' "$label" "$wall" "$requests" \
        "$(echo "$requests / $devices" | bc -l)" "$((rss / 1024))"
}

netsnmp() { # endpoint community: the system scalars in one GETBULK, then entPhysicalTable
    snmpbulkget -m '' -v2c -c "$2" -Cn7 -Cr0 -t 5 -On "$1" \
        1.3.6.1.2.1.1.1 1.3.6.1.2.1.1.2 1.3.6.1.2.1.1.3 1.3.6.1.2.1.1.4 1.3.6.1.2.1.1.5 1.3.6.1.2.1.1.6 1.3.6.1.2.1.1.7 >/dev/null
    snmpbulkwalk -m '' -v2c -c "$2" -Cr50 -t 5 -On "$1" 1.3.6.1.2.1.47.1.1.1.1 >/dev/null
}
export -f netsnmp

echo
echo "| tool | wall time | requests | requests/device | peak RSS |"
echo "| --- | ---: | ---: | ---: | ---: |"
agent_poll() {
    target/release/arsring-agent --config "$work/agent.toml" --state-dir "$work/state" snmp poll-all --print \
        > "$work/agent.ndjson" 2> "$work/agent.err"
}
run "arsring-agent snmp poll-all" agent_poll
run "snmpbulkget + snmpbulkwalk -Cr50 (xargs -P $PARALLEL)" \
    xargs -P "$PARALLEL" -L 1 bash -c 'netsnmp "$0" "$1"' < "$work/targets"
echo
echo "agent: $(cat "$work/agent.err")"
echo "agent reports: $(wc -l < "$work/agent.ndjson") lines, $(grep -c '"reachable":true' "$work/agent.ndjson") answered"
echo "(peak RSS of the Net-SNMP row is that of one process: xargs runs many small ones)"

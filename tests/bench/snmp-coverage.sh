#!/usr/bin/env bash
# Issue 14: every network recording of snmpsim-data (74) polled at once through one SNMP
# Simulator, by one `arsring-agent snmp poll-all` and, in the same run, by Net-SNMP's
# command-line tools fetching the same subtrees from the same devices at the same
# parallelism. Prints Markdown table rows, like snmp-fleet.sh.
#
#   tests/bench/snmp-coverage.sh                   # RUNS=3 PARALLEL=16 PORT=17190
#
# What each tool asks every device (the agent's request plan is in agent/src/snmp/poll.rs):
#   system group      with the device's own LLDP identity (lldpLocalSystemData's chassis id
#                     subtype, chassis id and name, of LLDP-MIB and LLDP-V2-MIB)
#                     agent: non-repeaters of its first GETBULK
#                     Net-SNMP: snmpbulkget -Cn13 -Cr0 of the thirteen scalars
#   entPhysicalTable  agent: walks the class column (the rest of that first GETBULK), then
#                     GETs eleven columns of the entities that are not ports, sensors,
#                     containers or stacks
#                     Net-SNMP: snmpbulkwalk of the whole table (a command-line walk cannot
#                     choose rows from what an earlier walk found)
#   vendor objects    the scalars agent/src/snmp/vendor/objects.rs lists for the enterprise of
#                     the recording's sysObjectID, and the per-entity vendor columns of
#                     agent/src/snmp/vendor_mib.rs for the same entities as above
#                     agent: in its entity GET; Net-SNMP: one snmpget
#   unit tables       only without an ENTITY-MIB chassis, the vendor's UNIT_TABLES
#                     agent: GETBULKs of 1-3 columns; Net-SNMP: snmpbulkwalk of the table
#   neighbours        lldpRemTable, lldpV2RemTable and cdpCacheTable; agent: GETBULKs of
#                     their sixteen columns side by side; Net-SNMP: snmpbulkwalk -Cc of each
#                     table (-Cc: some recordings answer out of order; the agent follows them
#                     too)
#   port names        one GET of lldpLocPortTable cells and ifName for the ports a neighbour
#                     was seen on (Net-SNMP: snmpget of the same OIDs, taken from its walks)
#   (an entPhysicalTable without its class column: the agent walks the eleven detail columns;
#   Net-SNMP has the whole table from its walk already)
# Both use max-repetitions 50, a 4 s timeout and 2 retries, 16 devices at a time.
#
# Requests are counted from the kernel's UDP counters (/proc/net/snmp OutDatagrams: every
# request and every answer is one datagram on loopback), as snmp-fleet.sh does. Run as root
# the whole benchmark runs in a network namespace of its own (unshare --net), so nothing
# else on the machine adds to the counters.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
PARALLEL=${PARALLEL:-16}
PORT=${PORT:-17190}
PEERS_DIR="${ARSRING_PEERS_DIR:-/var/tmp/arsring-peers}"
DATA="$PEERS_DIR/snmprec/network"

if [ "${ARSRING_BENCH_NETNS:-}" != 1 ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
    tests/peers/install.sh >/dev/null
    cargo build --release --locked -q --bin arsring-agent
    exec unshare --net env ARSRING_BENCH_NETNS=1 "$0" "$@"
fi
if [ "${ARSRING_BENCH_NETNS:-}" = 1 ]; then
    ip link set lo up
else
    tests/peers/install.sh >/dev/null
    cargo build --release --locked -q --bin arsring-agent
    echo "(not root: the UDP counters are the machine's; other traffic during the run adds to them)"
fi

work=$(mktemp -d)
chmod 755 "$work"
sim=""
cleanup() { if [ -n "$sim" ]; then kill "$sim" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

# The plan: per recording, its community, the vendor scalars for its enterprise, the unit
# tables, and the per-entity vendor columns; read from the agent's own tables.
python3 - "$DATA" agent/src/snmp/vendor/objects.rs agent/src/snmp/vendor_mib.rs > "$work/plan" <<'EOF'
import pathlib, re, sys
data, objects, vendor_mib = pathlib.Path(sys.argv[1]), open(sys.argv[2]).read(), open(sys.argv[3]).read()
def table(text, start, key):
    body = text[text.index(start):]
    body = body[:body.index("\n];")]
    return [([int(e) for e in ents.split(",") if e.strip()], oid)
            for ents, oid in re.findall(r'&\[([0-9,\s]+)\],\s*(?:' + key + r')\s*"([0-9.]+)"', body)]
scalars = table(objects, "pub const SCALARS", "")
units = table(objects, "pub const UNIT_TABLES", "entry:")
columns = [([int(e) for e in ents.split(",")], oid)
           for ents, oid in re.findall(r'enterprises: &\[([0-9,\s]+)\],\s*column: "([0-9.]+)"', vendor_mib)]
assert len(scalars) > 40 and len(units) >= 6 and len(columns) == 2, (len(scalars), len(units), len(columns))
for path in sorted(data.rglob("*.snmprec")):
    enterprise = None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("1.3.6.1.2.1.1.2.0|"):
                value = line.rstrip("\n").split("|", 2)[2]
                if value.startswith("1.3.6.1.4.1."):
                    enterprise = int(value.split(".")[6])
                break
    pick = lambda rows: " ".join(oid for ents, oid in rows if enterprise in ents)
    community = str(path.relative_to(data))[: -len(".snmprec")]
    print(f"{community}|{pick(scalars)}|{pick(units)}|{pick(columns)}")
EOF
devices=$(wc -l < "$work/plan")

tests/peers/snmpsim.sh "$DATA" "127.0.0.1:$PORT" >"$work/snmpsim.log" 2>&1 &
sim=$!
until snmpget -v2c -c switch/cisco-c3560 -t 0.5 -r 0 -Oqv "127.0.0.1:$PORT" 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1; do
    kill -0 "$sim" 2>/dev/null || { cat "$work/snmpsim.log" >&2; exit 1; }
    sleep 0.5
done

{
    echo "[snmp]"
    echo "concurrency = $PARALLEL"
    echo "timeout_ms = 4000"
    echo "retries = 2"
    echo "max_repetitions = 50"
    cut -d'|' -f1 "$work/plan" | while read -r c; do
        printf '\n[[snmp.targets]]\nhosts = ["127.0.0.1:%s"]\ncommunity = "%s"\n[snmp.targets.tags.extra]\nrecording = "%s"\n' \
            "$PORT" "$c" "$c"
    done
} > "$work/agent.toml"

# OutDatagrams, InErrors (a full receive buffer among them), NoPorts (an answer after its
# client gave up).
udp() { awk '/^Udp:/ { if (header) { print $5, $4, $3 } else { header = 1 } }' /proc/net/snmp; }
sim_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$sim/stat"; }
# Busy CPU time of the whole machine (user, nice, system, irq, softirq, steal), to tell
# whether something else ran during a run.
machine_cpu() { awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }

# One device for Net-SNMP: a line of the plan.
netsnmp() {
    local c scalars units columns
    IFS='|' read -r c scalars units columns <<< "$1"
    local d
    d=$(mktemp -d -p "$work/dev")
    local started=$EPOCHREALTIME
    local o=(-m '' -v2c -c "$c" -t 4 -r 2 -On "127.0.0.1:$PORT")
    {
        snmpbulkget "${o[@]}" -Cn13 -Cr0 1.3.6.1.2.1.1.{1,2,3,4,5,6,7} \
            1.0.8802.1.1.2.1.3.{1,2,3} 1.3.111.2.802.1.1.13.1.3.{1,2,3} >/dev/null
        snmpbulkwalk "${o[@]}" -Cr50 -Cc 1.3.6.1.2.1.47.1.1.1.1 > "$d/entity"
        # Entities worth details (not port 10, sensor 8, container 5, stack 11), and chassis.
        local details chassis
        details=$(awk '$1 ~ /^\.1\.3\.6\.1\.2\.1\.47\.1\.1\.1\.1\.5\.[0-9]+$/ && $3 == "INTEGER:" &&
                       $4 ~ /^([1-467]|9|12)$/ { n = split($1, a, "."); print a[n] }' "$d/entity")
        chassis=$(awk '$1 ~ /^\.1\.3\.6\.1\.2\.1\.47\.1\.1\.1\.1\.5\.[0-9]+$/ && $4 == "3"' "$d/entity")
        local oids=($scalars) col i
        for col in $columns; do for i in $details; do oids+=("$col.$i"); done; done
        # snmpget takes at most 128 OIDs a command (one request each).
        if [ "${#oids[@]}" -gt 0 ]; then printf '%s\n' "${oids[@]}" | xargs -n 128 snmpget "${o[@]}" >/dev/null; fi
        if [ -z "$chassis" ]; then
            for col in $units; do snmpbulkwalk "${o[@]}" -Cr50 -Cc "$col" >/dev/null; done
        fi
        snmpbulkwalk "${o[@]}" -Cr50 -Cc 1.0.8802.1.1.2.1.4.1.1 > "$d/lldp"
        snmpbulkwalk "${o[@]}" -Cr50 -Cc 1.3.111.2.802.1.1.13.1.4.1.1 > "$d/lldpv2"
        snmpbulkwalk "${o[@]}" -Cr50 -Cc 1.3.6.1.4.1.9.9.23.1.2.1.1 > "$d/cdp"
        # The local ports of the neighbours: lldpRemTable index TimeMark.LocalPortNum.RemIndex
        # (columns 4-9, as the agent), lldpV2RemTable index TimeMark.IfIndex.Dest.RemIndex
        # (columns 5-10; the agent reads it only when lldpRemTable is empty), cdpCacheTable
        # index IfIndex.DeviceIndex.
        local ports=()
        mapfile -t ports < <(
            awk '$1 ~ /^\.1\.0\.8802\.1\.1\.2\.1\.4\.1\.1\.[4-9]\.[0-9]+\.[0-9]+\.[0-9]+$/ {
                     split($1, a, "."); p[a[14]] = 1 }
                 END { for (n in p) for (k = 2; k <= 4; k++) print "1.0.8802.1.1.2.1.3.7.1." k "." n }' "$d/lldp"
            awk '$1 ~ /^\.1\.3\.6\.1\.4\.1\.9\.9\.23\.1\.2\.1\.1\.[0-9]+\.[0-9]+\.[0-9]+$/ {
                     split($1, a, "."); p[a[16]] = 1 }
                 END { for (n in p) print "1.3.6.1.2.1.31.1.1.1.1." n }' "$d/cdp"
            if [ ! -s "$d/lldp" ] || ! grep -q '^\.1\.0\.8802\.1\.1\.2\.1\.4\.1\.1\.' "$d/lldp"; then
                awk '$1 ~ /^\.1\.3\.111\.2\.802\.1\.1\.13\.1\.4\.1\.1\.([5-9]|10)\.[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ {
                         split($1, a, "."); p[a[16]] = 1 }
                     END { for (n in p) print "1.3.6.1.2.1.31.1.1.1.1." n }' "$d/lldpv2"
            fi)
        if [ "${#ports[@]}" -gt 0 ]; then printf '%s\n' "${ports[@]}" | xargs -n 128 snmpget "${o[@]}" >/dev/null; fi
    } 2> "$d/err"
    local rc=$?
    local seconds
    seconds=$(echo "$EPOCHREALTIME - $started" | bc)
    echo "$c $seconds $(grep -c . "$d/err")" >> "$work/netsnmp.devices"
    if [ -s "$d/err" ]; then sed "s|^|$c: |" "$d/err" >> "$work/netsnmp.err"; fi
    rm -rf "$d"
    return $rc
}

agent_poll() {
    target/release/arsring-agent --config "$work/agent.toml" --state-dir "$work/state" snmp poll-all --print \
        > "$work/agent.ndjson" 2> "$work/agent.err"
}
netsnmp_all() {
    mkdir -p "$work/dev"
    : > "$work/netsnmp.devices"
    : > "$work/netsnmp.err"
    xargs -d '\n' -n 1 -P "$PARALLEL" bash -c 'netsnmp "$0"' < "$work/plan"
}
export -f netsnmp agent_poll netsnmp_all
export work PORT PARALLEL

run() { # run number, label, function
    local n=$1 label=$2 fn=$3
    local out0 err0 np0 out1 err1 np1 cpu0 cpu1 all0 all1
    read -r out0 err0 np0 < <(udp)
    cpu0=$(sim_cpu)
    all0=$(machine_cpu)
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" bash -c "$fn" || echo "($label exited non-zero)" >&2
    if ! kill -0 "$sim" 2>/dev/null; then
        echo "the simulator (pid $sim) has gone during the $label run; its log:" >&2
        tail -n 30 "$work/snmpsim.log" >&2
        exit 1
    fi
    cpu1=$(sim_cpu)
    all1=$(machine_cpu)
    read -r out1 err1 np1 < <(udp)
    local wall rss user sys
    read -r wall rss user sys < <(tail -n 1 "$work/time")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$label" "$wall" "$(( (out1 - out0) / 2 ))" \
        "$((rss / 1024))" "$(echo "$user + $sys" | bc)" "$(echo "$cpu1 - $cpu0" | bc)" \
        "$((err1 - err0))" "$((np1 - np0))" "$(echo "$all1 - $all0" | bc)" >> "$work/results"
}

echo "$(date -u +%F), $devices recordings, one SNMP Simulator (pid $sim), parallelism $PARALLEL, $RUNS runs"
echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM"
: > "$work/results"
for n in $(seq 1 "$RUNS"); do
    run "$n" agent agent_poll
    echo "run $n agent: $(tail -n 1 "$work/agent.err")"
    python3 - "$work/agent.ndjson" > "$work/agent.summary" <<'EOF'
import json, sys
reports = [json.loads(l) for l in open(sys.argv[1])]
rows = sorted(((r["device"]["reachability"], r["device"]["tags"]["extra"]["recording"]) for r in reports),
              key=lambda x: -x[0]["elapsed_ms"])
answered = sum(1 for r, _ in rows if r["reachable"])
print(f"{len(rows)} reports, {answered} answered, {sum(r['requests'] for r, _ in rows)} requests by the agent's own count")
print("slowest: " + ", ".join(f"{name} {r['elapsed_ms']} ms {r['requests']} req" for r, name in rows[:5]))
byreq = sorted(rows, key=lambda x: -x[0]["requests"])
print("most requests: " + ", ".join(f"{name} {r['requests']}" for r, name in byreq[:5]))
hist = {}
for r, _ in rows:
    hist[r["requests"]] = hist.get(r["requests"], 0) + 1
print("requests per device: " + ", ".join(f"{k}: {v}" for k, v in sorted(hist.items())))
for r, name in rows:
    if not r["reachable"]:
        print(f"UNREACHABLE {name}: {r['reason']}")
EOF
    sed 's/^/  /' "$work/agent.summary"
    run "$n" netsnmp netsnmp_all
    echo "run $n Net-SNMP: $(wc -l < "$work/netsnmp.devices") devices, $(cut -d' ' -f3 "$work/netsnmp.devices" | paste -sd+ | bc) error lines;" \
        "slowest: $(sort -k2 -rn "$work/netsnmp.devices" | head -n 5 | awk '{ printf "%s %.2f s, ", $1, $2 }')"
    if [ -s "$work/netsnmp.err" ]; then sort "$work/netsnmp.err" | uniq -c | sort -rn | head -n 5 | sed 's/^/  /'; fi
done

echo
python3 - "$work/results" "$devices" "$PARALLEL" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
devices, parallel = int(sys.argv[2]), sys.argv[3]
print("| run | tool | wall time | requests | peak RSS | CPU, tool | CPU, snmpsim | CPU, whole machine | UDP InErrors | UDP NoPorts |")
print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n, tool, wall, req, rss, cpu, sim, errs, noports, machine in rows:
    print(f"| {n} | {tool} | {wall} s | {req} | {rss} MiB | {float(cpu):.2f} s | {float(sim):.2f} s | {float(machine):.2f} s | {errs} | {noports} |")
print()
print(f"| median of {len(rows) // 2}, {devices} devices, parallelism {parallel} | wall time | requests | requests/device | peak RSS | CPU, tool | CPU, snmpsim |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
labels = {"agent": "`arsring-agent snmp poll-all`",
          "netsnmp": f"Net-SNMP `snmpbulkget` + `snmpbulkwalk -Cr50 -Cc` + `snmpget` (`xargs -P {parallel}`)"}
med = {}
for tool in ("agent", "netsnmp"):
    mine = [r for r in rows if r[1] == tool]
    m = lambda i, f=float: statistics.median(f(r[i]) for r in mine)
    med[tool] = (m(2), m(3), m(4), m(5), m(6))
    wall, req, rss, cpu, sim = med[tool]
    rss_note = "one process" if tool == "agent" else "largest process"
    print(f"| {labels[tool]} | {wall:.2f} s | {req:.0f} | {req / devices:.1f} | {rss:.0f} MiB ({rss_note}) | {cpu:.2f} s | {sim:.2f} s |")
a, n = med["agent"], med["netsnmp"]
print(f"| ratio, agent / Net-SNMP | {a[0] / n[0]:.2f} | {a[1] / n[1]:.2f} | | | | {a[4] / n[4]:.2f} |")
EOF
echo
echo "(peak RSS of the Net-SNMP rows is the largest single process: xargs runs many small ones;"
echo " CPU, tool is user + system time of the tool and all its children; CPU, snmpsim is the simulator's;"
echo " CPU, whole machine well above their sum means something else ran at the same time)"

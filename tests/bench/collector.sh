# Sourced by the bench scripts: `start_collector BIN DATA_DIR` serves a collector from BIN on
# a free loopback port with its data in DATA_DIR, and sets `collector_url` and
# `collector_pid` once it answers (its URL is the first line it prints).
start_collector() {
    local bin=$1 data=$2
    mkdir -p "$data"
    # Created here, not by the background job's redirection: the first `sed` below may run
    # before the job has started, and under `set -e` a failed read ends the script.
    : >"$data.out"
    "$bin/arsring-collector" serve --data-dir "$data" --listen 127.0.0.1:0 >"$data.out" 2>/dev/null &
    collector_pid=$!
    collector_url=
    for _ in $(seq 100); do
        collector_url=$(sed -n 's/^arsring-collector listening on //p' "$data.out")
        [ -n "$collector_url" ] && grep -q '^CA fingerprint' "$data.out" && return 0
        sleep 0.1
    done
    echo "the collector did not start" >&2
    return 1
}

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

# `ticks PID`: the process's CPU time so far (user + system) in clock ticks, or `gone`.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo gone; }

# `busy_collector DIR`: waits for the collector from DIR that `ingest-bench` started to be
# under load and sets `busy_pid`. The devices enrol first, one after another; the load has
# begun when the collector uses more than 0.8 of a core (enrolling takes less).
busy_collector() {
    local dir=$1 before after
    busy_pid=
    for _ in $(seq 240); do
        busy_pid=${busy_pid:-$(pgrep -n -f "$dir/arsring-collector.* serve" || true)}
        if [ -n "$busy_pid" ]; then
            before=$(ticks "$busy_pid"); sleep 0.5; after=$(ticks "$busy_pid")
            # A process that matched and is gone was not the collector: look again.
            if [ "$before" = gone ] || [ "$after" = gone ]; then busy_pid=; continue; fi
            # Clock ticks, 100 a second: 40 in half a second is 0.8 of a core.
            [ $((after - before)) -gt 40 ] && return 0
        else
            sleep 0.5
        fi
    done
    echo "the collector did not come under load" >&2
    return 1
}

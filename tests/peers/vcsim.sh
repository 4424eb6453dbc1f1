#!/usr/bin/env bash
# Runs the vSphere simulator that install.sh built ($ARSRING_PEERS_DIR/bin/arsring-vcsim) in
# the foreground. exec: the PID is the simulator's, so tests can kill it by PID (SIGTERM:
# it removes its temporary datastore directory and exits 0).
#
#   tests/peers/vcsim.sh [flags...]
#   tests/peers/vcsim.sh -listen 127.0.0.1:0 -user arsring -password 'S3cret!' \
#       -tls -ca-out /tmp/t/ca.pem -truth-out /tmp/t/truth.json
#
# The first line on stdout is "URL https://127.0.0.1:<port>/sdk", written once the inventory,
# the tags, the CA file and the truth file are ready. See README.md ("vSphere simulator").
set -euo pipefail
BIN="${ARSRING_PEERS_DIR:-/var/tmp/arsring-peers}/bin/arsring-vcsim"
if [ ! -x "$BIN" ]; then
    echo "vcsim.sh: $BIN is missing: run tests/peers/install.sh first" >&2
    exit 1
fi
exec "$BIN" "$@"

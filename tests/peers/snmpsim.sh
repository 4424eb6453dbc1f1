#!/usr/bin/env bash
# Runs SNMP Simulator (snmpsim-command-responder, from the venv tests/peers/install.sh made)
# in the foreground, serving every recording under <data-dir> on one UDP endpoint.
#
# Usage: snmpsim.sh <data-dir> <127.0.0.1:port> [cache-dir]
#   data-dir   e.g. ${ARSRING_PEERS_DIR:-/var/tmp/arsring-peers}/snmprec/network
#   endpoint   IPv4 host:port to bind (port 0 = any free port; the log line
#              "Listening at UDP/IPv4 endpoint ..." does not show the port picked, so tests
#              should choose a port themselves)
#   cache-dir  where snmpsim keeps its index of each recording (default
#              $ARSRING_PEERS_DIR/cache, pre-built by install.sh). The index is named after
#              the *absolute data file path*, so processes serving the same data dir share
#              it; never let two processes build the same missing index at the same time
#              (give a private cache-dir to a data dir that install.sh did not index).
#
# COMMUNITY STRING -> RECORDING RULE
#   Every *.snmprec (also .snmprec.bz2, .snmpwalk, .sapwalk, .dump, .MVC) file found
#   recursively under <data-dir> is served under the SNMPv1/v2c community equal to its path
#   relative to <data-dir>, without the extension, with "/" separators:
#       <data-dir>/switch/cisco-c3560.snmprec      ->  -c switch/cisco-c3560
#       <data-dir>/router/juniper-mx960-16-1r6-7-a.snmprec -> -c router/juniper-mx960-16-1r6-7-a
#   (a file named public.snmprec at the top is community "public"). A community that
#   matches no file gets NO answer at all (the request times out). For SNMPv3 the same
#   string is the context name (-n), if it is at most 32 characters; otherwise use the
#   md5 hex digest of it, which is always accepted as context name too.
#
# SNMPv3 (optional, environment):
#   SNMPSIM_V3_USER, SNMPSIM_V3_AUTH_KEY, SNMPSIM_V3_PRIV_KEY,
#   SNMPSIM_V3_AUTH_PROTO (default SHA; also MD5 SHA224 SHA256 SHA384 SHA512 NONE),
#   SNMPSIM_V3_PRIV_PROTO (default AES; also DES 3DES AES128 AES192 AES256 ... NONE).
#   Without SNMPSIM_V3_USER snmpsim's built-in user "simulator" (MD5 "auctoritas",
#   DES "privatus") is configured. Setting a user replaces it.
# Other environment: SNMPSIM_LOG_LEVEL (error|info|debug; default error: "info" logs every
#   request var-bind), ARSRING_PEERS_DIR.
#
# Privileges: snmpsim refuses to run as root, so as root this drops to nobody:nogroup
# (--process-user/--process-group; the same process, so its PID stays valid for `kill`).
# Hence the data dir, the venv and the cache dir must be readable (cache: writable) by
# nobody; install.sh arranges that. As a non-root user it just runs as that user.
set -euo pipefail

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
    sed -n '2,12p' "$0" >&2
    exit 2
fi
PEERS_DIR="${ARSRING_PEERS_DIR:-/var/tmp/arsring-peers}"
VENV="$PEERS_DIR/venv"
[ -x "$VENV/bin/snmpsim-command-responder" ] || {
    echo "snmpsim.sh: $VENV/bin/snmpsim-command-responder missing: run tests/peers/install.sh" >&2
    exit 1
}
[ -d "$1" ] || { echo "snmpsim.sh: data dir $1 does not exist" >&2; exit 1; }
# Absolute, normalised path: snmpsim derives index file names from it.
DATA_DIR="$(cd "$1" && pwd -P)"
ENDPOINT="$2"
[[ "$ENDPOINT" =~ ^[0-9.]+:[0-9]+$ ]] || { echo "snmpsim.sh: endpoint must be IPv4:port, got $ENDPOINT" >&2; exit 2; }
CACHE_DIR="${3:-$PEERS_DIR/cache}"

args=(
    --data-dir="$DATA_DIR"
    --agent-udpv4-endpoint="$ENDPOINT"
    --cache-dir="$CACHE_DIR"
    --log-level="${SNMPSIM_LOG_LEVEL:-error}"
)
if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$CACHE_DIR"
    chown nobody:nogroup "$CACHE_DIR"
    args+=(--process-user=nobody --process-group=nogroup)
fi
if [ -n "${SNMPSIM_V3_USER:-}" ]; then
    args+=(--v3-user="$SNMPSIM_V3_USER")
    if [ -n "${SNMPSIM_V3_AUTH_KEY:-}" ]; then
        args+=(--v3-auth-key="$SNMPSIM_V3_AUTH_KEY" --v3-auth-proto="${SNMPSIM_V3_AUTH_PROTO:-SHA}")
    fi
    if [ -n "${SNMPSIM_V3_PRIV_KEY:-}" ]; then
        args+=(--v3-priv-key="$SNMPSIM_V3_PRIV_KEY" --v3-priv-proto="${SNMPSIM_V3_PRIV_PROTO:-AES}")
    fi
fi
# snmpsim's confdir reads $HOME at import time.
export HOME="${HOME:-/nonexistent}"
cd /
exec "$VENV/bin/snmpsim-command-responder" "${args[@]}"

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's tests (see README.md, "PostgreSQL").
#
#   postgres.sh <workdir> [port]
#
# The first run in <workdir> makes a test CA and a server certificate for 127.0.0.1 (openssl
# CLI; <workdir>/tls/ca.pem is the CA to trust), runs initdb into <workdir>/data (UTF8,
# C.UTF-8, superuser `postgres`), writes the settings below and pg_hba.conf, and creates the
# role `arsring` (password, LOGIN) and the database `arsring` it owns, in single-user mode.
# A later run in the same <workdir> keeps all of that and only starts the server again (the
# port is the one given, else the one used last). Then it prints
#   URL postgres://arsring:<password>@127.0.0.1:<port>/arsring
#   SUPERUSER_URL postgres://postgres:<password>@127.0.0.1:<port>/postgres
#   CA <workdir>/tls/ca.pem
#   SOCKET <workdir>/run
#   PID <pid>
# on stdout and runs the postmaster in the foreground (`exec`, so <pid> is this script's PID
# and the postmaster's), logging to stderr. It accepts connections once line 8 of
# <workdir>/data/postmaster.pid says `ready` (what `pg_ctl -w` waits for; or poll
# `pg_isready -h 127.0.0.1 -p <port>`). SIGINT is a fast shutdown (`pg_ctl stop -m fast`),
# SIGTERM a smart one, SIGQUIT an immediate one.
#
# Listens on 127.0.0.1:<port> only, and on a unix socket in <workdir>/run (mode 0700).
# pg_hba.conf: the socket is `trust` (only postgres and root can reach it); TCP from
# 127.0.0.1 is scram-sha-256, with TLS (`hostssl`) or without (`hostnossl`): ssl = on, not
# required. fsync, synchronous_commit and full_page_writes are on (the defaults, spelled out:
# the store's durability is tested against this). Port 0 or none: a free one is picked.
#
# initdb and postgres refuse to run as root: run as root (CI), the script makes <workdir>
# the `postgres` system user's (Debian's postgresql-common creates it) and runs every
# command as that user with setpriv (which execs, so the PID stays the same). <workdir>'s
# parent directories must be searchable by that user (/tmp is). Run as another user, it
# runs as that user.
#
# The binaries: $ARSRING_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin.
set -euo pipefail
umask 077

die() { printf 'postgres.sh: %s\n' "$*" >&2; exit 1; }
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 <workdir> [port]" >&2; exit 2; }

SUPERUSER=postgres
SUPERUSER_PASSWORD="postgres-Secret-0"   # = POSTGRES_SUPERUSER_PASSWORD in tests/src/peers.rs
USER_NAME=arsring
USER_PASSWORD="arsring-pg-Secret-5"      # = POSTGRES_PASSWORD in tests/src/peers.rs
DATABASE=arsring

PG_BIN="${ARSRING_PG_BIN:-}"
if [ -z "$PG_BIN" ]; then
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi
for tool in initdb postgres; do
    [ -x "$PG_BIN/$tool" ] || die "$tool not found in ${PG_BIN:-/usr/lib/postgresql/*/bin}; run tests/peers/install.sh"
done
command -v openssl >/dev/null || die "openssl not found; run tests/peers/install.sh"

mkdir -p "$1"
W="$(cd "$1" && pwd -P)"
# The socket path (<workdir>/run/.s.PGSQL.<port>) must fit in sockaddr_un (107 bytes).
[ "${#W}" -le 80 ] || die "workdir path too long for a unix socket: $W"

as_pg() { "${AS_PG[@]}" "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    getent passwd postgres >/dev/null || die "no user postgres (Debian package postgresql-common makes it)"
    chown postgres:postgres "$W"
    AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    as_pg test -x "$W" -a -w "$W" ||
        die "user postgres cannot reach $W: its parent directories must be searchable (o+x)"
else
    AS_PG=()
fi
chmod 755 "$W"   # so anyone can read tls/ca.pem; data/ and run/ stay 0700
cd "$W"

PORT="${2:-0}"
if [ "$PORT" = 0 ] && [ -f "$W/.initialized" ] && [ -f "$W/port" ]; then
    PORT="$(cat "$W/port")"
fi
if [ "$PORT" = 0 ]; then
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 40000))
        # Nothing answers a connect: free (good enough on a test machine).
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
    done
    [ "$PORT" != 0 ] || die "found no free port"
fi

if [ ! -f "$W/.initialized" ]; then
    as_pg rm -rf "$W/data" "$W/tls" "$W/run"
    as_pg mkdir -m 700 "$W/data" "$W/run"
    as_pg mkdir -m 755 "$W/tls"

    # --- TLS: a CA and a server certificate for 127.0.0.1 and localhost -------------------
    (
        cd "$W/tls"
        as_pg openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
            -subj "/CN=Arsring test PostgreSQL CA" -keyout ca.key -out ca.pem \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
        as_pg openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
            -subj "/CN=127.0.0.1" -keyout server.key -out server.csr 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' |
            as_pg tee server.ext >/dev/null
        as_pg openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
            -extfile server.ext -out server.pem 2>/dev/null
        as_pg chmod 644 ca.pem server.pem
    )

    # --- the cluster -----------------------------------------------------------------------
    printf '%s\n' "$SUPERUSER_PASSWORD" | as_pg tee "$W/superuser.pw" >/dev/null
    # initdb's own final sync stays on (about 0.3 s): the files it wrote are on disk too.
    if ! as_pg "$PG_BIN/initdb" -D "$W/data" -U "$SUPERUSER" --pwfile="$W/superuser.pw" \
        -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 \
        --no-instructions >"$W/initdb.log" 2>&1; then
        cat "$W/initdb.log" >&2
        die "initdb failed"
    fi
    rm -f "$W/superuser.pw"

    cat <<EOF | as_pg tee -a "$W/data/postgresql.conf" >/dev/null

# --- Årsring test peer (tests/peers/postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$W/run'
unix_socket_permissions = 0700
max_connections = 50
shared_buffers = 32MB
huge_pages = off
fsync = on
synchronous_commit = on
full_page_writes = on
password_encryption = 'scram-sha-256'
ssl = on
ssl_cert_file = '$W/tls/server.pem'
ssl_key_file = '$W/tls/server.key'
ssl_min_protocol_version = 'TLSv1.2'
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
log_destination = 'stderr'
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    cat <<'EOF' | as_pg tee "$W/data/pg_hba.conf" >/dev/null
# TYPE    DATABASE  USER  ADDRESS        METHOD
local     all       all                  trust
hostssl   all       all   127.0.0.1/32   scram-sha-256
hostnossl all       all   127.0.0.1/32   scram-sha-256
EOF

    # The role and its database, without a server: single-user mode, one statement a line.
    if ! printf '%s\n' \
        "CREATE ROLE $USER_NAME LOGIN PASSWORD '$USER_PASSWORD'" \
        "CREATE DATABASE $DATABASE OWNER $USER_NAME" |
        as_pg "$PG_BIN/postgres" --single -D "$W/data" -c log_min_messages=warning postgres >"$W/setup.log" 2>&1 ||
        grep -q 'ERROR' "$W/setup.log"; then
        cat "$W/setup.log" >&2
        die "creating the role and database failed"
    fi
    as_pg touch "$W/.initialized"
fi
printf '%s\n' "$PORT" | as_pg tee "$W/port" >/dev/null

cat <<EOF
URL postgres://$USER_NAME:$USER_PASSWORD@127.0.0.1:$PORT/$DATABASE
SUPERUSER_URL postgres://$SUPERUSER:$SUPERUSER_PASSWORD@127.0.0.1:$PORT/postgres
CA $W/tls/ca.pem
SOCKET $W/run
PID $$
EOF
exec "${AS_PG[@]}" "$PG_BIN/postgres" -D "$W/data" -p "$PORT"

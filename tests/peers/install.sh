#!/usr/bin/env bash
# Installs the test peers used by the interop and browser tests (see tests/peers/README.md):
#   * Debian packages: snmpd (Net-SNMP agent), snmp (snmpget/snmpbulkwalk...), python3-venv,
#     chromium and chromium-driver (headless browser tests of the dashboard),
#     golang-go and golang-github-vmware-govmomi-dev (the vSphere simulator, built offline),
#     slapd and ldap-utils (OpenLDAP, the directory behind the dashboard's log-in tests),
#     postgresql (the server and psql, for the PostgreSQL store's tests; no cluster of the
#     distribution's own is created: tests/peers/postgres.sh makes throwaway ones);
#     the packaged snmpd, slapd and postgresql *services* are stopped/disabled: tests start
#     their own.
#   * a virtualenv made with Debian's /usr/bin/python3 (readable by user nobody, which
#     snmpsim drops to) holding snmpsim, pysmi, snmpsim-data and cryptography (needed by
#     pysnmp for SNMPv3 privacy), and openpyxl (the tests read the .xlsx workbooks back),
#   * the device recordings, bzip2-decompressed, under $ARSRING_PEERS_DIR/snmprec/network/,
#   * a pre-built snmpsim index for them in $ARSRING_PEERS_DIR/cache (so that tests start
#     many simulators at once without racing to build the same index),
#   * $ARSRING_PEERS_DIR/bin/arsring-vcsim: tests/peers/vcsim/main.go (govmomi's vCenter
#     simulator with a municipal-looking inventory) built with Debian's Go and govmomi
#     (GO111MODULE=off, GOPATH=/usr/share/gocode: nothing is downloaded). Rebuilt when
#     main.go, the Go version or the govmomi package changes.
#
# Idempotent: a second run only checks (well under a second). Needs root or sudo for apt.
# Environment:
#   ARSRING_PEERS_DIR   where everything goes (default /var/tmp/arsring-peers). Must be a
#                       path user nobody can traverse (not under /root).
#   ARSRING_SNMPREC     recordings to extract, relative to snmpsim_data/data/network without
#                       ".snmprec.bz2" (default: all of them, 74 in snmpsim-data 1.0.1).
set -euo pipefail
umask 022

PEERS_DIR="${ARSRING_PEERS_DIR:-/var/tmp/arsring-peers}"
VENV="$PEERS_DIR/venv"
SNMPREC_DIR="$PEERS_DIR/snmprec/network"
CACHE_DIR="$PEERS_DIR/cache"
DEBIAN_PKGS=(snmpd snmp python3-venv chromium chromium-driver fonts-dejavu-core golang-go golang-github-vmware-govmomi-dev
    slapd ldap-utils openssl postgresql time)
# Versions verified together (see README.md). Everything in the venv is pinned.
PIP_PINS=(
    snmpsim==1.2.2 snmpsim-data==1.0.1 pysmi==1.6.3 pysnmp==7.1.30 pyasn1==0.6.5
    cryptography==50.0.2 cffi==2.1.1 pycparser==3.12
    Jinja2==3.1.6 MarkupSafe==3.0.4 ply==3.11 requests==2.34.2 certifi==2026.10.19.post1
    charset-normalizer==3.5.2 idna==3.20 urllib3==2.8.0
    openpyxl==3.1.5 et-xmlfile==2.0.0
)

SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"
say() { printf '[peers] %s\n' "$*" >&2; }
die() { printf '[peers] ERROR: %s\n' "$*" >&2; exit 1; }
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "need root or sudo for: $*"; fi
}
as_nobody() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -u nobody "$@"
    else "$@"; fi
}

# --- 1. Debian packages ---------------------------------------------------------------
missing=()
for pkg in "${DEBIAN_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    # slapd's postinst would otherwise build a database for dc=nodomain and start the system
    # service; the tests start their own slapd from a temp dir, so it configures nothing.
    echo "slapd slapd/no_configuration boolean true" | as_root debconf-set-selections
    # postgresql-NN's postinst would create and start a "main" cluster on port 5432 unless
    # createcluster.conf (which includes createcluster.d) says no. Only for this install.
    pg_new=0 pg_no_main_made=0
    case " ${missing[*]} " in *" postgresql "*) pg_new=1 ;; esac
    pg_no_main=/etc/postgresql-common/createcluster.d/arsring-no-main-cluster.conf
    if [ "$pg_new" -eq 1 ] && [ ! -e "$pg_no_main" ]; then
        as_root mkdir -p "$(dirname "$pg_no_main")"
        printf '# tests/peers/install.sh, removed after it installed postgresql\ncreate_main_cluster = false\n' |
            as_root tee "$pg_no_main" >/dev/null
        pg_no_main_made=1
        trap 'as_root rm -f "$pg_no_main"' EXIT
    fi
    as_root apt-get -o DPkg::Lock::Timeout=900 update -q >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends \
        "${missing[@]}" >/dev/null
    # The package enables (and on a systemd machine starts) snmpd on UDP 161. Tests run
    # their own snmpd on a loopback port; the system service must not be relied on.
    if [ -d /run/systemd/system ]; then
        as_root systemctl disable --now snmpd.service >/dev/null 2>&1 || true
    elif [ -f /run/snmpd.pid ] && kill -0 "$(cat /run/snmpd.pid)" 2>/dev/null; then
        as_root service snmpd stop >/dev/null 2>&1 || true
    fi
    if [ -d /run/systemd/system ]; then
        as_root systemctl disable --now slapd.service >/dev/null 2>&1 || true
    elif [ -f /run/slapd/slapd.pid ] && kill -0 "$(cat /run/slapd/slapd.pid)" 2>/dev/null; then
        as_root service slapd stop >/dev/null 2>&1 || true
    fi
    # Should a cluster exist anyway (e.g. the configuration of an earlier install was kept),
    # it must not run. (Only when this run installed postgresql: one the machine had before
    # is somebody's database.)
    if [ "$pg_new" -eq 0 ]; then
        :
    elif [ -d /run/systemd/system ]; then
        as_root systemctl disable --now postgresql.service >/dev/null 2>&1 || true
    elif command -v pg_lsclusters >/dev/null; then
        pg_lsclusters -h 2>/dev/null | while read -r version cluster _ status _; do
            case "$status" in online*) as_root pg_ctlcluster "$version" "$cluster" stop >/dev/null 2>&1 || true ;; esac
        done
    fi
    if [ "$pg_no_main_made" -eq 1 ]; then as_root rm -f "$pg_no_main"; trap - EXIT; fi
fi
[ -x /usr/bin/python3 ] || die "/usr/bin/python3 is missing (python3-venv should have pulled it in)"
for tool in snmpd snmpget snmpbulkwalk chromium chromedriver go slapd slapadd ldapsearch openssl setpriv; do
    command -v "$tool" >/dev/null || die "$tool not found after installing ${DEBIAN_PKGS[*]}"
done
# postgres.sh takes the newest /usr/lib/postgresql/<version>/bin (no version hard-coded).
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
for tool in initdb postgres psql; do
    [ -x "$PG_BIN/$tool" ] || die "$tool not found in ${PG_BIN:-/usr/lib/postgresql/*/bin} after installing postgresql"
done

# --- 2. virtualenv with snmpsim -------------------------------------------------------
case "$PEERS_DIR" in /root|/root/*) die "ARSRING_PEERS_DIR=$PEERS_DIR: user nobody cannot read under /root" ;; esac
as_root mkdir -p "$PEERS_DIR"
as_root chmod 755 "$PEERS_DIR"
stamp="$VENV/.arsring-pins"
want_pins="$(printf '%s\n' "${PIP_PINS[@]}")"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want_pins" ]; then
    say "creating venv $VENV (Debian /usr/bin/python3) and installing snmpsim"
    as_root rm -rf "$VENV"
    as_root /usr/bin/python3 -m venv "$VENV"
    as_root "$VENV/bin/pip" install -q --disable-pip-version-check "${PIP_PINS[@]}" >&2
    printf '%s\n' "$want_pins" | as_root tee "$stamp" >/dev/null
    as_root chmod -R a+rX "$VENV"
fi
PKG_DATA="$("$VENV/bin/python" -c 'import os, snmpsim_data; print(os.path.join(os.path.dirname(snmpsim_data.__file__), "data", "network"))')"
[ -d "$PKG_DATA" ] || die "snmpsim_data package data not found at $PKG_DATA"
# Default: every network recording (74 in snmpsim-data 1.0.1; the coverage test polls them all).
DEFAULT_RECORDINGS="$(cd "$PKG_DATA" && find . -name '*.snmprec*' | sed -e 's|^\./||' -e 's|\.snmprec\(\.bz2\)\{0,1\}$||' | sort | tr '\n' ' ')"
read -r -a RECORDINGS <<<"${ARSRING_SNMPREC:-$DEFAULT_RECORDINGS}"
[ "${#RECORDINGS[@]}" -gt 0 ] || die "no recordings found in $PKG_DATA"

# --- 3. recordings, decompressed ------------------------------------------------------
as_root mkdir -p "$SNMPREC_DIR"
extracted=0
for rec in "${RECORDINGS[@]}"; do
    dst="$SNMPREC_DIR/$rec.snmprec"
    if [ -f "$PKG_DATA/$rec.snmprec.bz2" ]; then src="$PKG_DATA/$rec.snmprec.bz2"
    elif [ -f "$PKG_DATA/$rec.snmprec" ]; then src="$PKG_DATA/$rec.snmprec"
    else die "recording $rec not found in snmpsim-data ($PKG_DATA)"; fi
    if [ -f "$dst" ] && [ "$dst" -nt "$src" ]; then continue; fi
    as_root mkdir -p "$(dirname "$dst")"
    as_root "$VENV/bin/python" - "$src" "$dst" <<'PY'
import bz2, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
opener = bz2.open if src.endswith(".bz2") else open
with opener(src, "rb") as fi, open(dst + ".tmp", "wb") as fo:
    shutil.copyfileobj(fi, fo, 1 << 20)
os.replace(dst + ".tmp", dst)
PY
    extracted=$((extracted + 1))
done
as_root chmod -R a+rX "$PEERS_DIR/snmprec"

# --- 4. warm snmpsim index (built as nobody, in the cache dir snmpsim.sh uses) -----------
as_root mkdir -p "$CACHE_DIR"
if [ "$(id -u)" -eq 0 ]; then chown nobody:nogroup "$CACHE_DIR"; fi
SNMPREC_REAL="$(cd "$SNMPREC_DIR" && pwd -P)"   # snmpsim.sh passes the physical path
index_missing=0
for rec in "${RECORDINGS[@]}"; do
    # snmpsim names the index after the data file path with "/" turned into "_".
    idx="$CACHE_DIR/$(printf '%s' "$SNMPREC_REAL/$rec.dbm" | tr '/' '_')"
    if ! ls "$idx"* >/dev/null 2>&1 || [ "$SNMPREC_DIR/$rec.snmprec" -nt "$(ls "$idx"* | head -n1)" ]; then
        index_missing=1
    fi
done
if [ "$index_missing" -eq 1 ]; then
    say "building snmpsim indexes of ${#RECORDINGS[@]} recordings in $CACHE_DIR (first run only, a few minutes)"
    log="$(mktemp)"
    chmod 644 "$log"
    # Port 0: the kernel picks a free port; only the index build matters here.
    ARSRING_PEERS_DIR="$PEERS_DIR" SNMPSIM_LOG_LEVEL=info "$SCRIPT_DIR/snmpsim.sh" "$SNMPREC_DIR" 127.0.0.1:0 "$CACHE_DIR" >"$log" 2>&1 &
    sim_pid=$!
    for _ in $(seq 1 6000); do
        grep -q "Listening at" "$log" 2>/dev/null && break
        kill -0 "$sim_pid" 2>/dev/null || break
        sleep 0.2
    done
    ok=0; grep -q "Listening at" "$log" && ok=1
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    if [ "$ok" -ne 1 ]; then cat "$log" >&2; rm -f "$log"; die "snmpsim failed to index the recordings"; fi
    rm -f "$log"
fi

# --- 5. vSphere simulator (govmomi's simulator package, Debian's Go, offline) ----------
VCSIM_SRC="$SCRIPT_DIR/vcsim/main.go"
VCSIM_BIN="$PEERS_DIR/bin/arsring-vcsim"
GOVMOMI_SRC=/usr/share/gocode/src/github.com/vmware/govmomi
[ -f "$VCSIM_SRC" ] || die "$VCSIM_SRC is missing"
[ -d "$GOVMOMI_SRC/simulator" ] || die "govmomi sources not found in $GOVMOMI_SRC (golang-github-vmware-govmomi-dev)"
GOVMOMI_VERSION="$(dpkg-query -W -f='${Version}' golang-github-vmware-govmomi-dev)"
GO_VERSION="$(go env GOVERSION 2>/dev/null || go version | awk '{print $3}')"
# The stamp holds what the binary was built from; any change (or no binary) rebuilds it.
VCSIM_LDFLAGS="-s -w"
want_vcsim="$(sha256sum "$VCSIM_SRC" | cut -d' ' -f1) $GO_VERSION govmomi=$GOVMOMI_VERSION ldflags=$VCSIM_LDFLAGS"
vcsim_built=0
# (A content hash rather than mtimes: a fresh clone's newer main.go does not force a rebuild.)
if [ ! -x "$VCSIM_BIN" ] || [ "$(cat "$VCSIM_BIN.stamp" 2>/dev/null)" != "$want_vcsim" ]; then
    say "building $VCSIM_BIN ($GO_VERSION, govmomi $GOVMOMI_VERSION; first build ~1 min)"
    as_root mkdir -p "$PEERS_DIR/bin" "$PEERS_DIR/go-cache"
    # GOPATH mode against the Debian package sources; GOPROXY=off: a missing import fails
    # instead of reaching for the network. CGO off: no C compiler needed, static binary.
    as_root env GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$PEERS_DIR/go-cache" GOENV=off \
        GOFLAGS= GOPROXY=off CGO_ENABLED=0 go build -trimpath -ldflags="$VCSIM_LDFLAGS" -o "$VCSIM_BIN.tmp" "$VCSIM_SRC" >&2
    as_root mv -f "$VCSIM_BIN.tmp" "$VCSIM_BIN"
    printf '%s\n' "$want_vcsim" | as_root tee "$VCSIM_BIN.stamp" >/dev/null
    as_root chmod -R a+rX "$PEERS_DIR/bin"
    vcsim_built=1
fi
"$VCSIM_BIN" -h >/dev/null 2>&1 || die "$VCSIM_BIN -h failed"
if [ "$vcsim_built" -eq 1 ]; then
    # A real start: small inventory, kernel-chosen port, wait for the URL line.
    log="$(mktemp)"
    "$VCSIM_BIN" -listen 127.0.0.1:0 -hosts 2 -vms 3 >"$log" 2>&1 &
    vcsim_pid=$!
    for _ in $(seq 1 300); do
        grep -q '^URL ' "$log" 2>/dev/null && break
        kill -0 "$vcsim_pid" 2>/dev/null || break
        sleep 0.1
    done
    ok=0; grep -q '^URL ' "$log" && ok=1
    kill "$vcsim_pid" 2>/dev/null || true
    wait "$vcsim_pid" 2>/dev/null || true
    if [ "$ok" -ne 1 ]; then cat "$log" >&2; rm -f "$log"; die "arsring-vcsim did not start"; fi
    rm -f "$log"
fi

# --- 6. checks ------------------------------------------------------------------------
as_nobody test -r "$SNMPREC_DIR/${RECORDINGS[0]}.snmprec" || die "recordings are not readable by nobody"
as_nobody "$VENV/bin/python" -c 'import snmpsim, pysnmp, cryptography' || die "venv not usable by nobody"

printf 'peers ready: snmpd %s, slapd %s, PostgreSQL %s, snmpsim %s, snmpsim-data %s, %d recordings in %s (%d extracted now), arsring-vcsim (govmomi %s, %s%s)\n' \
    "$(snmpd -v 2>/dev/null | awk '/NET-SNMP version/ {print $3}')" \
    "$(dpkg-query -W -f='${Version}' slapd)" \
    "$("$PG_BIN/postgres" --version | awk '{print $3}')" \
    "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("snmpsim"))')" \
    "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("snmpsim-data"))')" \
    "${#RECORDINGS[@]}" "$SNMPREC_DIR" "$extracted" \
    "$GOVMOMI_VERSION" "$GO_VERSION" "$([ "$vcsim_built" -eq 1 ] && echo ', built now' || true)"

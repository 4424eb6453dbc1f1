#!/usr/bin/env bash
# The Debian packages, end to end: builds arsring-agent and arsring-collector .deb files
# (deploy/deb/build.sh) into target/debian/, installs them, checks what they installed and
# what they did NOT start, purges them and checks that only the data is left.
#
#   tests/packages.sh                                        # cargo build --release first
#   ARSRING_RELEASE_DIR=target/release tests/packages.sh     # reuse binaries already built
#
# Installing needs root or passwordless sudo. Without either the packages are still built,
# the rest reports SKIPPED, and ARSRING_REQUIRE_PEERS=1 (CI) turns that into a failure.
# A run that failed half-way leaves packages installed: the next run purges them first.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/debian
# Set when this test (not an admin) made /var/lib/arsring, so a later run may delete it.
made_data_dir=$out/.tests-made-var-lib-arsring
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

say() { printf '==> %s\n' "$*"; }
fail() {
    echo "FAILED: $*" >&2
    exit 1
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
# dpkg's whole output goes to a log, shown when the step fails.
dpkg_logged() {
    local name=$1
    shift
    as_root dpkg "$@" >"$log/$name" 2>&1 || { cat "$log/$name" >&2; fail "dpkg $*"; }
}
status() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true; }
# A process runs this executable (pgrep is not everywhere; /proc is).
running() {
    local exe
    for exe in /proc/[0-9]*/exe; do
        [ "$(as_root readlink "$exe" 2>/dev/null)" = "$1" ] && return 0
    done
    return 1
}

build_debs() {
    local release=${ARSRING_RELEASE_DIR:-}
    if [ -z "$release" ]; then
        say "cargo build --release (set ARSRING_RELEASE_DIR to reuse binaries)"
        cargo build --release --locked -p arsring-agent -p arsring-collector
        release=target/release
    fi
    say "build the .deb files"
    mapfile -t debs < <(deploy/deb/build.sh "$release" "$out")
    [ "${#debs[@]}" = 2 ] || fail "deploy/deb/build.sh wrote ${#debs[@]} packages, not 2"
    printf '    %s\n' "${debs[@]}"
}

# Purges what a failed run left, and the data directory only if that run made it.
clean_previous_run() {
    local pkg
    for pkg in arsring-agent arsring-collector; do
        if [ -n "$(status "$pkg")" ] && [ "$(status "$pkg")" != not-installed ]; then
            say "purge $pkg ($(status "$pkg")), left by a previous run"
            dpkg_logged "purge-previous-$pkg" --purge "$pkg"
        fi
    done
    if [ -e "$made_data_dir" ]; then
        as_root rm -rf /var/lib/arsring
        rm -f "$made_data_dir"
    fi
    [ ! -e /var/lib/arsring ] ||
        fail "/var/lib/arsring exists and this test did not make it: move it away (it may be an inventory)"
}

check_installed() {
    say "check the installation"
    grep -q "neither enabled nor started" "$log/install" ||
        fail "the collector's postinst did not say how to start it"
    grep -q "arsring-agent is installed but not started" "$log/install" ||
        fail "the agent's postinst did not say how to start it"
    [ "$(/usr/bin/arsring-collector --version)" = "arsring-collector $version" ] ||
        fail "arsring-collector --version: $(/usr/bin/arsring-collector --version)"
    # Reads the packaged /etc/arsring/agent.toml; prints the report as JSON, sends nothing.
    local code=0
    as_root /usr/bin/arsring-agent collect >"$log/report.json" 2>"$log/collect.err" || code=$?
    [ "$code" = 0 ] || { cat "$log/collect.err" >&2; fail "arsring-agent collect exited $code"; }
    if command -v jq >/dev/null; then
        jq -e 'type == "object"' "$log/report.json" >/dev/null || fail "arsring-agent collect printed no JSON report"
    else
        [ "$(head -c 1 "$log/report.json")" = "{" ] || fail "arsring-agent collect printed no JSON report"
    fi
    getent passwd arsring >/dev/null || fail "no system user arsring"
    [ "$(stat -c '%U:%G %a' /var/lib/arsring)" = "arsring:arsring 750" ] ||
        fail "/var/lib/arsring is $(stat -c '%U:%G %a' /var/lib/arsring), not arsring:arsring 750"
    check_conffiles arsring-agent /etc/arsring/agent.toml
    check_conffiles arsring-collector /etc/arsring/collector.toml /etc/arsring/costs.toml \
        /etc/arsring/lifecycle.toml
    grep -q '^ExecStart=/usr/bin/arsring-collector serve' /usr/lib/systemd/system/arsring-collector.service ||
        fail "arsring-collector.service does not run /usr/bin/arsring-collector"
    # Not configured, so neither runs nor starts at the next boot.
    local pkg
    for pkg in arsring-collector arsring-agent; do
        ! running "/usr/bin/$pkg" || fail "$pkg was started"
        [ ! -L "/etc/systemd/system/multi-user.target.wants/$pkg.service" ] || fail "$pkg.service was enabled"
    done
    # The command the postinst prints works: the service user can write its data directory.
    as_root runuser -u arsring -- /usr/bin/arsring-collector token create \
        --config /etc/arsring/collector.toml --role admin --name packages-test 2>/dev/null | grep -q '^ars_' ||
        fail "the first admin token could not be created as the postinst says"
}

# check_conffiles PKG FILE...: dpkg knows exactly these conffiles, and they are installed.
check_conffiles() {
    local pkg=$1 listed
    shift
    listed=$(dpkg-query -W -f='${Conffiles}\n' "$pkg" | awk 'NF { print $1 }' | sort | xargs)
    [ "$listed" = "$(printf '%s\n' "$@" | sort | xargs)" ] || fail "$pkg conffiles: $listed; expected $*"
    local file
    for file in "$@"; do [ -f "$file" ] || fail "$file missing"; done
}

purge_and_check() {
    say "purge, and check what is left"
    local pkg path
    for pkg in arsring-agent arsring-collector; do dpkg-query -L "$pkg" >>"$log/files"; done
    dpkg_logged purge --purge arsring-agent arsring-collector
    grep -qF "dpkg --purge leaves /var/lib/arsring: remove it yourself if you mean to delete the inventory" \
        "$log/purge" || { cat "$log/purge" >&2; fail "the purge did not say that it leaves /var/lib/arsring"; }
    for pkg in arsring-agent arsring-collector; do
        [ "$(status "$pkg")" = not-installed ] || [ -z "$(status "$pkg")" ] || fail "$pkg is $(status "$pkg")"
    done
    while read -r path; do
        if [ "$path" = /. ] || { [ ! -e "$path" ] && [ ! -L "$path" ]; }; then continue; fi
        # A shared directory (/usr/bin, /usr/lib/systemd/system) stays for its other owners.
        if [ -d "$path" ] && { dpkg-query -S "$path" >/dev/null 2>&1 || [ -n "$(ls -A "$path")" ]; }; then
            continue
        fi
        fail "$path is still there after the purge"
    done <"$log/files"
    [ ! -e /etc/arsring ] || fail "/etc/arsring is still there after the purge"
    ! getent passwd arsring >/dev/null || fail "the system user arsring was not removed"
    as_root test -s /var/lib/arsring/collector/tokens.json || fail "the purge took the data in /var/lib/arsring"
}

# The data outlived the user; installing again gives its files back to the new user.
reinstall_and_check() {
    say "install the collector again over the data left, and purge"
    dpkg_logged reinstall -i "$(printf '%s\n' "${debs[@]}" | grep /arsring-collector_)"
    [ "$(as_root stat -c %U /var/lib/arsring/collector/tokens.json)" = arsring ] ||
        fail "the data left by the purge does not belong to the new user arsring"
    dpkg_logged purge-again --purge arsring-collector
}

started=$SECONDS
build_debs
built=$SECONDS
version=$(dpkg-deb -f "${debs[0]}" Version)
if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then
    if [ "${ARSRING_REQUIRE_PEERS:-0}" = 1 ]; then
        fail "installing the packages needs root or passwordless sudo (ARSRING_REQUIRE_PEERS=1)"
    fi
    echo "SKIPPED: installing the packages needs root or passwordless sudo"
    exit 0
fi
clean_previous_run
touch "$made_data_dir"
say "dpkg -i ${debs[*]##*/}"
dpkg_logged install -i "${debs[@]}"
check_installed
purge_and_check
reinstall_and_check
as_root rm -rf /var/lib/arsring
rm -f "$made_data_dir"
say "packages passed (.deb build $((built - started)) s, install, checks and purge $((SECONDS - built)) s)"

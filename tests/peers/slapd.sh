#!/usr/bin/env bash
# A throwaway OpenLDAP directory for the dashboard's log-in tests (see README.md, "slapd").
#
#   slapd.sh <workdir> <ldap-port> <ldaps-port>
#
# Makes a test CA and a server certificate for 127.0.0.1 (openssl CLI; <workdir>/tls/ca.pem
# is the CA to trust), writes <workdir>/slapd.conf (mdb, suffix dc=kommun,dc=example, the
# memberof overlay), loads the people with slapadd, adds the groups through a first slapd on
# a unix socket (so the overlay fills in memberOf, as Active Directory does), then runs slapd
# in the foreground (`exec`, so the PID is slapd's) on
#   ldap://127.0.0.1:<ldap-port>/   (StartTLS offered)   and   ldaps://127.0.0.1:<ldaps-port>/
# Runs as the invoking user (root in CI). Prints "slapd ready" on stderr before the exec.
set -euo pipefail
umask 077

[ $# -eq 3 ] || { echo "usage: $0 <workdir> <ldap-port> <ldaps-port>" >&2; exit 2; }
W="$(mkdir -p "$1" && cd "$1" && pwd -P)"
LDAP_PORT="$2"
LDAPS_PORT="$3"
SUFFIX="dc=kommun,dc=example"
ROOT_DN="cn=admin,$SUFFIX"
ROOT_PW="root-secret-1"
SLAPD=/usr/sbin/slapd
[ -x "$SLAPD" ] || { echo "$SLAPD not found; run tests/peers/install.sh" >&2; exit 1; }

rm -rf "$W/db" "$W/tls" "$W/slapd.conf" "$W"/*.ldif "$W/ldapi"
mkdir -p "$W/db" "$W/tls"

# --- TLS: a CA and a server certificate for 127.0.0.1 and localhost ---------------------
(
    cd "$W/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj "/CN=Arsring test directory CA" -keyout ca.key -out ca.pem \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -subj "/CN=127.0.0.1" -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
        -extfile server.ext -out server.pem 2>/dev/null
    chmod 644 ca.pem
)

# --- configuration -------------------------------------------------------------------
cat >"$W/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile $W/slapd.pid
argsfile $W/slapd.args
loglevel none
TLSCACertificateFile $W/tls/ca.pem
TLSCertificateFile $W/tls/server.pem
TLSCertificateKeyFile $W/tls/server.key

database mdb
maxsize 16777216
suffix "$SUFFIX"
rootdn "$ROOT_DN"
rootpw $ROOT_PW
directory $W/db
# Group membership shows on the person as memberOf, as in Active Directory.
overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
# Passwords serve only binds; everything else is for authenticated users (as in AD).
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
EOF

hash() { /usr/sbin/slappasswd -h '{SSHA}' -s "$1"; }
person() { # uid cn sn password
    printf 'dn: uid=%s,ou=people,%s\nobjectClass: inetOrgPerson\nuid: %s\ncn: %s\nsn: %s\ndisplayName: %s\nuserPassword: %s\n\n' \
        "$1" "$SUFFIX" "$1" "$2" "$3" "$2" "$(hash "$4")"
}
{
    printf 'dn: %s\nobjectClass: dcObject\nobjectClass: organization\no: Kommunen\ndc: kommun\n\n' "$SUFFIX"
    for ou in people groups services; do
        printf 'dn: ou=%s,%s\nobjectClass: organizationalUnit\nou: %s\n\n' "$ou" "$SUFFIX" "$ou"
    done
    printf 'dn: cn=arsring-svc,ou=services,%s\nobjectClass: applicationProcess\nobjectClass: simpleSecurityObject\ncn: arsring-svc\nuserPassword: %s\n\n' \
        "$SUFFIX" "$(hash 'svc-Lösen-9')"
    person anna "Anna Andersson" Andersson 'anna-Lösen-1'
    person bertil "Bertil Berg" Berg 'bertil-Lösen-2'
    person cecilia "Cecilia Ceder" Ceder 'cecilia-Lösen-3'
    person david "David Dahl" Dahl 'david-Lösen-4'
} >"$W/base.ldif"

group() { # cn member-uid...
    local cn="$1"; shift
    printf 'dn: cn=%s,ou=groups,%s\nobjectClass: groupOfNames\ncn: %s\n' "$cn" "$SUFFIX" "$cn"
    for uid in "$@"; do printf 'member: uid=%s,ou=people,%s\n' "$uid" "$SUFFIX"; done
    printf '\n'
}
{
    group arsring-ekonomi anna
    group arsring-lasare bertil
    group arsring-admin cecilia
    # David is in a group, just not one that the collector maps to a role.
    group fikaklubben david anna
} >"$W/groups.ldif"

/usr/sbin/slapadd -q -f "$W/slapd.conf" -l "$W/base.ldif"

# --- groups through a running slapd, so that the overlay writes memberOf ------------------
SOCKET="$W/ldapi"
SOCKET_URL="ldapi://$(printf '%s' "$SOCKET" | sed 's|/|%2F|g')"
"$SLAPD" -f "$W/slapd.conf" -h "$SOCKET_URL"
for _ in $(seq 1 100); do [ -S "$SOCKET" ] && break; sleep 0.05; done
/usr/bin/ldapadd -x -H "$SOCKET_URL" -D "$ROOT_DN" -w "$ROOT_PW" -f "$W/groups.ldif" >/dev/null
first="$(cat "$W/slapd.pid")"
kill "$first"
for _ in $(seq 1 200); do kill -0 "$first" 2>/dev/null || break; sleep 0.05; done
rm -f "$SOCKET"

echo "slapd ready: ldap://127.0.0.1:$LDAP_PORT/ ldaps://127.0.0.1:$LDAPS_PORT/ CA $W/tls/ca.pem" >&2
# -d 0: stay in the foreground (the caller's child), log nothing.
exec "$SLAPD" -d 0 -f "$W/slapd.conf" -h "ldap://127.0.0.1:$LDAP_PORT/ ldaps://127.0.0.1:$LDAPS_PORT/"

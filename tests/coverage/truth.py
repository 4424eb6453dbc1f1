#!/usr/bin/env python3
"""Ground truth for the SNMP poller: what each snmpsim-data 1.0.1 network recording contains.

Reads every network/<category>/*.snmprec[.bz2] file directly (no SNMP) and states per recording the
inventory facts it holds, each with the exact OID it came from; a fact it does not hold is reported
as {"absent": reason}, never guessed. Usage (standard library only, see README.md beside this file):
    python3 tests/coverage/truth.py [DATA_DIR] [--json OUT] [--markdown OUT]
"""
import argparse
import bz2
import json
import re
import subprocess
import sys
from collections import Counter, namedtuple
from pathlib import Path

PEERS_PY = "/var/tmp/arsring-peers/venv/bin/python"
DEFAULT_DIR = Path("/var/tmp/arsring-peers/venv/lib/python3.11/site-packages/snmpsim_data/data/network")

# IANA Private Enterprise Numbers met in these recordings. Every number was checked against IANA's
# registry as shipped in Wireshark's enterprises.tsv (Debian libwireshark-data 4.0.17); the
# IANA registrant name is given where the display name differs. Others: "enterprise N".
ENTERPRISES = {  # IANA: 11 "Hewlett-Packard", 2021 "U.C. Davis, ECE Dept. Tom", 3320 "Shanghai Baud Data …"
    9: "Cisco", 11: "HPE", 171: "D-Link", 850: "Tripp Lite", 1588: "Brocade", 1991: "Brocade (Foundry)",
    2011: "Huawei", 2021: "UCD-SNMP", 2636: "Juniper", 3320: "BDCOM", 3902: "ZTE", 4881: "Ruijie",
    5089: "Clavister", 5651: "Maipu", 6339: "Digital China", 9304: "Connection Technology Systems",
    9833: "Legend Holdings", 12356: "Fortinet", 14331: "Topsec", 14525: "Trapeze", 14823: "Aruba",
    15227: "Venus Info Tech", 15983: "Meru Networks", 19849: "NSFOCUS", 21671: "Netscout", 25053: "Ruckus",
    25461: "Palo Alto Networks", 25506: "H3C", 27971: "China Infosec", 30803: "Vyatta", 31648: "DPtech",
    34774: "Huawei Symantec", 35047: "Sangfor", 38616: "METEL", 41112: "Ubiquiti",
}

# snmprec type tags (snmpsim grammar/snmprec.py: sum of the ASN.1 tag numbers).
OCTET_TAGS = {"4", "68"}  # OCTET STRING, Opaque
INT_TAGS = {"2", "65", "66", "67", "70"}  # Integer32, Counter32, Gauge32, TimeTicks, Counter64
KNOWN_TAGS = OCTET_TAGS | INT_TAGS | {"5", "6", "64", "128", "129", "130"}
OID_RE = re.compile(r"^\d+(\.\d+)+$")
PLACEHOLDERS = {"n/a", "unknown", "none", "0"}  # compared case-insensitively, after stripping

SYS_DESCR, SYS_OBJECT_ID = "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0"
# ENTITY-MIB (RFC 6933) entPhysicalEntry columns.
ENT = "1.3.6.1.2.1.47.1.1.1.1"
ENT_COLS = {2: "descr", 4: "contained_in", 5: "class", 7: "name", 8: "hardware_rev",
            9: "firmware_rev", 10: "software_rev", 11: "serial", 12: "mfg_name", 13: "model"}
CHASSIS, STACK, MODULE = "3", "11", "9"  # PhysicalClass values
MODULE_KEYS = ("name", "descr", "model", "serial")  # what is kept of each module (line card) entity
LLDP_REM = "1.0.8802.1.1.2.1.4.1.1"  # LLDP-MIB lldpRemEntry: .5 ChassisId .7 PortId .8 PortDesc .9 SysName
# lldpLocalSystemData: .1.0 ChassisIdSubtype .2.0 ChassisId .3.0 SysName, in LLDP-MIB and LLDP-V2-MIB.
LLDP_LOC, LLDP_V2_LOC = "1.0.8802.1.1.2.1.3", "1.3.111.2.802.1.1.13.1.3"
CDP_CACHE = "1.3.6.1.4.1.9.9.23.1.2.1.1"  # CISCO-CDP-MIB cdpCacheEntry: .6 DeviceId .7 DevicePort .8 Platform


# oid: scalar instance (…0) or table column; field: serial | firmware | model; check: see below.
VendorObject = namedtuple("VendorObject", "oid name mib field check")


def V(suffix, name, mib, field, check):
    return VendorObject("1.3.6.1.4.1." + suffix, name, mib, field, check)


# Vendor scalars, in fallback order per field. check = "verified": the object was read in the MIB
# text (arcs named in the comment); "corroborated": MIB text not read, but the same OID and name
# appear in independent public pollers (named); "unverified": the OID is corroborated, the object
# name or an arc is not. Public MIB copies read: librenms/librenms mibs/, netdisco/netdisco-mibs.
VENDOR_SCALARS = [
    # --- serial number
    V("2636.3.1.3.0", "jnxBoxSerialNo", "JUNIPER-MIB", "serial", "verified"),  # jnxBoxAnatomy 3
    V("1991.1.1.1.1.2.0", "snChasSerNum", "FOUNDRY-SN-AGENT-MIB", "serial", "verified"),  # snChasGen 2
    V("9.5.1.2.19.0", "chassisSerialNumberString", "CISCO-STACK-MIB", "serial", "corroborated"),  # Torrus, SNMP::Info
    V("9.3.6.3.0", "chassisId", "OLD-CISCO-CHASSIS-MIB", "serial", "verified"),  # chassis 3; settable by hand
    # agentInventoryGroup 3 (model), 4 (serial), 14 (version): Zenoss CiscoController plugin, NetXMS
    V("14179.1.1.1.4.0", "agentInventorySerialNumber", "AIRESPACE-SWITCHING-MIB", "serial", "corroborated"),
    V("12356.100.1.1.1.0", "fnSysSerial", "FORTINET-CORE-MIB", "serial", "verified"),  # whole arc chain read
    # panSys 3; Observium PAN poller comments (sw 1, hw 2, serial 3) + SNMP::Info Layer3::PaloAlto
    V("25461.2.1.2.1.3.0", "panSysSerialNumber", "PAN-COMMON-MIB", "serial", "corroborated"),
    # mtxrSystem 3 (4 = mtxrFirmwareVersion) read in MIKROTIK-MIB; the mtxrSystem arc 14988.1.1.7 not read
    V("14988.1.1.7.3.0", "mtxrSerialNumber", "MIKROTIK-MIB", "serial", "verified"),
    V("1588.2.1.1.1.1.10.0", "swSsn", "SW-MIB", "serial", "verified"),  # swSystem 10 "soft serial number"
    # pysnmp-compiled WLSX-SYSTEMEXT-MIB (…2.1.28 = wlsxSysExtSwVersion) + NetXMS + NAV
    V("14823.2.2.1.2.1.29.0", "wlsxSysExtSerialNumber", "WLSX-SYSTEMEXT-MIB", "serial", "corroborated"),
    V("14525.4.2.1.1.0", "trpzSerialNumber", "TRAPEZE-NETWORK-ROOT-MIB", "serial", "corroborated"),  # Observium
    V("11.2.36.1.1.2.9.0", "hpHttpMgSerialNumber", "SEMI-MIB", "serial", "corroborated"),  # SNMP::Info, FusionInv.
    V("2011.2.235.1.1.1.7.0", "deviceSerialNo", "HUAWEI-SERVER-IBMC-MIB", "serial", "corroborated"),  # iBMC plugins
    # RUIJIE-SYSTEM-MIB ruijieSystemMIBObjects 24 / 2, read in a pysmi compilation of librenms
    # mibs/ruijie/RUIJIE-SYSTEM-MIB (scottpeterman/python-librenms-mibs); Zabbix template agrees
    V("4881.1.1.10.2.1.1.24.0", "ruijieSystemSerialno", "RUIJIE-SYSTEM-MIB", "serial", "verified"),
    # fnFortiSwitchMib 106, fsSysSerial 1.1.1 / fsSysVersion 4.1.1: NetXMS FortiSwitch driver, Datadog profiles
    V("12356.106.1.1.1.0", "fsSysSerial", "FORTINET-FORTISWITCH-MIB", "serial", "corroborated"),
    # --- firmware / software version
    V("1991.1.1.2.1.11.0", "snAgImgVer", "FOUNDRY-SN-AGENT-MIB", "firmware", "verified"),  # snAgentGbl 11
    V("12356.101.4.1.1.0", "fgSysVersion", "FORTINET-FORTIGATE-MIB", "firmware", "corroborated"),  # many pollers
    V("25461.2.1.2.1.1.0", "panSysSwVersion", "PAN-COMMON-MIB", "firmware", "corroborated"),  # as above
    V("14988.1.1.7.4.0", "mtxrFirmwareVersion", "MIKROTIK-MIB", "firmware", "verified"),  # mtxrSystem 4
    V("1588.2.1.1.1.1.6.0", "swFirmwareVersion", "SW-MIB", "firmware", "verified"),  # swSystem 6
    V("14179.1.1.1.14.0", "agentInventoryProductVersion", "AIRESPACE-SWITCHING-MIB", "firmware", "corroborated"),
    V("14823.2.2.1.2.1.28.0", "wlsxSysExtSwVersion", "WLSX-SYSTEMEXT-MIB", "firmware", "corroborated"),
    V("14525.4.2.1.4.0", "trpzVersionString", "TRAPEZE-NETWORK-ROOT-MIB", "firmware", "corroborated"),
    V("4881.1.1.10.2.1.1.2.0", "ruijieSystemSwVersion", "RUIJIE-SYSTEM-MIB", "firmware", "verified"),
    V("12356.106.4.1.1.0", "fsSysVersion", "FORTINET-FORTISWITCH-MIB", "firmware", "corroborated"),
    # --- model
    V("2636.3.1.2.0", "jnxBoxDescr", "JUNIPER-MIB", "model", "verified"),  # jnxBoxAnatomy 2
    V("14179.1.1.1.3.0", "agentInventoryMachineModel", "AIRESPACE-SWITCHING-MIB", "model", "corroborated"),
    V("14823.2.2.1.2.1.3.0", "wlsxSysExtModelName", "WLSX-SYSTEMEXT-MIB", "model", "corroborated"),
    V("11.2.36.1.1.2.5.0", "hpHttpMgProduct", "SEMI-MIB", "model", "corroborated"),  # FusionInventory
    V("2011.2.235.1.1.1.6.0", "deviceName", "HUAWEI-SERVER-IBMC-MIB", "model", "corroborated"),
    # hwEntityExtentMIB 2011.5.25.31, hwSystemGlobalObjects 6, 5: read in a pysmi-compiled copy
    V("2011.5.25.31.6.5.0", "hwEntitySystemModel", "HUAWEI-ENTITY-EXTENT-MIB", "model", "verified"),
    # --- other: reported as found, not decoded (158 = cat6509; 242 and 435 are not in the enum read)
    V("9.3.6.1.0", "chassisType", "OLD-CISCO-CHASSIS-MIB", "other", "verified"),  # chassis 1
]

# Per-row vendor serial tables (field "serial"); the row index follows the column OID.
VENDOR_SERIAL_TABLES = [
    V("2636.3.1.8.1.7", "jnxContentsSerialNo", "JUNIPER-MIB", "serial", "verified"),  # jnxContentsEntry 7 (FRUs)
    V("1991.1.1.1.4.1.1.2", "snChasUnitSerNum", "FOUNDRY-SN-AGENT-MIB", "serial", "verified"),  # per stack unit
    # jnxExVirtualChassis 2636.3.40.1.4, MemberEntry 1.1.1, col 2: SNMP::Info, Centreon, Zabbix
    V("2636.3.40.1.4.1.1.1.2", "jnxVirtualChassisMemberSerialnumber", "JUNIPER-VIRTUALCHASSIS-MIB", "serial",
      "corroborated"),  # per Virtual Chassis member
    # hh3cEntityExtend = hh3cCommon 6, ManuTable = Objects 2.1, col 2, index = entPhysicalIndex;
    # hh3cCommon = 25506.2 (HH3C-OID-MIB) not read
    V("25506.2.6.1.2.1.1.2", "hh3cEntityExtManuSerialNum", "HH3C-ENTITY-EXT-MIB", "serial", "verified"),
    # the same table under the older h3c arc 2011.10.2 (H3C-ENTITY-EXT-MIB): arc unverified
    V("2011.10.2.6.1.2.1.1.2", "h3cEntityExtManuSerialNum", "H3C-ENTITY-EXT-MIB", "serial", "unverified"),
]
# hwRUModuleInfoEntry 4, DateAndTime, index = entPhysicalIndex: read in a pysmi-compiled copy of
# HUAWEI-ENTITY-EXTENT-MIB. HH3C-ENTITY-EXT-MIB has no manufacturing date (its column 25 is
# hh3cEntityExtFirstUsedDate), so none is read for H3C.
HW_MFG_DATE = V("2011.5.25.31.1.1.2.1.4", "hwEntityManufacturedDate", "HUAWEI-ENTITY-EXTENT-MIB", "mfg_date",
                "verified")
# cswSwitchInfoEntry 1 cswSwitchNumCurrent (one row per stack member); Checkmk cisco_stack plugins
CSW_SWITCH_NUM = V("9.9.500.1.2.1.1.1", "cswSwitchNumCurrent", "CISCO-STACKWISE-MIB", "stack", "corroborated")

WANTED_PREFIXES = tuple(p.encode() for p in (
    SYS_DESCR, SYS_OBJECT_ID, ENT + ".", LLDP_REM + ".", LLDP_LOC + ".", LLDP_V2_LOC + ".", CDP_CACHE + ".", CSW_SWITCH_NUM.oid + ".",
    HW_MFG_DATE.oid + ".", *(v.oid for v in VENDOR_SCALARS), *(t.oid + "." for t in VENDOR_SERIAL_TABLES)))


# ---------------------------------------------------------------- reading .snmprec lines

def decode_value(tag, value):
    """(tag, text) → (base tag, value) as snmpsim's SnmprecRecord: 'x' hex, 'e' escaped, else ISO-8859-1."""
    encoding = tag[-1] if tag[-1] in "xe" else ""
    base = tag[:-1] if encoding else tag
    if base not in KNOWN_TAGS:
        raise ValueError(f"unknown type tag {tag!r}")
    data = (bytes.fromhex(value) if encoding == "x"
            else value.encode("latin-1").decode("unicode_escape").encode("latin-1") if encoding == "e"
            else value.encode("latin-1"))
    if base in INT_TAGS:
        return base, int(data.decode("latin-1"))
    if base == "64" and encoding == "x":
        return base, ".".join(str(b) for b in data)
    return base, data if base in OCTET_TAGS else data.decode("latin-1")


def parse_line(raw, stats):
    """(oid, tag, value) for a wanted record, else None; every skipped line is counted by reason."""
    line = raw.strip()  # snmpsim strips the whole line too
    if not line or line.startswith(b"#"):
        stats["comment_or_blank"] += 1
        return None
    parts = line.split(b"|", 2)
    if len(parts) != 3 or not parts[0] or not parts[1]:
        stats["skipped: not OID|TAG|VALUE"] += 1
        return None
    oid, tag = parts[0].decode("latin-1"), parts[1].decode("latin-1")
    if not OID_RE.match(oid):
        stats["skipped: malformed OID"] += 1
    elif ":" in tag:  # TAG:MODULE — the value is generated by a variation module at run time
        stats[f"skipped: variation module {tag.split(':', 1)[1]!r}"] += 1
    elif parts[0].startswith(WANTED_PREFIXES):
        try:
            return (oid, *decode_value(tag, parts[2].decode("latin-1")))
        except (ValueError, UnicodeError) as exc:
            unknown = str(exc).startswith("unknown type tag")
            stats[f"skipped: {exc}" if unknown else f"skipped: bad value for tag {tag!r} ({type(exc).__name__})"] += 1
    return None


def read_recording(path):
    """All wanted records of one file as {oid: (tag, value)}, and per-file line statistics."""
    stats, records = Counter(), {}
    try:
        with (bz2.open(path, "rb") if path.suffix == ".bz2" else open(path, "rb")) as handle:
            for raw in handle:
                stats["lines"] += 1
                parsed = parse_line(raw, stats)
                if parsed:
                    stats["duplicate OID (last kept, as snmpsim's index)"] += parsed[0] in records
                    records[parsed[0]] = parsed[1:]
    except (OSError, EOFError) as exc:  # unreadable or truncated archive: keep what was read
        stats[f"skipped: rest of file unreadable after line {stats['lines']} ({exc})"] += 1
    return records, stats


# ---------------------------------------------------------------- normalising values

def absent(reason, oid=None, source=None):
    return {"absent": reason, **({"oid": oid} if oid else {}), **({"source": source} if source else {})}


def has_value(f):
    return f is not None and "value" in f


def octets_to_text(data):
    """Bytes → (text, is_hex): text only when the bytes are printable UTF-8, else lower-case hex."""
    try:
        text = data.decode("utf-8")
        if all(ch.isprintable() or ch in "\t\r\n" for ch in text):
            return text, False
    except UnicodeDecodeError:
        pass
    return data.hex(), True


def absent_reason(data):
    """Why an octet-string value is no value (None when it is one)."""
    if data and set(data) == {0xFF}:
        return "placeholder: only 0xFF bytes"
    stripped = data.strip(b"\x00 \t\r\n")
    if not stripped:
        return "placeholder: only spaces/NULs" if data else "empty string"
    text, is_hex = octets_to_text(stripped)
    return f'placeholder "{text.strip()}"' if not is_hex and text.strip().casefold() in PLACEHOLDERS else None


def fact(records, oid, source):
    """The normalised fact at one OID: {value, oid, source[, hex]} or {absent, oid, source}."""
    if oid not in records:
        return absent("not in recording", oid, source)
    tag, value = records[oid]
    if tag not in OCTET_TAGS:
        return {"value": value, "oid": oid, "source": source}
    if reason := absent_reason(value):
        return absent(reason, oid, source)
    text, is_hex = octets_to_text(value.strip(b"\x00 \t\r\n"))
    return {"value": text.strip(), "oid": oid, "source": source, **({"hex": True} if is_hex else {})}


def date_fact(records, oid, source):
    """A DateAndTime (RFC 2579) fact as YYYY-MM-DD; all-zero or impossible dates are absent."""
    data = records.get(oid, (None, None))[1]
    if not isinstance(data, bytes) or len(data) not in (8, 11):
        return absent("not in recording" if data is None else "not an 8/11-octet DateAndTime", oid, source)
    year, month, day = data[0] << 8 | data[1], data[2], data[3]
    if not any(data):
        return absent("placeholder: all-zero DateAndTime", oid, source)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return absent(f"invalid DateAndTime {data.hex()}", oid, source)
    return {"value": f"{year:04d}-{month:02d}-{day:02d}", "oid": oid, "source": source}


# ---------------------------------------------------------------- extracting facts

def rows_of(records, column_oid):
    """{row index: oid} of one table column, in index order."""
    prefix = column_oid + "."
    rows = {oid[len(prefix):]: oid for oid in records if oid.startswith(prefix)}
    return dict(sorted(rows.items(), key=lambda item: index_key(item[0])))


def index_key(index):
    return tuple(int(part) for part in index.split("."))


def entity_table(records):
    """entPhysicalTable as {index: {field: fact}}, in index order."""
    rows = {}
    for col, field in ENT_COLS.items():
        for index, oid in rows_of(records, f"{ENT}.{col}").items():
            rows.setdefault(index, {})[field] = fact(records, oid, f"ENTITY {field}")
    return dict(sorted(rows.items(), key=lambda item: index_key(item[0])))


def plain(row, field):
    f = row.get(field)
    return str(f["value"]) if has_value(f) else None


def entity_summary(entities, index, keys=tuple(ENT_COLS.values())):
    return {"index": index, **{k: entities[index][k] for k in keys if k in entities[index]}}


def of_class(entities, cls):
    return [i for i, r in entities.items() if plain(r, "class") == cls]


def chassis_rows(entities):
    """Class-3 entities at the top (containedIn 0) or directly inside a stack (class 11)."""
    stacks = set(of_class(entities, STACK))
    return [i for i in of_class(entities, CHASSIS)
            if plain(entities[i], "contained_in") in (None, "0") or plain(entities[i], "contained_in") in stacks]


def stack_members(entities):
    """Class-3 or class-11 entities whose parent is a stack (class 11)."""
    stacks = set(of_class(entities, STACK))
    return [i for i, r in entities.items()
            if plain(r, "contained_in") in stacks and plain(r, "class") in (CHASSIS, STACK)]


def vendor_fact(records, obj, oid=None):
    return {**fact(records, oid or obj.oid, obj.name), "check": obj.check}


def entity_candidates(entities, chassis, field):
    """The chassis row's fact for one ENTITY field (an absence when the column is missing)."""
    if not chassis:
        return []
    col = next(c for c, f in ENT_COLS.items() if f == field)
    return [entities[chassis].get(field) or absent("column not in recording", f"{ENT}.{col}.{chassis}", "ENTITY")]


def choose(candidates, missing_reason):
    """The first candidate with a value; else the first absence found; else the given reason."""
    return next((c for c in candidates if has_value(c)), candidates[0] if candidates else absent(missing_reason))


def mfg_date(records, chassis):
    """ENTITY-MIB entPhysicalMfgDate (column 17) of the chassis first, then Huawei's own column."""
    entity = date_fact(records, f"{ENT}.17.{chassis}", "entPhysicalMfgDate") if chassis else None
    if entity and has_value(entity):
        return entity
    if not rows_of(records, HW_MFG_DATE.oid):
        return entity if entity and entity["absent"] != "not in recording" else absent(
            "no manufacturing-date object in recording")
    if not chassis:
        return absent("hwEntityManufacturedDate present, but no ENTITY-MIB chassis to index it by")
    return date_fact(records, f"{HW_MFG_DATE.oid}.{chassis}", HW_MFG_DATE.name)


def chassis_facts(records, entities):
    """Serial, model, firmware and manufacturing date of the (first) chassis, with every candidate."""
    chassis_list = chassis_rows(entities)
    chassis = chassis_list[0] if chassis_list else None
    why = (None if chassis else "no ENTITY-MIB in recording" if not entities
           else "entPhysicalTable has no entPhysicalClass column" if not any("class" in r for r in entities.values())
           else "no entPhysicalClass=chassis(3) at the top or in a stack")
    out = {"entity_index": chassis, "no_entity_chassis": why, "several_chassis": len(chassis_list) > 1}
    for field, keys in (("serial", ["serial"]), ("model", ["model"]), ("firmware", ["software_rev", "firmware_rev"])):
        cands = [f for key in keys for f in entity_candidates(entities, chassis, key)]
        cands += [vendor_fact(records, v) for v in VENDOR_SCALARS if v.field == field and v.oid in records]
        out[field] = choose(cands, f"{why}; no vendor object for it in recording")
        out[field + "_candidates"] = [c for c in cands if has_value(c)]
    out["mfg_date"] = mfg_date(records, chassis)
    out["other_vendor_facts"] = [vendor_fact(records, v) for v in VENDOR_SCALARS
                                 if v.field == "other" and v.oid in records]
    return out, chassis_list


def neighbours(records, table, name_col, other_cols):
    """Row count, rows with a name, and the first names of an LLDP/CDP remote table."""
    rows = {}
    for col in (name_col, *other_cols):
        for index, oid in rows_of(records, f"{table}.{col}").items():
            rows.setdefault(index, {})[col] = oid
    named = [fact(records, r[name_col], "name") for _, r in sorted(rows.items(), key=lambda i: index_key(i[0]))
             if name_col in r]
    return {"count": len(rows), "with_name": sum(map(has_value, named)),
            "first_names": [f"{f['value']} (hex)" if f.get("hex") else f.get("value", f"({f.get('absent')})")
                            for f in named[:5]]}


def lldp_local(records):
    """How the device names itself in LLDP (LLDP-MIB's, else LLDP-V2-MIB's): its chassis id and
    system name. A chassis id of subtype macAddress(4) in six bytes is hex as it stands (no NUL
    is stripped from a MAC); all zeros or all ones is a placeholder."""
    found = None
    for mib, base in (("LLDP-MIB", LLDP_LOC), ("LLDP-V2-MIB", LLDP_V2_LOC)):
        subtype = records.get(f"{base}.1.0", (None, None))[1]
        raw = records.get(f"{base}.2.0", (None, None))[1]
        chassis = fact(records, f"{base}.2.0", "lldpLocChassisId")
        if subtype == 4 and isinstance(raw, bytes) and len(raw) == 6:
            chassis = (absent("placeholder MAC", f"{base}.2.0") if set(raw) <= {0} or set(raw) == {0xFF}
                       else {"value": raw.hex(), "oid": f"{base}.2.0", "source": "lldpLocChassisId", "hex": True})
        found = {"mib": mib, "chassis_id_subtype": subtype if isinstance(subtype, int) else None,
                 "chassis_id": chassis, "name": fact(records, f"{base}.3.0", "lldpLocSysName")}
        if has_value(chassis) or has_value(found["name"]):
            return found
    return found


def system_facts(records):
    descr = fact(records, SYS_DESCR, "sysDescr")
    if has_value(descr):
        descr["value"] = descr["value"].replace("\r", "\n").split("\n")[0].strip()
    oid_fact = fact(records, SYS_OBJECT_ID, "sysObjectID")
    match = re.match(r"^1\.3\.6\.1\.4\.1\.(\d+)(\.|$)", str(oid_fact.get("value", "")))
    if not has_value(oid_fact):
        return descr, oid_fact, absent("no sysObjectID in recording")
    if not match:
        return descr, oid_fact, absent(f"sysObjectID {oid_fact['value']} is not under 1.3.6.1.4.1")
    number = int(match.group(1))
    return descr, oid_fact, {"value": ENTERPRISES.get(number, f"enterprise {number}"), "enterprise": number}


def summarise(rel_path, records, stats):
    """Everything the inventory must find in one recording."""
    descr, oid_fact, vendor = system_facts(records)
    entities = entity_table(records)
    chassis, chassis_list = chassis_facts(records, entities)
    known = VENDOR_SCALARS + VENDOR_SERIAL_TABLES + [HW_MFG_DATE, CSW_SWITCH_NUM]
    return {
        "recording": rel_path, "vendor": vendor, "sysDescr_first_line": descr, "sysObjectID": oid_fact,
        "chassis": chassis,
        "chassis_entities": [entity_summary(entities, i) for i in chassis_list],
        "stacks": [entity_summary(entities, i) for i in of_class(entities, STACK)],
        "stack_members": [entity_summary(entities, i) for i in stack_members(entities)],
        "cisco_stackwise_switches": list(rows_of(records, CSW_SWITCH_NUM.oid)),
        "modules": [entity_summary(entities, i, MODULE_KEYS) for i in of_class(entities, MODULE)],
        "entity_rows": len(entities),
        "entity_rows_with_serial": sum(has_value(r.get("serial")) for r in entities.values()),
        "vendor_table_serials": [{"index": index, "serial": f} for t in VENDOR_SERIAL_TABLES
                                 for index, oid in rows_of(records, t.oid).items()
                                 if has_value(f := vendor_fact(records, t, oid))],
        "vendor_table_rows_without_serial": dict(Counter(f"{t.name}: {f['absent']}" for t in VENDOR_SERIAL_TABLES
                                                         for oid in rows_of(records, t.oid).values()
                                                         if not has_value(f := fact(records, oid, t.name)))),
        "vendor_objects_present": [{"name": v.name, "mib": v.mib, "check": v.check}
                                   for v in known if v.oid in records or rows_of(records, v.oid)],
        "lldp": neighbours(records, LLDP_REM, 9, (5, 7, 8)),
        "cdp": neighbours(records, CDP_CACHE, 6, (7, 8)),
        "lldp_local": lldp_local(records),
        "lines": stats["lines"], "comment_or_blank_lines": stats["comment_or_blank"],
        "skipped": {k: v for k, v in sorted(stats.items()) if k.startswith(("skipped", "duplicate")) and v},
    }


# ---------------------------------------------------------------- output

def find_data_dir(arg):
    """The given dir, else the default, else wherever the peers' venv has snmpsim_data."""
    if arg or DEFAULT_DIR.is_dir():
        return Path(arg) if arg else DEFAULT_DIR
    code = "import snmpsim_data, os; print(os.path.dirname(snmpsim_data.__file__))"
    found = subprocess.run([PEERS_PY, "-c", code], capture_output=True, text=True, check=False).stdout.strip()
    return Path(found) / "data" / "network"


def neighbours_cell(r):
    return ", ".join(f"{k.upper()} {r[k]['count']}" for k in ("lldp", "cdp") if r[k]["count"]) or "—"


def cell(f):
    """A Markdown cell: the value and a short source tag, or an em dash when not in the recording."""
    if not has_value(f):
        return "—"
    tag = "ENTITY" if f["source"].startswith("ENTITY") else f["source"]
    return f"{str(f['value']).replace('|', '/')} ({'hex, ' if f.get('hex') else ''}{tag})"


def totals(results):
    """Counts for the head of the Markdown file."""
    serial = Counter("none" if not has_value(s) else "ENTITY" if s["source"].startswith("ENTITY") else "vendor"
                     for s in (r["chassis"]["serial"] for r in results))
    return [f"- chassis serial from ENTITY-MIB: {serial['ENTITY']}; only from a vendor object: {serial['vendor']}; "
            f"none: {serial['none']}",
            f"- with LLDP neighbours: {sum(bool(r['lldp']['count']) for r in results)}; "
            f"with CDP neighbours: {sum(bool(r['cdp']['count']) for r in results)}\n"]


def markdown(results, data_dir):
    lines = ["# Ground truth of snmpsim-data network recordings\n",
             f"Generated by `tests/coverage/truth.py` from `{data_dir}` ({len(results)} recordings). Each "
             "cell is the value and the object it came from; — means the recording does not hold it.\n",
             *totals(results),
             "| recording | vendor | model | serial | firmware | mfg date | neighbours |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r['recording']} | {r['vendor'].get('value', '—')} | {cell(r['chassis']['model'])} | "
              f"{cell(r['chassis']['serial'])} | {cell(r['chassis']['firmware'])} | "
              f"{cell(r['chassis']['mfg_date'])} | {neighbours_cell(r)} |" for r in results]
    lines += ["\n## Lines skipped\n", "| recording | reason | lines |", "| --- | --- | --- |"]
    lines += [f"| {r['recording']} | {k} | {v} |" for r in results for k, v in r["skipped"].items()]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", help="…/snmpsim_data/data/network (default: the test peers' venv)")
    parser.add_argument("--json", help="write the per-recording facts as JSON here")
    parser.add_argument("--markdown", help="write the summary table as Markdown here")
    args = parser.parse_args(argv)
    data_dir = find_data_dir(args.data_dir)
    files = sorted(p for pattern in ("*/*", "*") for p in data_dir.glob(pattern)
                   if p.is_file() and p.name.endswith((".snmprec", ".snmprec.bz2")))
    if not files:
        sys.exit(f"no .snmprec[.bz2] recordings under {data_dir}")
    results = []
    for path in files:
        results.append(summarise(str(path.relative_to(data_dir)), *read_recording(path)))
        for reason, count in results[-1]["skipped"].items():
            print(f"WARNING {results[-1]['recording']}: {count} × {reason}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.markdown or not args.json:
        text = markdown(results, data_dir)
        Path(args.markdown).write_text(text, encoding="utf-8") if args.markdown else sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

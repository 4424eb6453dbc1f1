//! One recording's truth against one polled device: a verdict per fact.

use serde_json::Value;

pub enum Verdict {
    Found {
        value: String,
        source: String,
    },
    /// Neither the recording nor the poller has it.
    Absent,
    Missed {
        expected: String,
    },
    Wrong {
        got: String,
        expected: String,
    },
}

impl Verdict {
    pub fn failed(&self) -> bool {
        matches!(self, Verdict::Missed { .. } | Verdict::Wrong { .. })
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Found { .. } => "found",
            Verdict::Absent => "absent",
            Verdict::Missed { .. } => "missed",
            Verdict::Wrong { .. } => "wrong",
        }
    }

    pub fn cell(&self) -> String {
        let clean = |s: &str| s.replace('|', "\\|");
        match self {
            Verdict::Found { value, source } => format!("{} ({})", clean(value), clean(source)),
            Verdict::Absent => "—".into(),
            Verdict::Missed { expected } => format!("**missed** {}", clean(expected)),
            Verdict::Wrong { got, expected } => format!("**wrong** {} (recording: {})", clean(got), clean(expected)),
        }
    }
}

/// `(value, source)` of a derived fact of the report.
fn derived(device: &Value, fact: &str) -> Option<(String, String)> {
    let d = &device["derived"][fact];
    Some((d["value"].as_str()?.to_string(), d["source"].as_str()?.to_string()))
}

fn truth_value(fact: &Value) -> Option<String> {
    fact["value"].as_str().map(str::to_string).or_else(|| fact["value"].as_i64().map(|n| n.to_string()))
}

/// Every serial the recording holds for a chassis: the truth's pick, its other candidates,
/// every chassis entity's, and the vendor tables' rows.
fn serials(t: &Value) -> Vec<String> {
    let c = &t["chassis"];
    let mut all: Vec<String> = truth_value(&c["serial"]).into_iter().collect();
    for list in [&c["serial_candidates"], &t["vendor_table_serials"]] {
        for v in list.as_array().into_iter().flatten() {
            all.extend(truth_value(v).or_else(|| truth_value(&v["serial"])));
        }
    }
    for e in t["chassis_entities"].as_array().into_iter().flatten() {
        all.extend(truth_value(&e["serial"]));
    }
    all.iter().map(|s| s.trim_start_matches("S/N ").trim().to_string()).collect()
}

fn candidates(t: &Value, field: &str) -> Vec<String> {
    let c = &t["chassis"];
    let mut all: Vec<String> = truth_value(&c[field]).into_iter().collect();
    for v in c[format!("{field}_candidates")].as_array().into_iter().flatten() {
        all.extend(truth_value(v));
    }
    all
}

fn sys_descr(device: &Value) -> &str {
    device["system"]["descr"].as_str().unwrap_or("")
}

/// The poller reported nothing: missed if the recording holds the fact.
fn not_reported(known: &[String]) -> Verdict {
    match known.first() {
        Some(expected) => Verdict::Missed { expected: expected.clone() },
        None => Verdict::Absent,
    }
}

fn wrong(got: String, known: &[String]) -> Verdict {
    Verdict::Wrong { got, expected: known.first().cloned().unwrap_or("none".into()) }
}

pub fn judge(t: &Value, device: &Value) -> Vec<(&'static str, Verdict)> {
    vec![
        ("serial", serial(t, device)),
        ("model", model(t, device)),
        ("firmware", firmware(t, device)),
        ("manufactured", manufactured(t, device)),
        ("neighbours", neighbours(t, device)),
        ("LLDP identity", lldp_local(t, device)),
    ]
}

fn serial(t: &Value, device: &Value) -> Verdict {
    let known = serials(t);
    match derived(device, "serial") {
        Some((value, source)) if known.contains(&value) => Verdict::Found { value, source },
        Some((got, _)) => wrong(got, &known),
        None => not_reported(&known),
    }
}

/// A model from sysObjectID (a product OID the device answered) or read in sysDescr is the
/// device's own word too; the truth script reads neither.
fn model(t: &Value, device: &Value) -> Verdict {
    let known = candidates(t, "model");
    let got = derived(device, "model");
    match got {
        Some((value, source))
            if known.contains(&value) || source.starts_with("sysObjectID") || sys_descr(device).contains(&value) =>
        {
            Verdict::Found { value, source }
        }
        Some((value, source)) if source.starts_with("ENTITY-MIB") => Verdict::Found { value, source },
        Some((got, _)) => wrong(got, &known),
        None => not_reported(&known),
    }
}

/// The version must be made of what the device said: each of its words a piece of its
/// sysDescr or of a firmware object the recording holds (`V200R007C00SPC500` of `Version
/// 5.160 V200R007C00SPC500`; `7.1.075 Release 7751P01` of `Version 7.1.075, Release 7751P01`).
fn firmware(t: &Value, device: &Value) -> Verdict {
    let known = candidates(t, "firmware");
    let entity_revisions: Vec<String> = device["chassis"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| [c["software_rev"].as_str(), c["firmware_rev"].as_str()])
        .flatten()
        .map(str::to_string)
        .collect();
    match derived(device, "os_version") {
        Some((value, source))
            if value.split_whitespace().all(|word| {
                known.iter().chain(&entity_revisions).any(|k| k.contains(word)) || sys_descr(device).contains(word)
            }) =>
        {
            Verdict::Found { value, source }
        }
        Some((got, _)) => wrong(got, &known),
        None => not_reported(&known),
    }
}

fn manufactured(t: &Value, device: &Value) -> Verdict {
    let known = truth_value(&t["chassis"]["mfg_date"]);
    match (device["derived"]["manufactured"]["value"].as_str(), known) {
        (Some(got), Some(expected)) if got == expected => Verdict::Found {
            value: got.to_string(),
            source: device["derived"]["manufactured"]["source"].as_str().unwrap_or("").to_string(),
        },
        (Some(got), expected) => Verdict::Wrong { got: got.to_string(), expected: expected.unwrap_or("none".into()) },
        (None, Some(expected)) => Verdict::Missed { expected },
        (None, None) => Verdict::Absent,
    }
}

fn neighbours(t: &Value, device: &Value) -> Verdict {
    let count = |protocol: &str| {
        device["neighbours"].as_array().into_iter().flatten().filter(|n| n["protocol"] == protocol).count() as u64
    };
    let (lldp, cdp) = (count("lldp"), count("cdp"));
    let want = (t["lldp"]["count"].as_u64().unwrap_or(0), t["cdp"]["count"].as_u64().unwrap_or(0));
    let words = |(l, c): (u64, u64)| {
        [(l, "LLDP"), (c, "CDP")].iter().filter(|(n, _)| *n > 0).map(|(n, p)| format!("{p} {n}")).collect::<Vec<_>>()
    };
    if (lldp, cdp) == want {
        return if want == (0, 0) {
            Verdict::Absent
        } else {
            Verdict::Found { value: words(want).join(", "), source: "lldpRemTable, cdpCacheTable".into() }
        };
    }
    let got = words((lldp, cdp)).join(", ");
    let expected = words(want).join(", ");
    if lldp + cdp == 0 { Verdict::Missed { expected } } else { Verdict::Wrong { got, expected } }
}

/// The chassis id and name the device gives itself in LLDP: a MAC as the poller writes it
/// (`a8:d0:e5:f7:f7:c0`) is the truth's hex (`a8d0e5f7f7c0`), or its text where the device
/// wrote the MAC as text.
fn lldp_local(t: &Value, device: &Value) -> Verdict {
    let flat = |id: &str| id.replace(':', "").to_lowercase();
    let want_id = truth_value(&t["lldp_local"]["chassis_id"]).map(|id| flat(&id));
    let want_name = truth_value(&t["lldp_local"]["name"]);
    let local = &device["lldp_local"];
    let got_id = local["chassis_id"].as_str().map(flat);
    let got_name = local["name"].as_str().map(str::to_string);
    let words = |id: &Option<String>, name: &Option<String>| {
        [id.clone(), name.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ")
    };
    match (got_id == want_id, got_name == want_name) {
        (true, true) if want_id.is_none() && want_name.is_none() => Verdict::Absent,
        (true, true) => Verdict::Found {
            value: [local["chassis_id"].as_str(), local["name"].as_str()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            source: "lldpLocChassisId, lldpLocSysName".into(),
        },
        _ if got_id.is_none() && got_name.is_none() => Verdict::Missed { expected: words(&want_id, &want_name) },
        _ => Verdict::Wrong { got: words(&got_id, &got_name), expected: words(&want_id, &want_name) },
    }
}

//! Decoding and validating reports at the collector's boundary.
//!
//! A report is accepted only if it is well-formed JSON, speaks our schema version, has every
//! field with the right type, and holds plausible values. Every rejection names the field.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;

mod device;
mod text;
pub(crate) mod updates;

pub(crate) use text::{free_text, opt_text, sourced, text};

use crate::{
    Device, MAX_PENDING_PACKAGES, MAX_REPORT_BYTES, NetworkDevice, OLDEST_SCHEMA_VERSION, Report, SCHEMA_VERSION,
    Server, Updates,
};

const OLDEST: u64 = OLDEST_SCHEMA_VERSION as u64;

/// Why a report was rejected: the field (a dotted path, empty for the whole body) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if field.is_empty() { String::new() } else { format!("{field}: ") })]
pub struct InputError {
    pub field: String,
    pub message: String,
}

impl InputError {
    /// Both parts are clipped: they may echo what was sent, and an error should not carry a
    /// megabyte of someone else's input back into a log or a response.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        InputError { field: clip(field.into(), MAX_ECHO), message: clip(message.into(), MAX_ECHO) }
    }
}

const MAX_ECHO: usize = 300;

fn clip(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// How far ahead of the collector's clock a report's timestamps may be (agent clock skew).
const CLOCK_SKEW: Duration = Duration::minutes(10);
const MAX_TEXT: usize = 1024;
const MAX_DISKS: usize = 4096;
const MAX_ADDRESSES: usize = 1024;
const MAX_TAGS: usize = 64;
/// A petabyte of RAM or an exabyte-scale disk is a corrupted counter, not a server.
const MAX_MEMORY_BYTES: u64 = 1 << 50;
const MAX_DISK_BYTES: u64 = 1 << 60;
const MAX_CPUS: u32 = 1 << 16;

/// Decodes and validates a report body against the collector's clock `now`.
pub fn decode_report(body: &[u8], now: DateTime<Utc>) -> Result<Report, InputError> {
    if body.len() > MAX_REPORT_BYTES {
        return Err(InputError::new(
            "",
            format!("body of {} bytes exceeds the limit of {MAX_REPORT_BYTES}", body.len()),
        ));
    }
    let report = match device::in_one_pass(body) {
        Some(report) => {
            supported(&serde_json::Value::from(report.schema_version))?;
            report
        }
        // Checks the version itself, before the device: a newer agent's device may not decode.
        None => decode_naming_the_fault(body)?,
    };
    validate(&report, now)?;
    Ok(report)
}

/// The body that did not decode in one pass (or is laid out unlike our agents' reports),
/// decoded again to say exactly what is wrong: a duplicate key by its path, a report from
/// a newer agent by its version, any other fault by its field.
fn decode_naming_the_fault(body: &[u8]) -> Result<Report, InputError> {
    // A report from a newer agent is refused for its version, not for whichever new field
    // comes first. The version is read on its own only when the report does not decode.
    let refusal = |err| check_schema_version(body).err().unwrap_or(err);
    crate::strict::no_duplicate_keys(body)
        .map_err(|found| match found {
            crate::strict::Refusal::Duplicate(path) => InputError::new(path, "the key appears twice in one object"),
            crate::strict::Refusal::Malformed(message) => InputError::new("", format!("malformed JSON: {message}")),
        })
        .map_err(refusal)?;
    let raw: RawReport = device::decode_at("", body, device::Tag::Kept).map_err(refusal)?;
    supported(&serde_json::Value::from(raw.schema_version))?;
    Ok(Report {
        schema_version: raw.schema_version,
        report_id: raw.report_id,
        collected_at: raw.collected_at,
        agent: raw.agent,
        device: device::decode(raw.device)?,
    })
}

/// The report with its device still undecoded (`device` decodes it).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport<'a> {
    schema_version: u32,
    report_id: uuid::Uuid,
    collected_at: DateTime<Utc>,
    agent: crate::AgentInfo,
    #[serde(borrow)]
    device: &'a serde_json::value::RawValue,
}

/// Reads only `schema_version` first, so a report from a newer agent is refused for its
/// version and not for whichever new field happens to come first.
fn check_schema_version(body: &[u8]) -> Result<(), InputError> {
    #[derive(Deserialize)]
    struct Envelope {
        schema_version: Option<serde_json::Value>,
    }
    let envelope: Envelope =
        serde_json::from_slice(body).map_err(|err| InputError::new("", format!("malformed JSON: {err}")))?;
    match envelope.schema_version {
        None => Err(InputError::new("schema_version", "missing field")),
        Some(version) => supported(&version),
    }
}

fn supported(version: &serde_json::Value) -> Result<(), InputError> {
    match version {
        serde_json::Value::Number(n)
            if n.as_u64().is_some_and(|v| (OLDEST..=u64::from(SCHEMA_VERSION)).contains(&v)) =>
        {
            Ok(())
        }
        other => Err(InputError::new(
            "schema_version",
            format!(
                "unsupported schema version {other}; this collector accepts {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION}"
            ),
        )),
    }
}

/// serde_json appends "at line 1 column 234" which means little once we name the field.
pub(super) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(pos) => message[..pos].to_string(),
        None => message.to_string(),
    }
}

/// Checks the values of a structurally valid report.
pub fn validate(report: &Report, now: DateTime<Utc>) -> Result<(), InputError> {
    let latest = now + CLOCK_SKEW;
    not_future("collected_at", report.collected_at, latest)?;
    not_before_2000("collected_at", report.collected_at)?;
    if report.report_id.is_nil() {
        return Err(InputError::new("report_id", "must not be the nil UUID"));
    }
    text("agent.version", &report.agent.version, true)?;
    text("agent.host", &report.agent.host, true)?;
    needs_version(report)?;
    match &report.device {
        Device::Server(server) => validate_server(server, latest),
        Device::Network(device) => crate::network_checks::validate_network(device, latest),
        Device::Hypervisor(host) => crate::vsphere_checks::validate_hypervisor(host, latest),
        Device::VirtualMachine(vm) => crate::vsphere_checks::validate_vm(vm),
    }
}

/// Fields and kinds newer than the report's schema version are refused: an older agent
/// cannot have sent them, so the body is not what it claims to be.
fn needs_version(report: &Report) -> Result<(), InputError> {
    let version = report.schema_version;
    let newer = match &report.device {
        Device::Server(s) if version < 2 && s.identity.addresses.is_some() => Some(("device.identity.addresses", 2)),
        Device::Server(s) if version < 3 && s.identity.mac_addresses.is_some() => {
            Some(("device.identity.mac_addresses", 3))
        }
        Device::Server(s) if version < 3 && s.hardware.product_uuid.is_some() => {
            Some(("device.hardware.product_uuid", 3))
        }
        Device::Hypervisor(_) | Device::VirtualMachine(_) if version < 3 => Some(("device.kind", 3)),
        Device::Network(n) if version < 4 => network_v4_field(n).map(|field| (field, 4)),
        Device::Server(s) if version < 5 && matches!(s.patch.updates, Updates::Known { checked_at: Some(_), .. }) => {
            Some(("device.patch.updates.checked_at", 5))
        }
        Device::Network(n) if version < 6 && n.lldp_local.is_some() => Some(("device.lldp_local", 6)),
        _ => None,
    };
    match newer {
        Some((field, needed)) => Err(InputError::new(field, format!("needs schema version {needed}"))),
        None => Ok(()),
    }
}

/// The first field of a network device that schema version 4 added, if it carries one.
fn network_v4_field(n: &NetworkDevice) -> Option<&'static str> {
    let parts = n.chassis.iter().chain(&n.components);
    if !n.neighbours.is_empty() {
        Some("device.neighbours")
    } else if !n.notes.is_empty() {
        Some("device.notes")
    } else if n.derived.manufactured.is_some() {
        Some("device.derived.manufactured")
    } else if parts.clone().any(|c| c.source.is_some()) {
        Some("device.components.source")
    } else {
        None
    }
}

fn validate_server(s: &Server, latest: DateTime<Utc>) -> Result<(), InputError> {
    if s.identity.device_id.is_nil() {
        return Err(InputError::new("device.identity.device_id", "must not be the nil UUID"));
    }
    text("device.identity.hostname", &s.identity.hostname, true)?;
    opt_text("device.identity.fqdn", &s.identity.fqdn)?;
    validate_addresses(s.identity.addresses.as_deref().unwrap_or_default())?;
    check_macs("device.identity.mac_addresses", s.identity.mac_addresses.as_deref().unwrap_or_default())?;

    let hw = &s.hardware;
    opt_text("device.hardware.vendor", &hw.vendor)?;
    opt_text("device.hardware.model", &hw.model)?;
    opt_text("device.hardware.serial", &hw.serial)?;
    opt_text("device.hardware.chassis_type", &hw.chassis_type)?;
    opt_text("device.hardware.bios.vendor", &hw.bios.vendor)?;
    opt_text("device.hardware.bios.version", &hw.bios.version)?;
    if let Some(date) = hw.bios.release_date {
        not_future_date("device.hardware.bios.release_date", date, latest)?;
    }
    opt_text("device.hardware.cpu.model", &hw.cpu.model)?;
    if hw.cpu.threads == 0 || hw.cpu.threads > MAX_CPUS {
        return Err(InputError::new("device.hardware.cpu.threads", "must be between 1 and 65536"));
    }
    if let Some(mem) = hw.memory_bytes
        && (mem == 0 || mem > MAX_MEMORY_BYTES)
    {
        return Err(InputError::new("device.hardware.memory_bytes", "must be between 1 and 2^50"));
    }
    if hw.disks.len() > MAX_DISKS {
        return Err(InputError::new("device.hardware.disks", "more than 4096 disks"));
    }
    for (i, disk) in hw.disks.iter().enumerate() {
        text(format_args!("device.hardware.disks[{i}].name"), &disk.name, true)?;
        opt_text(format_args!("device.hardware.disks[{i}].model"), &disk.model)?;
        opt_text(format_args!("device.hardware.disks[{i}].serial"), &disk.serial)?;
        if disk.size_bytes > MAX_DISK_BYTES {
            return Err(InputError::new(
                format!("device.hardware.disks[{i}].size_bytes"),
                "absurd size (over 2^60 bytes)",
            ));
        }
    }
    opt_text("device.hardware.platform.technology", &hw.platform.technology)?;
    text("device.hardware.platform.source", &hw.platform.source, false)?;

    let os = &s.os;
    for (field, value) in [
        ("device.os.id", &os.id),
        ("device.os.name", &os.name),
        ("device.os.version", &os.version),
        ("device.os.version_id", &os.version_id),
        ("device.os.pretty_name", &os.pretty_name),
        ("device.os.kernel", &os.kernel),
        ("device.os.arch", &os.arch),
    ] {
        opt_text(field, value)?;
    }

    validate_patch(s, latest)?;
    validate_utilisation(s, latest)?;
    validate_tags(s)
}

/// MAC addresses as the agents write them: six lower-case hex pairs separated by colons.
pub(crate) fn check_macs(field: &str, macs: &[impl AsRef<str>]) -> Result<(), InputError> {
    if macs.len() > MAX_ADDRESSES {
        return Err(InputError::new(field, format!("more than {MAX_ADDRESSES} addresses")));
    }
    for (i, mac) in macs.iter().map(AsRef::as_ref).enumerate() {
        let parts: Vec<&str> = mac.split(':').collect();
        let valid = parts.len() == 6
            && parts
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        if !valid {
            let shown: String = mac.chars().take(40).collect();
            return Err(InputError::new(
                format!("{field}[{i}]"),
                format!("{shown:?} is not a MAC address like 00:50:56:ab:cd:ef"),
            ));
        }
    }
    Ok(())
}

fn validate_addresses(addresses: &[crate::InterfaceAddress]) -> Result<(), InputError> {
    if addresses.len() > MAX_ADDRESSES {
        return Err(InputError::new("device.identity.addresses", format!("more than {MAX_ADDRESSES} addresses")));
    }
    for (i, a) in addresses.iter().enumerate() {
        text(format_args!("device.identity.addresses[{i}].interface"), &a.interface, true)?;
        let max = if a.address.is_ipv4() { 32 } else { 128 };
        if a.prefix > max {
            let message = format!("{} is longer than an address ({max} bits)", a.prefix);
            return Err(InputError::new(format!("device.identity.addresses[{i}].prefix"), message));
        }
    }
    Ok(())
}

fn validate_patch(s: &Server, latest: DateTime<Utc>) -> Result<(), InputError> {
    let patch = &s.patch;
    match &patch.updates {
        Updates::Known { pending, security, packages, source, checked_at, .. } => {
            text("device.patch.updates.source", source, true)?;
            if let Some(at) = checked_at {
                not_future("device.patch.updates.checked_at", *at, latest)?;
                not_before_2000("device.patch.updates.checked_at", *at)?;
            }
            if let Some(sec) = security
                && sec > pending
            {
                return Err(InputError::new(
                    "device.patch.updates.security",
                    format!("{sec} security updates but only {pending} pending"),
                ));
            }
            if packages.len() > MAX_PENDING_PACKAGES {
                return Err(InputError::new(
                    "device.patch.updates.packages",
                    format!("more than {MAX_PENDING_PACKAGES} packages listed"),
                ));
            }
            if packages.len() > *pending as usize {
                return Err(InputError::new(
                    "device.patch.updates.packages",
                    "lists more packages than `pending` counts",
                ));
            }
            for (i, p) in packages.iter().enumerate() {
                text(format_args!("device.patch.updates.packages[{i}].name"), &p.name, true)?;
                opt_text(format_args!("device.patch.updates.packages[{i}].installed"), &p.installed)?;
                text(format_args!("device.patch.updates.packages[{i}].candidate"), &p.candidate, true)?;
            }
        }
        Updates::Unknown { reason } => text("device.patch.updates.reason", reason, true)?,
    }
    text("device.patch.reboot_required.source", &patch.reboot_required.source, true)?;
    if let Some(last) = &patch.last_installed {
        text("device.patch.last_installed.source", &last.source, true)?;
        not_future("device.patch.last_installed.value", last.value, latest)?;
        not_before_2000("device.patch.last_installed.value", last.value)?;
    }
    Ok(())
}

fn validate_utilisation(s: &Server, latest: DateTime<Utc>) -> Result<(), InputError> {
    let u = &s.utilisation;
    for (i, load) in u.load_average.iter().enumerate() {
        if !load.is_finite() || *load < 0.0 {
            return Err(InputError::new(
                format!("device.utilisation.load_average[{i}]"),
                "must be a finite number >= 0",
            ));
        }
    }
    if let Some(ratio) = u.cpu_busy_ratio
        && !(0.0..=1.0).contains(&ratio)
    {
        return Err(InputError::new("device.utilisation.cpu_busy_ratio", "must be between 0.0 and 1.0"));
    }
    not_future("device.utilisation.window_start", u.window_start, latest)
}

fn validate_tags(s: &Server) -> Result<(), InputError> {
    check_tags(&s.tags)
}

pub(crate) fn check_tags(tags: &crate::Tags) -> Result<(), InputError> {
    opt_text("device.tags.department", &tags.department)?;
    opt_text("device.tags.site", &tags.site)?;
    opt_text("device.tags.owner", &tags.owner)?;
    if tags.extra.len() > MAX_TAGS {
        return Err(InputError::new("device.tags.extra", "more than 64 tags"));
    }
    for (key, value) in &tags.extra {
        text("device.tags.extra (key)", key, true)?;
        text(format_args!("device.tags.extra.{key}"), value, false)?;
    }
    Ok(())
}

fn not_future(field: &str, at: DateTime<Utc>, latest: DateTime<Utc>) -> Result<(), InputError> {
    if at > latest {
        return Err(InputError::new(field, format!("{at} is in the future")));
    }
    Ok(())
}

pub(crate) fn not_future_date(field: &str, date: NaiveDate, latest: DateTime<Utc>) -> Result<(), InputError> {
    if date > latest.date_naive() {
        return Err(InputError::new(field, format!("{date} is in the future")));
    }
    Ok(())
}

pub(crate) fn not_before_2000(field: &str, at: DateTime<Utc>) -> Result<(), InputError> {
    if at.timestamp() < 946_684_800 {
        return Err(InputError::new(field, format!("{at} is before 2000-01-01")));
    }
    Ok(())
}

#[cfg(test)]
mod tests;

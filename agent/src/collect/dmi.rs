//! SMBIOS/DMI facts from `/sys/class/dmi/id`: vendor, model, serial, chassis, BIOS.
//!
//! Serials and the product UUID are readable by root only; without root they stay unknown.
//! Vendors fill unused fields with placeholders ("To Be Filled By O.E.M."); those are
//! unknown too, not values.

use chrono::NaiveDate;

use super::host::Host;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dmi {
    pub sys_vendor: Option<String>,
    pub product_name: Option<String>,
    pub product_serial: Option<String>,
    pub product_uuid: Option<String>,
    pub chassis_type: Option<String>,
    pub bios_vendor: Option<String>,
    pub bios_version: Option<String>,
    pub bios_date: Option<NaiveDate>,
}

impl Dmi {
    /// Builds from raw field values (`field name → file contents`), cleaning placeholders.
    pub fn from_fields(field: impl Fn(&str) -> Option<String>) -> Dmi {
        let get = |name: &str| field(name).and_then(|v| clean(&v));
        Dmi {
            sys_vendor: get("sys_vendor"),
            product_name: get("product_name"),
            product_serial: get("product_serial"),
            product_uuid: get("product_uuid"),
            chassis_type: get("chassis_type").and_then(|code| chassis_name(&code)),
            bios_vendor: get("bios_vendor"),
            bios_version: get("bios_version"),
            bios_date: get("bios_date").and_then(|d| parse_bios_date(&d)),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Dmi::default()
    }
}

pub fn read(host: &Host) -> Dmi {
    Dmi::from_fields(|name| host.read_value(&format!("/sys/class/dmi/id/{name}")))
}

/// Placeholders that firmware writes where the OEM left a field blank.
const PLACEHOLDERS: &[&str] = &[
    "to be filled by o.e.m.",
    "default string",
    "not specified",
    "not applicable",
    "system serial number",
    "system product name",
    "system manufacturer",
    "chassis serial number",
    "o.e.m.",
    "oem",
    "none",
    "n/a",
    "unknown",
    "0123456789",
    "123456789",
    "00000000-0000-0000-0000-000000000000",
    "03000200-0400-0500-0006-000700080009",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
];

fn clean(value: &str) -> Option<String> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let only_filler = value.chars().all(|c| c == '0' || c == ' ' || c == '.' || c == 'x');
    if value.is_empty() || only_filler || PLACEHOLDERS.contains(&lower.as_str()) {
        None
    } else {
        Some(value.to_string())
    }
}

/// SMBIOS 3.x chassis types (DSP0134, table 17), by the numeric code the kernel exposes.
pub fn chassis_name(code: &str) -> Option<String> {
    const NAMES: [&str; 36] = [
        "Other",
        "Unknown",
        "Desktop",
        "Low Profile Desktop",
        "Pizza Box",
        "Mini Tower",
        "Tower",
        "Portable",
        "Laptop",
        "Notebook",
        "Hand Held",
        "Docking Station",
        "All in One",
        "Sub Notebook",
        "Space-saving",
        "Lunch Box",
        "Main Server Chassis",
        "Expansion Chassis",
        "SubChassis",
        "Bus Expansion Chassis",
        "Peripheral Chassis",
        "RAID Chassis",
        "Rack Mount Chassis",
        "Sealed-case PC",
        "Multi-system chassis",
        "Compact PCI",
        "Advanced TCA",
        "Blade",
        "Blade Enclosure",
        "Tablet",
        "Convertible",
        "Detachable",
        "IoT Gateway",
        "Embedded PC",
        "Mini PC",
        "Stick PC",
    ];
    // Bit 7 is the "chassis lock present" flag, not part of the type.
    let n = code.trim().parse::<u8>().ok()? & 0x7f;
    match n {
        0 | 2 => None, // 2 is "Unknown": unknown stays unknown
        n => NAMES.get(usize::from(n) - 1).map(|s| s.to_string()),
    }
}

/// The kernel prints the SMBIOS release date as `MM/DD/YYYY`; a few firmwares use two-digit
/// years (SMBIOS < 2.3), which mean 19xx or 20xx by the spec's rule of thumb.
pub fn parse_bios_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().split('/');
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    let year: i32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let year = match year {
        0..=69 => 2000 + year,
        70..=99 => 1900 + year,
        y => y,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests;

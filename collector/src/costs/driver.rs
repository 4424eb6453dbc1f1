//! What a charge line is driven by: the quantities behind `12 servers`, `weight 150 of 500`
//! or `412 vCPU on 3 hosts`. The report gives the English sentence ([`Driver`]'s `Display`,
//! as the API, the CSV and the CLI show it); pages word the same quantities in their language.
//! Quantities, not money: a share's amount is always whole öre from `split`.

use std::fmt;

use super::model::{ServerClass, VmWeight};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Driver {
    /// Servers counted, or server-days when the pool counts pro rata; a unit-price pool
    /// priced by class says which.
    Servers { count: i128, class: Option<ServerClass>, days: bool },
    /// vCPU allocated (per day when pro rata).
    Vcpu { units: i128, days: bool },
    /// Memory allocated, in bytes (per day when pro rata).
    Ram { bytes: i128, days: bool },
    /// Disk allocated, in bytes (per day when pro rata).
    Disk { bytes: i128, days: bool },
    /// A key's weight for this entity, of the key's total.
    Weight { weight: i128, total: i128 },
    /// One of `of` equal shares.
    EqualShare { of: usize },
    /// The whole amount, to one entity.
    AllOfIt,
    /// VMs' vCPU (or memory, in MiB) on `hosts` ESXi hosts.
    OnHosts { units: i128, by: VmWeight, hosts: usize },
    /// ESXi hosts that run no VM of anyone's.
    IdleHosts { hosts: usize },
}

/// Gigabytes (2^30 bytes) with one decimal, terabytes (10^12) with three: how sizes are shown.
pub fn gigabytes(bytes: i128) -> String {
    format!("{:.1}", bytes as f64 / f64::from(1u32 << 30))
}

pub fn terabytes(bytes: i128) -> String {
    format!("{:.3}", bytes as f64 / 1e12)
}

impl fmt::Display for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per_day = |days: bool| if days { "-days" } else { "" };
        let hosts = |n: usize| if n == 1 { "1 host".to_string() } else { format!("{n} hosts") };
        match self {
            Driver::Servers { count, class, days } => {
                let class = match class {
                    Some(ServerClass::Physical) => "physical ",
                    Some(ServerClass::Virtual) => "virtual ",
                    None => "",
                };
                let unit = if *days { "server-days" } else { "servers" };
                write!(f, "{count} {class}{unit}")
            }
            Driver::Vcpu { units, days } => write!(f, "{units} vCPU{}", per_day(*days)),
            Driver::Ram { bytes, days } => write!(f, "{} GB RAM{}", gigabytes(*bytes), per_day(*days)),
            Driver::Disk { bytes, days } => write!(f, "{} TB disk{}", terabytes(*bytes), per_day(*days)),
            Driver::Weight { weight, total } => write!(f, "weight {weight} of {total}"),
            Driver::EqualShare { of } => write!(f, "1 of {of} equal shares"),
            Driver::AllOfIt => f.write_str("all of it"),
            Driver::OnHosts { units, by: VmWeight::Vcpu, hosts: n } => write!(f, "{units} vCPU on {}", hosts(*n)),
            Driver::OnHosts { units, by: VmWeight::Memory, hosts: n } => {
                // Memory is weighed in MiB here.
                write!(f, "{} GB RAM on {}", gigabytes(units * 1024 * 1024), hosts(*n))
            }
            Driver::IdleHosts { hosts: 1 } => f.write_str("1 idle host"),
            Driver::IdleHosts { hosts } => write!(f, "{hosts} idle hosts"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences the report has always given, from their quantities.
    #[test]
    fn english_as_the_report_gives_it() {
        let cases = [
            (Driver::Servers { count: 12, class: None, days: false }, "12 servers"),
            (Driver::Servers { count: 1095, class: None, days: true }, "1095 server-days"),
            (Driver::Servers { count: 3, class: Some(ServerClass::Physical), days: false }, "3 physical servers"),
            (Driver::Servers { count: 1, class: Some(ServerClass::Virtual), days: true }, "1 virtual server-days"),
            (Driver::Vcpu { units: 48, days: true }, "48 vCPU-days"),
            (Driver::Ram { bytes: 12 * (1 << 30) + (1 << 29), days: true }, "12.5 GB RAM-days"),
            (Driver::Disk { bytes: 250_000_000_000, days: false }, "0.250 TB disk"),
            (Driver::Weight { weight: 150, total: 500 }, "weight 150 of 500"),
            (Driver::EqualShare { of: 4 }, "1 of 4 equal shares"),
            (Driver::AllOfIt, "all of it"),
            (Driver::OnHosts { units: 412, by: VmWeight::Vcpu, hosts: 3 }, "412 vCPU on 3 hosts"),
            (Driver::OnHosts { units: 8192, by: VmWeight::Memory, hosts: 1 }, "8.0 GB RAM on 1 host"),
            (Driver::IdleHosts { hosts: 1 }, "1 idle host"),
            (Driver::IdleHosts { hosts: 2 }, "2 idle hosts"),
        ];
        for (driver, english) in cases {
            assert_eq!(driver.to_string(), english);
        }
    }
}

//! The charge report's own words in Swedish, the language of the finance office that
//! receives it: what a line is driven by and why money or a server found no owner, worded
//! from the same facts as the English (`Driver`, `NotAllocated`, `Unplaced`). The workbook
//! is written in Swedish; the pages use these when the reader reads Swedish.

use super::driver::{Driver, gigabytes, terabytes};
use super::model::{ServerClass, VmWeight};
use super::reason::{NamedBy, NotAllocated, Unplaced};

/// `12 servrar`, `1 fysisk server`, `12,5 GB RAM-dagar`, `vikt 150 av 500`: the word after a
/// number agrees with it, and decimals take a comma.
pub fn driver(driver: &Driver) -> String {
    let pick = |one: bool, singular: &'static str, plural: &'static str| if one { singular } else { plural };
    let decimal = |number: String| number.replace('.', ",");
    let hosts = |n: usize| format!("{n} {}", pick(n == 1, "värd", "värdar"));
    match driver {
        Driver::Servers { count, class, days } => {
            let one = *count == 1;
            let class = match class {
                Some(ServerClass::Physical) => pick(one, "fysisk ", "fysiska "),
                Some(ServerClass::Virtual) => pick(one, "virtuell ", "virtuella "),
                None => "",
            };
            let unit = match days {
                true => pick(one, "serverdag", "serverdagar"),
                false => pick(one, "server", "servrar"),
            };
            format!("{count} {class}{unit}")
        }
        Driver::Vcpu { units, days: true } => format!("{units} {}", pick(*units == 1, "vCPU-dag", "vCPU-dagar")),
        Driver::Vcpu { units, days: false } => format!("{units} vCPU"),
        Driver::Ram { bytes, days } => {
            format!("{} GB {}", decimal(gigabytes(*bytes)), if *days { "RAM-dagar" } else { "RAM" })
        }
        Driver::Disk { bytes, days } => {
            format!("{} TB {}", decimal(terabytes(*bytes)), if *days { "diskdagar" } else { "disk" })
        }
        Driver::Weight { weight, total } => format!("vikt {weight} av {total}"),
        Driver::EqualShare { of } => format!("1 av {of} lika delar"),
        Driver::AllOfIt => "hela beloppet".into(),
        Driver::OnHosts { units, by, hosts: n } => {
            let allocated = match by {
                VmWeight::Vcpu => format!("{units} vCPU"),
                // Memory is weighed in MiB.
                VmWeight::Memory => format!("{} GB RAM", decimal(gigabytes(units * 1024 * 1024))),
            };
            format!("{allocated} på {}", hosts(*n))
        }
        Driver::IdleHosts { hosts: n } => {
            let one = *n == 1;
            format!("{n} {} {}", pick(one, "ledig", "lediga"), pick(one, "värd", "värdar"))
        }
    }
}

/// Why a pool is not allocated this year.
pub fn not_allocated(why: NotAllocated) -> &'static str {
    match why {
        NotAllocated::NoServersCounted => "inga servrar räknas det här året, så beloppet kan inte fördelas",
        NotAllocated::NothingMeasured => {
            "de servrar som räknas det här året har inga mätvärden, så beloppet kan inte fördelas"
        }
        NotAllocated::NoHosts => "inga ESXi-värdar räknas, så beloppet kan inte fördelas",
    }
}

/// Why a server belongs to no department.
pub fn unplaced(why: &Unplaced) -> String {
    match why {
        Unplaced::Nothing => "ingen ägarregel, registerpost eller agenttagg".into(),
        Unplaced::NotADepartment { named_by, value } => {
            let named_by = match named_by {
                NamedBy::AssetRegister => "inventarieregistret",
                NamedBy::AgentTag => "agenttaggen",
            };
            format!("{named_by} anger {value:?}, som inte är någon verksamhet i costs.toml")
        }
    }
}

#[cfg(test)]
mod tests;

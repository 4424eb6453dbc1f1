//! Why money or a server found no owner: a pool with nothing to divide it by, a server no
//! rule, register entry or tag places. The report gives the English sentence (`Display`, as
//! the API, the CSV and the CLI show it); the workbook and the Swedish pages word the same
//! facts in Swedish (`costs::swedish`).

use std::fmt;

/// Why a pool's amount is in no line this year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAllocated {
    /// A per-server pool that counts no server.
    NoServersCounted,
    /// A consumption pool whose servers measure nothing.
    NothingMeasured,
    /// A host split that counts no ESXi host.
    NoHosts,
}

impl fmt::Display for NotAllocated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NotAllocated::NoServersCounted => {
                "no servers are counted this year, so there is nothing to divide the amount by"
            }
            NotAllocated::NothingMeasured => {
                "the servers counted this year measure nothing, so there is nothing to divide the amount by"
            }
            NotAllocated::NoHosts => "no ESXi hosts are counted, so there is nothing to divide the amount by",
        })
    }
}

/// What named a department for a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedBy {
    AssetRegister,
    AgentTag,
}

impl fmt::Display for NamedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NamedBy::AssetRegister => "asset register",
            NamedBy::AgentTag => "agent tag",
        })
    }
}

/// Why a server belongs to no department.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unplaced {
    /// No ownership rule matches it, and neither the register nor a tag names a department.
    Nothing,
    /// The register or a tag names a department the cost model does not have.
    NotADepartment { named_by: NamedBy, value: String },
}

impl fmt::Display for Unplaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unplaced::Nothing => f.write_str("no rule, register entry or agent tag"),
            Unplaced::NotADepartment { named_by, value } => {
                write!(f, "{named_by} names {value:?}, which is not a department in costs.toml")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences the report has always given.
    #[test]
    fn english_as_the_report_gives_it() {
        assert_eq!(
            NotAllocated::NoHosts.to_string(),
            "no ESXi hosts are counted, so there is nothing to divide the amount by"
        );
        assert_eq!(Unplaced::Nothing.to_string(), "no rule, register entry or agent tag");
        let tagged = Unplaced::NotADepartment { named_by: NamedBy::AgentTag, value: "ekonomi".into() };
        assert_eq!(tagged.to_string(), "agent tag names \"ekonomi\", which is not a department in costs.toml");
    }
}

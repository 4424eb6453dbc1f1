//! `costs.toml` as written: the serde shape of the file, before any check. Every value a
//! later check may point at is `Spanned`, so its error can name the line.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::{Spanned, Value};

use crate::costs::model::{Measure, Platforms, PoweredOff, VmWeight};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Doc {
    #[serde(default)]
    pub(super) entity: Vec<Spanned<EntityDoc>>,
    #[serde(default)]
    pub(super) department: Vec<Spanned<DepartmentDoc>>,
    #[serde(default)]
    pub(super) rule: Vec<Spanned<RuleDoc>>,
    #[serde(default)]
    pub(super) year: Vec<Spanned<YearDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EntityDoc {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DepartmentDoc {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<String>,
    pub(super) entity: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleDoc {
    pub(super) department: Spanned<String>,
    pub(super) hostname: Option<Spanned<String>>,
    pub(super) subnet: Option<Spanned<String>>,
    pub(super) site: Option<Spanned<String>>,
    pub(super) folder: Option<Spanned<String>>,
    pub(super) tag: Option<Spanned<String>>,
    pub(super) attribute: Option<Spanned<AttributeDoc>>,
}

/// `attribute = { name = "Verksamhet", value = "Socialtjänst" }`
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AttributeDoc {
    pub(super) name: Spanned<String>,
    pub(super) value: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct YearDoc {
    // i64, not i32: `year = 99999999999` gets our range message, not a serde overflow.
    pub(super) year: Spanned<i64>,
    #[serde(default)]
    pub(super) key: Vec<Spanned<KeyDoc>>,
    #[serde(default)]
    pub(super) pool: Vec<Spanned<PoolDoc>>,
    pub(super) settlement: Option<Spanned<SettlementDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KeyDoc {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<String>,
    pub(super) weights: Spanned<BTreeMap<Spanned<String>, Spanned<i64>>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum MethodName {
    UnitPrice,
    PerServer,
    Consumption,
    Key,
    Equal,
    Direct,
    HostSplit,
}

impl MethodName {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            MethodName::UnitPrice => "unit_price",
            MethodName::PerServer => "per_server",
            MethodName::Consumption => "consumption",
            MethodName::Key => "key",
            MethodName::Equal => "equal",
            MethodName::Direct => "direct",
            MethodName::HostSplit => "host_split",
        }
    }
}

/// The methods a parameter belongs to.
pub(super) type Owners = &'static [MethodName];

/// The methods that count servers by class, and so take `platforms` and `pro_rata`.
pub(super) const COUNTING: &[MethodName] = &[MethodName::UnitPrice, MethodName::PerServer, MethodName::Consumption];
/// The methods that count servers on a day, and so take `as_of`, `seen_within_days` and
/// `powered_off`: `host_split` counts hosts and VMs on one day, never by class or pro rata.
pub(super) const ON_A_DAY: &[MethodName] =
    &[MethodName::UnitPrice, MethodName::PerServer, MethodName::Consumption, MethodName::HostSplit];
/// The methods that split a given amount.
pub(super) const AMOUNT: &[MethodName] = &[
    MethodName::PerServer,
    MethodName::Consumption,
    MethodName::Key,
    MethodName::Equal,
    MethodName::Direct,
    MethodName::HostSplit,
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PoolDoc {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<String>,
    pub(super) method: Spanned<MethodName>,
    // Amounts, prices and dates stay raw `Value`s so a wrong kind gets a money-aware message.
    pub(super) amount_sek: Option<Spanned<Value>>,
    pub(super) platforms: Option<Spanned<Platforms>>,
    pub(super) as_of: Option<Spanned<Value>>,
    pub(super) seen_within_days: Option<Spanned<i64>>,
    pub(super) pro_rata: Option<Spanned<bool>>,
    pub(super) powered_off: Option<Spanned<PoweredOff>>,
    pub(super) unit_price_sek: Option<Spanned<Value>>,
    pub(super) measure: Option<Spanned<Measure>>,
    pub(super) key: Option<Spanned<String>>,
    pub(super) between: Option<Spanned<Vec<Spanned<String>>>>,
    pub(super) to: Option<Spanned<String>>,
    pub(super) by: Option<Spanned<VmWeight>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SettlementDoc {
    pub(super) outcome_sek: Spanned<Value>,
    pub(super) key: Spanned<String>,
}

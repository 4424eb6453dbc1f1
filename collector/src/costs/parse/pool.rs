//! The checks of one cost pool: its method and the parameters that method needs, and none
//! of another method's; its amount; how it counts servers.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::Datelike;
use toml::{Spanned, Value};

use super::file::{AMOUNT, COUNTING, MethodName, ON_A_DAY, Owners, PoolDoc};
use super::values::{date, sek};
use super::{Checker, ModelError};
use crate::costs::model::{Counting, Key, Method, Platforms, Pool, PoweredOff, ServerClass};
use crate::money::{Ore, format_sek_sv};

fn span_of<T>(value: &Option<Spanned<T>>) -> Option<Range<usize>> {
    value.as_ref().map(Spanned::span)
}

/// Why `field` is refused on `method`, in words.
fn why_not(method: MethodName, field: &str, owners: Owners) -> String {
    match (method, field) {
        (MethodName::UnitPrice, "amount_sek") => {
            "a unit-price pool's total is its price times the servers counted".to_string()
        }
        (MethodName::HostSplit, "platforms") => {
            "a host split counts the ESXi hosts, physical by definition".to_string()
        }
        (MethodName::HostSplit, "pro_rata") => {
            "a host split divides the amount over the hosts and VMs counted on one day".to_string()
        }
        _ => {
            let owners: Vec<&str> = owners.iter().map(|m| m.as_str()).collect();
            format!("it is for method {}", owners.join(", "))
        }
    }
}

impl Checker {
    pub(super) fn pool(&self, pool: Spanned<PoolDoc>, year: i32, keys: &[Key]) -> Result<Pool, ModelError> {
        use MethodName as M;
        let (span, p) = (pool.span(), pool.into_inner());
        let id = self.id(&p.id, "pool")?;
        let ctx = format!("year {year}, pool {id:?}");
        let name = self.name(&p.name, &ctx)?;
        let method = *p.method.get_ref();
        self.only_own_parameters(&p, method, &ctx)?;
        let needs = |what: &str| self.err(span.clone(), format!("{ctx}: method {:?} needs {what}", method.as_str()));
        let amount = match &p.amount_sek {
            Some(amount) => Some(self.amount(amount, &ctx, "amount_sek", false)?),
            None if method == M::UnitPrice => None,
            None => return Err(needs("amount_sek = <whole SEK, or text with öre like \"125 000,50\">")),
        };
        let counting = self.counting(&p, method, year, &ctx)?;
        let method = match method {
            M::UnitPrice => {
                let price = p.unit_price_sek.as_ref().ok_or_else(|| {
                    needs("unit_price_sek = <SEK per server>, or { physical = <SEK>, virtual = <SEK> }")
                })?;
                self.unit_price(price, counting.platforms, &ctx)?
            }
            M::PerServer => Method::PerServer,
            M::Consumption => {
                let measure =
                    p.measure.as_ref().ok_or_else(|| needs("measure = \"vcpu\", \"ram_gb\" or \"disk_tb\""))?;
                Method::Consumption { measure: *measure.get_ref() }
            }
            M::Key => {
                let key = p.key.ok_or_else(|| needs("key = <the id of a key of this year>"))?;
                self.known_key(&key, keys, year, &ctx)?;
                Method::Key { key: key.into_inner() }
            }
            M::Equal => {
                let between = p.between.ok_or_else(|| needs("between = [<department or entity ids>]"))?;
                if between.get_ref().is_empty() {
                    return Err(self.err(between.span(), format!("{ctx}: between is empty")));
                }
                self.one_kind(between.get_ref().iter(), &ctx)?;
                for (i, item) in between.get_ref().iter().enumerate() {
                    if between.get_ref()[..i].iter().any(|earlier| earlier.get_ref() == item.get_ref()) {
                        return Err(
                            self.err(item.span(), format!("{ctx}: {:?} is listed twice in between", item.get_ref()))
                        );
                    }
                }
                Method::Equal { between: between.into_inner().into_iter().map(Spanned::into_inner).collect() }
            }
            M::Direct => {
                let to = p.to.ok_or_else(|| needs("to = <a department or entity id>"))?;
                self.kind(&to, &ctx)?;
                Method::Direct { to: to.into_inner() }
            }
            // `by` is in the counting (see `Counting::vms_by`), checked there.
            M::HostSplit if counting.vms_by.is_none() => return Err(needs("by = \"vcpu\" or \"memory\"")),
            M::HostSplit => Method::HostSplit,
        };
        Ok(Pool { line: self.lines.at(span.start), id, name, amount, method, counting })
    }

    /// Parameters of another method are refused rather than ignored.
    fn only_own_parameters(&self, p: &PoolDoc, method: MethodName, ctx: &str) -> Result<(), ModelError> {
        use MethodName as M;
        let given: [(&str, Option<Range<usize>>, Owners); 12] = [
            ("amount_sek", span_of(&p.amount_sek), AMOUNT),
            ("platforms", span_of(&p.platforms), COUNTING),
            ("as_of", span_of(&p.as_of), ON_A_DAY),
            ("seen_within_days", span_of(&p.seen_within_days), ON_A_DAY),
            ("pro_rata", span_of(&p.pro_rata), COUNTING),
            ("powered_off", span_of(&p.powered_off), ON_A_DAY),
            ("unit_price_sek", span_of(&p.unit_price_sek), &[M::UnitPrice]),
            ("measure", span_of(&p.measure), &[M::Consumption]),
            ("key", span_of(&p.key), &[M::Key]),
            ("between", span_of(&p.between), &[M::Equal]),
            ("to", span_of(&p.to), &[M::Direct]),
            ("by", span_of(&p.by), &[M::HostSplit]),
        ];
        for (field, field_span, owners) in given {
            if let Some(field_span) = field_span
                && !owners.contains(&method)
            {
                let why = why_not(method, field, owners);
                let message = format!("{ctx}: {field} does not apply to method {:?}: {why}", method.as_str());
                return Err(self.err(field_span, message));
            }
        }
        Ok(())
    }

    fn counting(&self, p: &PoolDoc, method: MethodName, year: i32, ctx: &str) -> Result<Counting, ModelError> {
        let as_of = match &p.as_of {
            None => None,
            Some(value) => {
                let date = date(value.get_ref())
                    .map_err(|problem| self.err(value.span(), format!("{ctx}: as_of {problem}")))?;
                if date.year() != year {
                    let message = format!("{ctx}: as_of {date} is not in {year}, the year of this pool");
                    return Err(self.err(value.span(), message));
                }
                Some(date)
            }
        };
        let seen_within_days = match &p.seen_within_days {
            None => None,
            Some(days) => match u32::try_from(*days.get_ref()) {
                Ok(d) if (1..=366).contains(&d) => Some(d),
                _ => {
                    let message = format!("{ctx}: seen_within_days is {}; give 1 to 366 days", *days.get_ref());
                    return Err(self.err(days.span(), message));
                }
            },
        };
        let pro_rata = p.pro_rata.as_ref().is_some_and(|p| *p.get_ref());
        if pro_rata && let Some(as_of) = &p.as_of {
            let message =
                format!("{ctx}: as_of does not go with pro_rata = true, which charges days in service over the year");
            return Err(self.err(as_of.span(), message));
        }
        // A host split counts the ESXi hosts: physical servers by definition.
        let platforms = match method {
            MethodName::HostSplit => Platforms::Physical,
            _ => p.platforms.as_ref().map_or(Platforms::Both, |p| *p.get_ref()),
        };
        let powered_off = p.powered_off.as_ref().map_or(PoweredOff::Count, |p| *p.get_ref());
        let vms_by = p.by.as_ref().map(|by| *by.get_ref());
        Ok(Counting { platforms, as_of, seen_within_days, pro_rata, powered_off, vms_by })
    }

    /// Refuses a wrong kind, too many decimals and, unless allowed, a negative amount.
    pub(super) fn amount(
        &self,
        value: &Spanned<Value>,
        ctx: &str,
        field: &str,
        negative: bool,
    ) -> Result<Ore, ModelError> {
        let ore =
            sek(value.get_ref()).map_err(|problem| self.err(value.span(), format!("{ctx}: {field}: {problem}")))?;
        if ore < 0 && !negative {
            let message = format!("{ctx}: {field} must not be negative (it is {} SEK)", format_sek_sv(ore));
            return Err(self.err(value.span(), message));
        }
        Ok(ore)
    }

    /// `unit_price_sek = 12000` prices every server alike. The table form prices each class
    /// the pool counts, and `unknown` the servers whose platform the agent cannot tell
    /// (counted under platforms = "both"); without it they pay the table's highest price,
    /// so an unclassified server is never free. That fallback is `Method::UnitPrice::price`.
    fn unit_price(&self, value: &Spanned<Value>, platforms: Platforms, ctx: &str) -> Result<Method, ModelError> {
        let Value::Table(table) = value.get_ref() else {
            let price = self.amount(value, ctx, "unit_price_sek", false)?;
            return Ok(Method::UnitPrice { price, by_class: BTreeMap::new() });
        };
        let fail = |message: String| self.err(value.span(), format!("{ctx}: unit_price_sek: {message}"));
        let counted: &[ServerClass] = match platforms {
            Platforms::Physical => &[ServerClass::Physical],
            Platforms::Virtual => &[ServerClass::Virtual],
            Platforms::Both => &[ServerClass::Physical, ServerClass::Virtual],
        };
        let mut by_class = BTreeMap::new();
        let mut unknown = None;
        for (class_name, price) in table {
            let class = match class_name.as_str() {
                "physical" => Some(ServerClass::Physical),
                "virtual" => Some(ServerClass::Virtual),
                "unknown" => None,
                other => return Err(fail(format!("{other:?} is no server class (physical, virtual, unknown)"))),
            };
            let counts = class.map_or(platforms == Platforms::Both, |c| counted.contains(&c));
            if !counts {
                return Err(fail(format!("prices {class_name} servers, which this pool does not count (platforms)")));
            }
            let ore = sek(price).map_err(|problem| fail(format!("{class_name}: {problem}")))?;
            if ore < 0 {
                return Err(fail(format!("{class_name} must not be negative (it is {} SEK)", format_sek_sv(ore))));
            }
            match class {
                Some(class) => by_class.insert(class, ore),
                None => unknown.replace(ore),
            };
        }
        if let Some(missing) = counted.iter().find(|c| !by_class.contains_key(c)) {
            let missing = if *missing == ServerClass::Physical { "physical" } else { "virtual" };
            return Err(fail(format!("no price for {missing} servers, which this pool counts")));
        }
        let price = unknown.or_else(|| by_class.values().max().copied()).unwrap_or(0);
        Ok(Method::UnitPrice { price, by_class })
    }
}

#[cfg(test)]
mod tests;

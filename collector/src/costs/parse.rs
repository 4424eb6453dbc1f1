//! `costs.toml` → [`CostModel`]: billed entities, departments, the rules placing servers with
//! departments, and per year the allocation keys, cost pools and the settlement.
//!
//! Finance staff edit this file by hand, so every refusal names the line it is about, and a
//! file is taken whole or refused whole: the engine never sees a half-checked model. The
//! decisions a reader of `deploy/costs.toml` is told about, checked here:
//! - Entity and department ids share one namespace, so `to = "it"` or a key weight always
//!   means exactly one thing.
//! - A key's weights, and an `equal` pool's `between`, name only entities or only
//!   departments: mixing them would count an entity's own departments twice.
//! - Amounts are whole SEK as TOML integers or text with öre (`"1 000 000,50"`). TOML decimal
//!   numbers are refused: binary fractions cannot hold öre exactly.
//! - A method's parameters are checked both ways: a missing one, and one that belongs to
//!   another method, are errors, so no line someone wrote is silently ignored.
//! - `unit_price_sek = { physical = …, virtual = … }` must price every class the pool counts;
//!   `Method::UnitPrice::price` is then what a server of unknown class pays: the table's
//!   `unknown`, else its highest price. A single `unit_price_sek = 12000` gives `price` and no
//!   `by_class`.

mod file;
mod pool;
mod values;

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::model::{Attribute, CostModel, Department, Entity, Key, OwnershipRule, Pool, Settlement, Year};
use file::{AttributeDoc, Doc, KeyDoc, RuleDoc, YearDoc};
use values::{cidr_problem, folder_problem, glob_problem, site_problem, tag_problem};

/// A refused `costs.toml`: the 1-based line it is about, when known, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ModelError {
    pub line: Option<usize>,
    pub message: String,
}

/// Parses and checks `costs.toml`.
pub fn parse(text: &str) -> Result<CostModel, ModelError> {
    let lines = Lines::new(text);
    // The toml crate's syntax and type errors carry a span; keep its message, drop its
    // source excerpt (the CLI and API show one line, and the line number says where).
    let doc: Doc = toml::from_str(text).map_err(|e| ModelError {
        line: e.span().map(|span| lines.at(span.start)),
        message: e.message().trim_end().to_string(),
    })?;
    Checker { lines, ids: BTreeMap::new() }.model(doc)
}

/// Byte offset → 1-based line, by binary search over where lines start.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Entity,
    Department,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Entity => "entity",
            Kind::Department => "department",
        }
    }
}

struct Checker {
    lines: Lines,
    /// Every entity and department id, with its kind and line: one namespace for both.
    ids: BTreeMap<String, (Kind, usize)>,
}

/// What is wrong with a rule's criterion, if anything.
type Problem = fn(&str) -> Option<String>;

impl Checker {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> ModelError {
        ModelError { line: Some(self.lines.at(span.start)), message: message.into() }
    }

    fn model(mut self, doc: Doc) -> Result<CostModel, ModelError> {
        let mut model = CostModel::default();
        // Entities before departments whatever the file order: TOML keeps the arrays apart.
        for entity in doc.entity {
            let e = entity.into_inner();
            let id = self.id(&e.id, "entity")?;
            let name = self.name(&e.name, &format!("entity {id:?}"))?;
            self.claim(&e.id, Kind::Entity)?;
            model.entities.push(Entity { id, name });
        }
        for department in doc.department {
            let d = department.into_inner();
            let id = self.id(&d.id, "department")?;
            let ctx = format!("department {id:?}");
            let name = self.name(&d.name, &ctx)?;
            if self.kind(&d.entity, &ctx)? != Kind::Entity {
                return Err(self
                    .err(d.entity.span(), format!("{ctx}: {:?} is a department, not an entity", d.entity.get_ref())));
            }
            self.claim(&d.id, Kind::Department)?;
            model.departments.push(Department { id, name, entity: d.entity.into_inner() });
        }
        for rule in doc.rule {
            model.rules.push(self.rule(rule)?);
        }
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for year in doc.year {
            let line = self.lines.at(year.span().start);
            let span = year.get_ref().year.span();
            let year = self.year(year.into_inner())?;
            if let Some(first) = years.insert(year.year, line) {
                return Err(self.err(span, format!("year {} is already on line {first}", year.year)));
            }
            model.years.push(year);
        }
        Ok(model)
    }

    /// An id: a short code that reads well in a CSV column and a URL.
    fn id(&self, id: &Spanned<String>, what: &str) -> Result<String, ModelError> {
        let text = id.get_ref();
        let problem = if text.is_empty() {
            "is empty"
        } else if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            "contains a space; ids are short codes like \"soc\" or \"server-platform\""
        } else if text.chars().count() > 64 {
            "is longer than 64 characters"
        } else {
            return Ok(text.clone());
        };
        Err(self.err(id.span(), format!("{what} id {text:?} {problem}")))
    }

    fn name(&self, name: &Spanned<String>, ctx: &str) -> Result<String, ModelError> {
        match name.get_ref().trim() {
            "" => Err(self.err(name.span(), format!("{ctx}: name is empty"))),
            trimmed => Ok(trimmed.to_string()),
        }
    }

    fn claim(&mut self, id: &Spanned<String>, kind: Kind) -> Result<(), ModelError> {
        if let Some((other, line)) = self.ids.get(id.get_ref()) {
            let message = format!(
                "{} id {:?} is already used by the {} on line {line}",
                kind.as_str(),
                id.get_ref(),
                other.as_str()
            );
            return Err(self.err(id.span(), message));
        }
        self.ids.insert(id.get_ref().clone(), (kind, self.lines.at(id.span().start)));
        Ok(())
    }

    /// The kind of a reference to an entity or a department; unknown ids are errors.
    fn kind(&self, reference: &Spanned<String>, ctx: &str) -> Result<Kind, ModelError> {
        if let Some((kind, _)) = self.ids.get(reference.get_ref()) {
            return Ok(*kind);
        }
        let mut known: Vec<&str> = self.ids.keys().map(String::as_str).take(12).collect();
        if self.ids.len() > known.len() {
            known.push("…");
        }
        let known =
            if known.is_empty() { "none are defined".to_string() } else { format!("known: {}", known.join(", ")) };
        Err(self
            .err(reference.span(), format!("{ctx}: {:?} is no entity or department ({known})", reference.get_ref())))
    }

    /// References that must all be entities or all departments (see the module doc).
    fn one_kind<'a>(
        &self,
        references: impl IntoIterator<Item = &'a Spanned<String>>,
        ctx: &str,
    ) -> Result<(), ModelError> {
        let mut first: Option<(Kind, &str)> = None;
        for reference in references {
            let kind = self.kind(reference, ctx)?;
            match first {
                None => first = Some((kind, reference.get_ref().as_str())),
                Some((k, name)) if k != kind => {
                    let message = format!(
                        "{ctx}: names both the {} {name:?} and the {} {:?}; name only entities or only \
                         departments, or an entity's own departments would be counted twice",
                        k.as_str(),
                        kind.as_str(),
                        reference.get_ref()
                    );
                    return Err(self.err(reference.span(), message));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn rule(&self, rule: Spanned<RuleDoc>) -> Result<OwnershipRule, ModelError> {
        let (span, r) = (rule.span(), rule.into_inner());
        let ctx = format!("rule for {:?}", r.department.get_ref());
        if self.kind(&r.department, &ctx)? != Kind::Department {
            let message =
                format!("{ctx}: {:?} is an entity; a rule places servers with a department", r.department.get_ref());
            return Err(self.err(r.department.span(), message));
        }
        let criteria = [&r.hostname, &r.subnet, &r.site, &r.folder, &r.tag];
        if criteria.iter().all(|c| c.is_none()) && r.attribute.is_none() {
            let message = format!(
                "{ctx}: give hostname, subnet, site, folder, tag or attribute (hostname = \"*\" matches every server)"
            );
            return Err(self.err(span, message));
        }
        let checks: [(&Option<Spanned<String>>, Problem); 5] = [
            (&r.hostname, glob_problem),
            (&r.subnet, cidr_problem),
            (&r.site, site_problem),
            (&r.folder, folder_problem),
            (&r.tag, tag_problem),
        ];
        for (field, problem) in checks {
            if let Some(value) = field
                && let Some(problem) = problem(value.get_ref())
            {
                return Err(self.err(value.span(), format!("{ctx}: {:?} {problem}", value.get_ref())));
            }
        }
        let attribute = r.attribute.map(|a| self.attribute(a.into_inner(), &ctx)).transpose()?;
        let take = |field: Option<Spanned<String>>| field.map(|v| v.into_inner().trim().to_string());
        Ok(OwnershipRule {
            line: self.lines.at(span.start),
            department: r.department.into_inner(),
            hostname: take(r.hostname),
            // Checked above; `cidr_problem` is stricter than the parser (no host bits).
            subnet: take(r.subnet).and_then(|s| s.parse().ok()),
            site: take(r.site),
            folder: take(r.folder),
            tag: take(r.tag),
            attribute,
        })
    }

    /// A custom attribute needs both its name and the value asked for: a rule cannot ask
    /// for an attribute to be missing.
    fn attribute(&self, a: AttributeDoc, ctx: &str) -> Result<Attribute, ModelError> {
        for (field, value) in [("name", &a.name), ("value", &a.value)] {
            if value.get_ref().trim().is_empty() {
                return Err(self.err(value.span(), format!("{ctx}: attribute {field} is empty")));
            }
        }
        Ok(Attribute { name: a.name.into_inner().trim().to_string(), value: a.value.into_inner().trim().to_string() })
    }

    fn year(&self, y: YearDoc) -> Result<Year, ModelError> {
        let year = match i32::try_from(*y.year.get_ref()) {
            Ok(year) if (2000..=2100).contains(&year) => year,
            _ => {
                return Err(self.err(y.year.span(), format!("year {} is not between 2000 and 2100", *y.year.get_ref())));
            }
        };
        let mut keys: Vec<Key> = Vec::new();
        for key in y.key {
            let id_span = key.get_ref().id.span();
            let key = self.key(key, year)?;
            if let Some(first) = keys.iter().find(|k| k.id == key.id) {
                let message = format!("year {year}: key id {:?} is already used on line {}", key.id, first.line);
                return Err(self.err(id_span, message));
            }
            keys.push(key);
        }
        let mut pools: Vec<Pool> = Vec::new();
        for pool in y.pool {
            let id_span = pool.get_ref().id.span();
            let pool = self.pool(pool, year, &keys)?;
            if let Some(first) = pools.iter().find(|p| p.id == pool.id) {
                let message = format!("year {year}: pool id {:?} is already used on line {}", pool.id, first.line);
                return Err(self.err(id_span, message));
            }
            pools.push(pool);
        }
        let settlement = match y.settlement {
            None => None,
            Some(s) => {
                let (span, s) = (s.span(), s.into_inner());
                let ctx = format!("year {year}, settlement");
                // A deficit is negative: the only amount allowed below zero.
                let outcome = self.amount(&s.outcome_sek, &ctx, "outcome_sek", true)?;
                self.known_key(&s.key, &keys, year, &ctx)?;
                Some(Settlement { line: self.lines.at(span.start), outcome, key: s.key.into_inner() })
            }
        };
        Ok(Year { year, pools, keys, settlement })
    }

    fn known_key(&self, key: &Spanned<String>, keys: &[Key], year: i32, ctx: &str) -> Result<(), ModelError> {
        if keys.iter().any(|k| k.id == *key.get_ref()) {
            return Ok(());
        }
        let known: Vec<&str> = keys.iter().map(|k| k.id.as_str()).collect();
        let known = if known.is_empty() { "it has none".to_string() } else { format!("it has {}", known.join(", ")) };
        Err(self.err(key.span(), format!("{ctx}: key {:?} is not a key of year {year} ({known})", key.get_ref())))
    }

    fn key(&self, key: Spanned<KeyDoc>, year: i32) -> Result<Key, ModelError> {
        let (span, k) = (key.span(), key.into_inner());
        let id = self.id(&k.id, "key")?;
        let ctx = format!("year {year}, key {id:?}");
        let name = self.name(&k.name, &ctx)?;
        self.one_kind(k.weights.get_ref().keys(), &ctx)?;
        let mut total: i128 = 0;
        for (who, weight) in k.weights.get_ref() {
            if *weight.get_ref() < 0 {
                return Err(self.err(
                    weight.span(),
                    format!("{ctx}: the weight of {:?} is negative ({})", who.get_ref(), *weight.get_ref()),
                ));
            }
            total += i128::from(*weight.get_ref());
        }
        if total == 0 {
            return Err(self.err(k.weights.span(), format!("{ctx}: the weights sum to zero, so nothing can be split")));
        }
        if total > i128::from(i64::MAX) {
            return Err(self.err(k.weights.span(), format!("{ctx}: the weights sum to more than {}", i64::MAX)));
        }
        let weights = k.weights.into_inner().into_iter().map(|(who, w)| (who.into_inner(), w.into_inner())).collect();
        Ok(Key { line: self.lines.at(span.start), id, name, weights })
    }
}

#[cfg(test)]
mod tests;

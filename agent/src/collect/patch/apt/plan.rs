//! What `apt-get dist-upgrade` would do, worked out from the installed packages and the
//! lists directly, for the systems where that answer is certain: every installed package
//! goes to its candidate version (apt's policy: priorities, then the highest version),
//! a dependency no installed package satisfies brings in its first alternative, and the
//! result must be consistent. Wherever apt's resolver would have a choice to make (a held
//! package, a conflict, a dependency only a virtual package or a second alternative
//! fulfils, a pin of 1000 or more, phased updates, a new essential package) the plan
//! refuses with the reason, and the caller asks apt.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use arsring_protocol::PendingPackage;

use super::control::{Relation, parse_relations};
use super::pins::{self, Archive, Pin};
use super::version::compare;

/// The relationship fields of one version, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// `Pre-Depends` and `Depends` together.
    pub depends: String,
    pub recommends: String,
    /// `Breaks` and `Conflicts` together.
    pub negative: String,
    pub provides: String,
    /// `Multi-Arch: allowed`: the package satisfies `name:any`.
    pub multi_arch_allowed: bool,
}

/// One version of a package in the lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Available {
    pub version: String,
    /// Indices into [`Universe::archives`] of the lists that carry it.
    pub archives: Vec<usize>,
    pub fields: Fields,
    pub essential: bool,
    /// `Phased-Update-Percentage` is set: apt may hold it back on this machine.
    pub phased: bool,
}

/// An installed package (dpkg status `install ok installed` or `hold ok installed`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installed {
    pub name: String,
    pub version: String,
    pub hold: bool,
    pub fields: Fields,
}

/// Everything the plan needs, read by the caller.
#[derive(Debug, Default)]
pub struct Universe {
    pub installed: Vec<Installed>,
    /// The versions in the lists of the packages named in `read`.
    pub available: HashMap<String, Vec<Available>>,
    /// The packages whose versions were read (lists hold some 60 000 packages; the plan
    /// needs the installed ones and the few a dependency brings in).
    pub read: HashSet<String>,
    /// Packages marked essential in the lists, read or not.
    pub essential: HashSet<String>,
    pub archives: Vec<Archive>,
    pub pins: Vec<Pin>,
    pub install_recommends: bool,
    /// The native architecture: `name:<it>` is the same as `name`.
    pub architecture: String,
}

/// A package in the state after the upgrade.
struct Member<'u> {
    version: &'u str,
    fields: &'u Fields,
    depends: Vec<Vec<Relation>>,
    /// `None` for a package the upgrade does not change.
    change: Option<Change<'u>>,
}

#[derive(Clone, Copy)]
enum Change<'u> {
    Upgrade { from: &'u Installed, to: &'u Available },
    New(&'u Available),
}

/// Why there is no plan (yet).
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// apt's resolver must decide: the reason.
    AskApt(String),
    /// The versions of this package are needed: read them, then plan again.
    Read(String),
}

impl From<String> for Refusal {
    fn from(reason: String) -> Self {
        Refusal::AskApt(reason)
    }
}

/// The pending packages, or why apt must be asked instead.
pub fn plan(universe: &Universe) -> Result<Vec<PendingPackage>, Refusal> {
    // From 1000 up a pin may downgrade, and apt then weighs versions below the installed one.
    if let Some(pin) = universe.pins.iter().find(|p| p.priority >= 1000) {
        return Err(Refusal::AskApt(format!("a pin of priority {} (apt decides downgrades)", pin.priority)));
    }
    let policy = Policy::new(universe);
    let mut after: BTreeMap<&str, Member> = BTreeMap::new();
    for installed in &universe.installed {
        let candidate = policy.candidate(&installed.name, Some(installed))?;
        let change = match candidate {
            Some(to) => match compare(&to.version, &installed.version) {
                Ordering::Greater if installed.hold => {
                    return Err(format!("{} is held back at {}", installed.name, installed.version).into());
                }
                Ordering::Greater if to.phased => {
                    return Err(format!("{} {} is a phased update", installed.name, to.version).into());
                }
                Ordering::Greater => Some(Change::Upgrade { from: installed, to }),
                Ordering::Equal => None,
                Ordering::Less => return Err(format!("{} would be downgraded", installed.name).into()),
            },
            None => None,
        };
        let (version, fields) = match change {
            Some(Change::Upgrade { to, .. }) => (to.version.as_str(), &to.fields),
            _ => (installed.version.as_str(), &installed.fields),
        };
        let depends = relations(&installed.name, "Depends", &fields.depends)?;
        after.insert(&installed.name, Member { version, fields, depends, change });
    }
    let before = State::of(universe.installed.iter().map(|i| (i.name.as_str(), i.version.as_str(), &i.fields)))?;
    let state = bring_in_dependencies(universe, &policy, &before, &mut after)?;
    check_consistent(universe, &after, &state)?;
    check_essentials(universe, &after)?;
    Ok(pending(universe, &after))
}

fn relations(package: &str, field: &str, text: &str) -> Result<Vec<Vec<Relation>>, String> {
    parse_relations(text).ok_or_else(|| format!("{package}'s {field} field `{text}` could not be read"))
}

/// Adds the first alternative of every dependency (and, as apt does, recommendation) of a
/// changed package that nothing after the upgrade satisfies, until nothing is missing.
/// Returns the state after the upgrade.
fn bring_in_dependencies<'u>(
    universe: &'u Universe,
    policy: &Policy<'u>,
    before: &State<'u>,
    after: &mut BTreeMap<&'u str, Member<'u>>,
) -> Result<State<'u>, Refusal> {
    let mut work: Vec<&str> = after.iter().filter(|(_, m)| m.change.is_some()).map(|(n, _)| *n).collect();
    let mut state = State::of(after.iter().map(|(n, m)| (*n, m.version, m.fields)))?;
    while let Some(name) = work.pop() {
        let member = &after[name];
        let mut wanted = member.depends.clone();
        if universe.install_recommends {
            for group in relations(name, "Recommends", &member.fields.recommends)? {
                if let Some(Change::Upgrade { from, .. }) = member.change
                    && !new_or_once_satisfied(&group, from, before, &universe.architecture)?
                {
                    continue;
                }
                wanted.push(group);
            }
        }
        for group in wanted {
            if group.iter().any(|r| state.satisfies(r, &universe.architecture)) {
                continue;
            }
            let first = &group[0];
            let missing = || format!("{name} needs {} and the first alternative is not simply installable", first.name);
            if after.contains_key(first.name.as_str()) || !native(first, &universe.architecture) {
                return Err(missing().into());
            }
            if !universe.read.contains(&first.name) {
                return Err(Refusal::Read(first.name.clone()));
            }
            let available = policy.candidate(&first.name, None)?.ok_or_else(missing)?;
            if available.phased || !first.accepts(&available.version) {
                return Err(missing().into());
            }
            let depends = relations(&first.name, "Depends", &available.fields.depends)?;
            let (new_name, _) = universe.available.get_key_value(&first.name).ok_or_else(missing)?;
            after.insert(
                new_name,
                Member {
                    version: &available.version,
                    fields: &available.fields,
                    depends,
                    change: Some(Change::New(available)),
                },
            );
            work.push(new_name);
            state = State::of(after.iter().map(|(n, m)| (*n, m.version, m.fields)))?;
        }
    }
    Ok(state)
}

/// apt installs a recommendation of an upgraded package only when the installed version did
/// not recommend the same package, or did and it was satisfied then.
fn new_or_once_satisfied(group: &[Relation], from: &Installed, before: &State, arch: &str) -> Result<bool, String> {
    let old = relations(&from.name, "Recommends", &from.fields.recommends)?;
    let mut matched = old.iter().filter(|g| g.iter().any(|r| r.name == group[0].name)).peekable();
    if matched.peek().is_none() {
        return Ok(true);
    }
    Ok(matched.any(|g| g.iter().any(|r| before.satisfies(r, arch))))
}

/// Every package after the upgrade has its dependencies and breaks or conflicts with none.
fn check_consistent(universe: &Universe, after: &BTreeMap<&str, Member>, state: &State) -> Result<(), String> {
    let arch = &universe.architecture;
    for (name, member) in after {
        if let Some(group) = member.depends.iter().find(|g| !g.iter().any(|r| state.satisfies(r, arch))) {
            let names: Vec<&str> = group.iter().map(|r| r.name.as_str()).collect();
            return Err(format!("{name}'s dependency on {} is not met after the upgrade", names.join(" | ")));
        }
        for relation in relations(name, "Breaks/Conflicts", &member.fields.negative)?.iter().flatten() {
            if let Some(other) = state.matches_other(relation, name, arch) {
                return Err(format!("{name} breaks or conflicts with {other} after the upgrade"));
            }
        }
    }
    Ok(())
}

/// dist-upgrade also installs essential packages that are missing.
fn check_essentials(universe: &Universe, after: &BTreeMap<&str, Member>) -> Result<(), String> {
    match universe.essential.iter().find(|name| !after.contains_key(name.as_str())) {
        Some(name) => Err(format!("the essential package {name} is not installed")),
        None => Ok(()),
    }
}

fn pending(universe: &Universe, after: &BTreeMap<&str, Member>) -> Vec<PendingPackage> {
    let security = |to: &Available| {
        to.archives.iter().any(|&i| universe.archives[i].describe().to_ascii_lowercase().contains("security"))
    };
    after
        .iter()
        .filter_map(|(name, member)| {
            let (installed, to) = match member.change? {
                Change::Upgrade { from, to } => (Some(from.version.clone()), to),
                Change::New(to) => (None, to),
            };
            Some(PendingPackage {
                name: (*name).into(),
                installed: installed.map(Into::into),
                candidate: to.version.as_str().into(),
                security: security(to),
            })
        })
        .collect()
}

/// `name`, `name:any`, `name:native` or `name:<native architecture>`: a name this
/// single-architecture system resolves (`:any` needs `Multi-Arch: allowed`, checked apart).
fn native(relation: &Relation, arch: &str) -> bool {
    relation.arch.as_deref().is_none_or(|a| a == "native" || a == arch)
}

/// apt's candidate versions.
struct Policy<'u> {
    universe: &'u Universe,
    archive_priority: Vec<i32>,
}

impl<'u> Policy<'u> {
    fn new(universe: &'u Universe) -> Self {
        let archive_priority = universe.archives.iter().map(|a| pins::archive_priority(a, &universe.pins)).collect();
        Policy { universe, archive_priority }
    }

    /// The version apt would install of `name`: versions from the highest down, each
    /// replacing the choice only with a higher priority, stopping at the installed one
    /// (nothing below it is chosen under priority 1000). `None` means "stays as it is".
    fn candidate(&self, name: &str, installed: Option<&Installed>) -> Result<Option<&'u Available>, String> {
        let versions = self.universe.available.get(name).map(Vec::as_slice).unwrap_or_default();
        let installed = installed.map(|i| i.version.as_str());
        let is_installed = |version: &str| installed.is_some_and(|v| compare(version, v) == Ordering::Equal);
        let mut choices: Vec<(&str, Option<&'u Available>)> =
            versions.iter().map(|a| (a.version.as_str(), Some(a))).collect();
        if let Some(v) = installed
            && !versions.iter().any(|a| is_installed(&a.version))
        {
            // Known only from dpkg's status file.
            choices.push((v, None));
        }
        choices.sort_by(|a, b| compare(b.0, a.0));
        let mut best: Option<(Option<&'u Available>, i32)> = None;
        for (version, available) in choices {
            let archives = available.map(|a| a.archives.as_slice()).unwrap_or_default();
            let priority = self.priority(name, version, archives, is_installed(version))?;
            if best.is_none_or(|(_, max)| priority > max) {
                best = Some((available, priority));
            }
            if is_installed(version) && best.is_some_and(|(_, max)| max < 1000) {
                break;
            }
        }
        Ok(best.and_then(|(available, _)| available))
    }

    fn priority(&self, name: &str, version: &str, archives: &[usize], installed: bool) -> Result<i32, String> {
        let listed: Vec<&Archive> = archives.iter().map(|&i| &self.universe.archives[i]).collect();
        let priority = match pins::version_pin(name, version, &listed, &self.universe.pins) {
            Some(pinned) => pinned,
            None => {
                let lists = archives.iter().map(|&i| self.archive_priority[i]).max();
                let status = installed.then_some(pins::INSTALLED);
                lists.into_iter().chain(status).max().unwrap_or(0)
            }
        };
        if !(1..1000).contains(&priority) {
            return Err(format!("{name} {version} has priority {priority} (apt decides downgrades and never-pins)"));
        }
        Ok(priority)
    }
}

/// Which versions are installed and what they provide.
struct State<'u> {
    versions: HashMap<&'u str, (&'u str, bool)>,
    provides: HashMap<String, Vec<(&'u str, Option<String>)>>,
}

impl<'u> State<'u> {
    fn of(packages: impl Iterator<Item = (&'u str, &'u str, &'u Fields)>) -> Result<Self, String> {
        let mut state = State { versions: HashMap::new(), provides: HashMap::new() };
        for (name, version, fields) in packages {
            state.versions.insert(name, (version, fields.multi_arch_allowed));
            for provided in relations(name, "Provides", &fields.provides)?.into_iter().flatten() {
                let version = provided.version.map(|(_, v)| v);
                state.provides.entry(provided.name).or_default().push((name, version));
            }
        }
        Ok(state)
    }

    fn satisfies(&self, relation: &Relation, arch: &str) -> bool {
        let any = relation.arch.as_deref() == Some("any");
        if !any && !native(relation, arch) {
            return false;
        }
        if let Some(&(version, allowed)) = self.versions.get(relation.name.as_str())
            && relation.accepts(version)
            && (!any || allowed)
        {
            return true;
        }
        !any && self.providers(relation).next().is_some()
    }

    /// Another package than `own` that `relation` (a Breaks or Conflicts) hits.
    fn matches_other(&self, relation: &Relation, own: &str, arch: &str) -> Option<String> {
        if !native(relation, arch) && relation.arch.as_deref() != Some("any") {
            return None;
        }
        if relation.name != own
            && let Some(&(version, _)) = self.versions.get(relation.name.as_str())
            && relation.accepts(version)
        {
            return Some(format!("{} {version}", relation.name));
        }
        self.providers(relation)
            .find(|provider| *provider != own)
            .map(|provider| format!("{provider} (provides {})", relation.name))
    }

    /// The packages whose `Provides` meet `relation`.
    fn providers<'s>(&'s self, relation: &'s Relation) -> impl Iterator<Item = &'u str> + 's {
        let provided = self.provides.get(relation.name.as_str()).into_iter().flatten();
        provided.filter(|(_, version)| relation.accepts_provided(version.as_deref())).map(|(provider, _)| *provider)
    }
}

#[cfg(test)]
mod tests;

//! dnf and yum output: pending updates from `check-update`, security packages from
//! `updateinfo list`. Pure parsers; [`super::rpm`] runs the commands.

use std::collections::HashSet;

/// The stderr line saying a repository was left out ("Ignoring repositories: ...",
/// "Cache-only enabled but no cache for ..."), if any.
pub fn skipped_repositories(stderr: &str) -> Option<&str> {
    let lines = || stderr.lines().map(str::trim);
    lines()
        .find(|l| l.to_ascii_lowercase().contains("but no cache for"))
        .or_else(|| lines().find(|l| l.starts_with("Ignoring repositories")))
}

/// A pending update as `check-update` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub arch: String,
    pub version: String,
    pub repo: String,
}

/// `name.arch  version  repo` rows of `dnf/yum check-update` (and dnf5 check-upgrade).
///
/// Long fields wrap: the rest of the row continues on indented lines. Under "Obsoleting
/// Packages" each obsoleting package is followed by indented rows naming the installed
/// packages it replaces; those are not updates. Obsoleting packages also listed as
/// updates are counted once, and ones from an installed (`@`) repository not at all.
pub fn parse_check_update(out: &str) -> Vec<Candidate> {
    let mut rows: Vec<(Vec<&str>, bool, bool)> = Vec::new(); // (words, obsoleted, in obsoletes)
    let mut in_obsoletes = false;
    for line in out.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.eq_ignore_ascii_case("obsoleting packages") {
            in_obsoletes = true;
            continue;
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let indented = line.starts_with(char::is_whitespace);
        match rows.last_mut() {
            Some((last, _, _)) if indented && last.len() < 3 => last.extend(words),
            _ => rows.push((words, indented, in_obsoletes)),
        }
    }
    let mut seen = HashSet::new();
    rows.into_iter()
        .filter(|(_, obsoleted, _)| !obsoleted)
        .filter_map(|(words, _, in_obsoletes)| {
            let [name_arch, version, repo] = words.as_slice() else {
                return None;
            };
            let (name, arch) = split_arch(name_arch)?;
            let plausible = version.chars().any(|c| c.is_ascii_digit()) && !(in_obsoletes && repo.starts_with('@'));
            plausible.then(|| Candidate {
                name: name.into(),
                arch: arch.into(),
                version: (*version).into(),
                repo: (*repo).into(),
            })
        })
        .filter(|c| seen.insert((c.name.clone(), c.arch.clone())))
        .collect()
}

/// `name.arch` split at the last dot; the arch must look like one (`x86_64`, `noarch`).
fn split_arch(word: &str) -> Option<(&str, &str)> {
    let (name, arch) = word.rsplit_once('.')?;
    let arch_like = !arch.is_empty()
        && arch.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !arch.chars().all(|c| c.is_ascii_digit());
    (!name.is_empty() && arch_like).then_some((name, arch))
}

/// `(name, arch)` of every package named by a security advisory in `updateinfo list`
/// output: dnf 4 and yum print `ID  Severity/Sec.  NEVRA`, dnf 5 a table whose fourth
/// column is the NEVRA; the NEVRA is recognised by shape wherever it is.
pub fn parse_security_packages(out: &str) -> HashSet<(String, String)> {
    out.lines()
        .filter(|line| !line.trim_start().starts_with("Loaded plugins") && !line.trim_start().starts_with(':'))
        .flat_map(str::split_whitespace)
        .filter_map(parse_nevra)
        .collect()
}

/// `openssl-libs-1:3.0.7-27.el9.noarch` → `("openssl-libs", "noarch")`.
pub fn parse_nevra(word: &str) -> Option<(String, String)> {
    let (nevr, arch) = split_arch(word)?;
    let mut parts = nevr.rsplitn(3, '-');
    let (release, version, name) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = !name.is_empty() && !release.is_empty() && version.chars().any(|c| c.is_ascii_digit());
    ok.then(|| (name.to_string(), arch.to_string()))
}

#[cfg(test)]
mod tests;

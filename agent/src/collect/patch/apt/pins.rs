//! apt's priorities (apt_preferences(5)): the default priority of each list, changed by
//! the general pins (`Package: *`) of the preferences files, and version pins for named
//! packages. Only the forms apt documents with plain or glob values are understood; a
//! regular expression or anything else is refused, and then apt itself is asked.

/// What a list's `Release` file says about it, plus where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Archive {
    pub origin: String,
    pub label: String,
    pub suite: String,
    pub codename: String,
    pub version: String,
    pub component: String,
    pub architecture: String,
    pub site: String,
    pub not_automatic: bool,
    pub but_automatic_upgrades: bool,
}

impl Archive {
    /// How `apt-get -s` names the archive after a candidate version: label (or origin),
    /// release version, suite (or codename).
    pub fn describe(&self) -> String {
        let name = if self.label.is_empty() { &self.origin } else { &self.label };
        let suite = if self.suite.is_empty() { &self.codename } else { &self.suite };
        format!("{name}:{}/{suite}", self.version)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Packages {
    All,
    Named(Vec<String>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    /// `release a=…, n=…`: (key, pattern) pairs.
    Release(Vec<(char, String)>),
    Origin(String),
    Version(String),
}

/// One entry of a preferences file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    packages: Packages,
    target: Target,
    pub priority: i32,
}

/// The status file's priority: the installed version's own.
pub const INSTALLED: i32 = 100;

/// Parses one preferences file.
pub fn parse(text: &str) -> Result<Vec<Pin>, String> {
    let mut pins = Vec::new();
    let mut problem = None;
    super::control::for_each_stanza(text.as_bytes(), &["Package", "Pin", "Pin-Priority"], |f| match entry(f) {
        Ok(pin) => pins.push(pin),
        Err(e) => {
            problem.get_or_insert(e);
        }
    })
    .map_err(|e| e.to_string())?;
    problem.map_or(Ok(pins), Err)
}

fn entry(f: &[Option<&str>]) -> Result<Pin, String> {
    let package = f[0].ok_or("an entry without Package")?;
    let pin = f[1].ok_or("an entry without Pin")?;
    let priority = f[2].ok_or("an entry without Pin-Priority")?;
    let priority = priority.trim().parse().map_err(|_| format!("Pin-Priority `{priority}`"))?;
    let names: Vec<String> = package.split_whitespace().map(str::to_string).collect();
    if names.iter().any(|n| n.contains(':') || plain(n).is_err()) {
        return Err(format!("Package `{package}` (only names and globs are read here)"));
    }
    let packages = if names == ["*"] { Packages::All } else { Packages::Named(names) };
    let (kind, value) = pin.trim().split_once(char::is_whitespace).unwrap_or((pin.trim(), ""));
    let value = value.trim();
    plain(value)?;
    let target = match kind {
        "origin" => Target::Origin(value.trim_matches('"').to_string()),
        "version" => Target::Version(value.to_string()),
        "release" => {
            let mut keys = Vec::new();
            for part in value.split(',') {
                let (key, v) = part.trim().split_once('=').ok_or_else(|| format!("Pin `{pin}`"))?;
                let key = match key.trim() {
                    k @ ("a" | "n" | "v" | "o" | "l" | "c" | "b") => k.chars().next().unwrap_or('a'),
                    other => return Err(format!("Pin key `{other}`")),
                };
                let v = v.trim().trim_matches('"');
                plain(v)?;
                keys.push((key, v.to_string()));
            }
            Target::Release(keys)
        }
        other => return Err(format!("Pin `{other}`")),
    };
    if packages == Packages::All && matches!(target, Target::Version(_)) {
        return Err("a version pin for every package".into());
    }
    Ok(Pin { packages, target, priority })
}

/// Refuses regular expressions (`/…/`) and patterns that are not well formed.
fn plain(value: &str) -> Result<(), String> {
    if value.starts_with('/') || glob::Pattern::new(value).is_err() {
        return Err(format!("the pattern `{value}` (only plain values and globs are read here)"));
    }
    Ok(())
}

/// fnmatch(3) patterns (`*`, `?`, `[…]`), as apt matches pins.
pub fn glob(pattern: &str, text: &str) -> bool {
    glob::Pattern::new(pattern).is_ok_and(|p| p.matches(text))
}

fn archive_matches(target: &Target, archive: &Archive) -> bool {
    match target {
        Target::Origin(site) => glob(site, &archive.site),
        Target::Version(_) => false,
        Target::Release(keys) => keys.iter().all(|(key, pattern)| {
            let value = match key {
                'a' => &archive.suite,
                'n' => &archive.codename,
                'v' => &archive.version,
                'o' => &archive.origin,
                'l' => &archive.label,
                'c' => &archive.component,
                _ => &archive.architecture,
            };
            !value.is_empty() && glob(pattern, value)
        }),
    }
}

/// A list's priority: the first general pin that matches it, else apt's default (500; 1
/// for `NotAutomatic` archives, 100 when they also say `ButAutomaticUpgrades`).
pub fn archive_priority(archive: &Archive, pins: &[Pin]) -> i32 {
    let general = pins.iter().filter(|p| p.packages == Packages::All);
    if let Some(pin) = general.into_iter().find(|p| archive_matches(&p.target, archive)) {
        return pin.priority;
    }
    match (archive.not_automatic, archive.but_automatic_upgrades) {
        (true, true) => 100,
        (true, false) => 1,
        _ => 500,
    }
}

/// The priority of the first pin naming `package` that matches `version` (found in
/// `archives`), if any: it replaces the lists' priorities for that version.
pub fn version_pin(package: &str, version: &str, archives: &[&Archive], pins: &[Pin]) -> Option<i32> {
    pins.iter()
        .filter(|p| match &p.packages {
            Packages::All => false,
            Packages::Named(names) => names.iter().any(|n| glob(n, package)),
        })
        .find(|p| match &p.target {
            Target::Version(pattern) => glob(pattern, version),
            target => archives.iter().any(|a| archive_matches(target, a)),
        })
        .map(|p| p.priority)
}

#[cfg(test)]
mod tests;

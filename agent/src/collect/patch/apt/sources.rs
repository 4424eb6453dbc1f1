//! Where apt's package lists are: the `deb` lines of `sources.list` and the deb822
//! `.sources` files, turned into the file names `apt-get update` stores the lists and
//! their `Release` files under (apt's `URItoFileName`).

use std::path::{Path, PathBuf};

/// One `deb` source: an archive, a suite, its components, the architectures asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub uri: String,
    pub suite: String,
    pub components: Vec<String>,
    /// `arch=` (one-line) or `Architectures:` (deb822); `None` is apt's configured ones.
    pub architectures: Option<Vec<String>>,
}

/// The `deb` lines of a one-line-style `sources.list` (`deb-src` lines are skipped).
pub fn parse_one_line(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let fail = |what: &str| format!("line {}: {what}", n + 1);
        let (kind, mut rest) = line.split_once(char::is_whitespace).ok_or_else(|| fail("no URI"))?;
        if kind == "deb-src" {
            continue;
        }
        if kind != "deb" {
            return Err(fail(&format!("unknown type `{kind}`")));
        }
        let mut architectures = None;
        rest = rest.trim_start();
        if let Some(options) = rest.strip_prefix('[') {
            let (options, after) = options.split_once(']').ok_or_else(|| fail("`[` without `]`"))?;
            for option in options.split_whitespace() {
                match option.split_once('=') {
                    Some(("arch", list)) => architectures = Some(list.split(',').map(str::to_string).collect()),
                    Some((key, _)) if key.starts_with("arch") => return Err(fail(&format!("option `{key}`"))),
                    _ => {}
                }
            }
            rest = after;
        }
        let mut words = rest.split_whitespace();
        let (uri, suite) = (words.next().ok_or_else(|| fail("no URI"))?, words.next().ok_or_else(|| fail("no suite"))?);
        let components: Vec<String> = words.map(str::to_string).collect();
        entries.push(Entry { uri: uri.to_string(), suite: suite.to_string(), components, architectures });
    }
    Ok(entries)
}

/// The `Types: deb` stanzas of a deb822 `.sources` file (`Enabled: no` ones are skipped).
pub fn parse_deb822(text: &str) -> Result<Vec<Entry>, String> {
    const FIELDS: &[&str] = &["Types", "URIs", "Suites", "Components", "Architectures", "Enabled"];
    let mut entries = Vec::new();
    let mut problem = None;
    super::control::for_each_stanza(text.as_bytes(), FIELDS, |f| {
        let words = |i: usize| f[i].unwrap_or_default().split_whitespace().map(str::to_string);
        let types: Vec<String> = words(0).collect();
        if !types.iter().any(|t| t == "deb") || f[5].is_some_and(|e| e.eq_ignore_ascii_case("no")) {
            return;
        }
        if f[1].is_none() || f[2].is_none() {
            problem.get_or_insert_with(|| "a `Types: deb` stanza without URIs or Suites".to_string());
            return;
        }
        let architectures = f[4].as_ref().map(|_| words(4).collect());
        for uri in words(1) {
            for suite in words(2) {
                let components = words(3).collect();
                entries.push(Entry { uri: uri.clone(), suite, components, architectures: architectures.clone() });
            }
        }
    })
    .map_err(|e| e.to_string())?;
    problem.map_or(Ok(entries), Err)
}

/// One `Packages` list apt keeps for an entry, before any compression suffix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexFile {
    pub packages: PathBuf,
    /// `…_InRelease`; apt falls back to `…_Release` (with `.gpg`) for archives without it.
    pub in_release: PathBuf,
    pub release: PathBuf,
    /// Empty for a flat repository.
    pub component: String,
    pub architecture: String,
    /// The archive's host name, what `Pin: origin` matches; empty for `file:` archives.
    pub site: String,
}

/// The lists `entry` has in `lists` for the `architectures` apt is configured with (and
/// `all`, which archives publish separately). `Err` for a source apt names its files
/// differently for (mirror lists, CD-ROMs, variables in the suite).
pub fn index_files(entry: &Entry, architectures: &[String], lists: &Path) -> Result<Vec<IndexFile>, String> {
    let scheme = entry.uri.split_once(':').map(|(s, _)| s).unwrap_or_default();
    if !["http", "https", "ftp", "file", "copy", "tor+http", "tor+https"].contains(&scheme) {
        return Err(format!("a source with the `{scheme}:` method ({})", entry.uri));
    }
    if entry.suite.contains("$(") {
        return Err(format!("a variable in the suite `{}`", entry.suite));
    }
    let base = if entry.uri.ends_with('/') { entry.uri.clone() } else { format!("{}/", entry.uri) };
    let name = |uri: String| uri_to_file_name(&uri).map(|n| lists.join(n)).ok_or_else(|| format!("the URI {uri}"));
    let wanted: Vec<&str> = match &entry.architectures {
        Some(list) => list.iter().filter(|a| architectures.contains(a)).map(String::as_str).collect(),
        None => architectures.iter().map(String::as_str).collect(),
    };
    // A flat repository keeps one Packages file at the suite's path, with no components.
    let flat = entry.suite.ends_with('/');
    let release_dir = if flat {
        format!("{base}{}", entry.suite.trim_start_matches("./").trim_start_matches('/'))
    } else {
        format!("{base}dists/{}/", entry.suite)
    };
    let mut lists_of: Vec<(String, &str, String)> = Vec::new();
    if flat {
        let arch = wanted.first().copied().unwrap_or("all");
        lists_of.push((String::new(), arch, format!("{release_dir}Packages")));
    } else {
        for component in &entry.components {
            for arch in wanted.iter().copied().chain(["all"]) {
                lists_of.push((component.clone(), arch, format!("{release_dir}{component}/binary-{arch}/Packages")));
            }
        }
    }
    let (in_release, release) = (name(format!("{release_dir}InRelease"))?, name(format!("{release_dir}Release"))?);
    // The host, without the port: what `Pin: origin` matches.
    let site = uri_parts(&entry.uri).map_or("", |(authority, _)| authority.split(':').next().unwrap_or_default());
    lists_of
        .into_iter()
        .map(|(component, architecture, packages)| {
            Ok(IndexFile {
                packages: name(packages)?,
                in_release: in_release.clone(),
                release: release.clone(),
                component,
                architecture: architecture.to_string(),
                site: site.to_string(),
            })
        })
        .collect()
}

/// apt's `URItoFileName`: the URI without its scheme and credentials, with unsafe
/// characters as `%xx` and every `/` as `_`.
pub fn uri_to_file_name(uri: &str) -> Option<String> {
    let (authority, path) = uri_parts(uri)?;
    let mut plain = authority.to_string();
    if !path.is_empty() && !path.starts_with('/') {
        plain.push('/');
    }
    plain.push_str(path);
    let mut out = String::with_capacity(plain.len());
    for b in plain.bytes() {
        if b <= 0x20 || b >= 0x7f || b"\\|{}[]<>\"^~_=!@#$%^&*".contains(&b) {
            out.push_str(&format!("%{b:02x}"));
        } else if b == b'/' {
            out.push('_');
        } else {
            out.push(char::from(b));
        }
    }
    Some(out)
}

/// A URI's host and port (without credentials; empty for `file:/…`) and its path.
fn uri_parts(uri: &str) -> Option<(&str, &str)> {
    let (_, rest) = uri.split_once(':')?;
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => after.split_at(after.find('/').unwrap_or(after.len())),
        None => ("", rest),
    };
    Some((authority.rsplit_once('@').map_or(authority, |(_, host)| host), path))
}

#[cfg(test)]
mod tests;

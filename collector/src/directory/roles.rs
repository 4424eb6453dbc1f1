//! Directory groups → a role, by `[ldap.roles]`: a key with `=` is a group's DN, compared
//! attribute by attribute without case or spaces around the separators; a key without is
//! a group's CN. The highest role any of a person's groups gives wins.

use std::collections::BTreeMap;

use crate::config::DirectoryRole;
use crate::tokens::Role;

/// The highest role `groups` (DNs) give, with the `[ldap.roles]` key that gave it.
pub fn role_of<'a>(roles: &'a BTreeMap<String, DirectoryRole>, groups: &[String]) -> Option<(DirectoryRole, &'a str)> {
    let groups: Vec<Vec<(String, String)>> = groups.iter().map(|g| rdns(g)).collect();
    roles
        .iter()
        .filter(|(key, _)| groups.iter().any(|group| matches(key, group)))
        .max_by_key(|(_, role)| **role)
        .map(|(key, role)| (*role, key.as_str()))
}

/// The collector's role for a directory role. There is no finance role yet: finance reads
/// what a viewer reads (the cost pages included) and changes nothing.
pub fn token_role(role: DirectoryRole) -> Role {
    match role {
        DirectoryRole::Viewer | DirectoryRole::Finance => Role::Viewer,
        DirectoryRole::Admin => Role::Admin,
    }
}

fn matches(key: &str, group: &[(String, String)]) -> bool {
    if key.contains('=') {
        rdns(key) == group
    } else {
        group.first().is_some_and(|(attribute, value)| attribute == "cn" && *value == key.trim().to_lowercase())
    }
}

/// A DN as (attribute, value) pairs, lower-cased and trimmed. Escaped separators (`\,`)
/// stay inside their value; multi-valued RDNs (`+`) are rare for groups and compared whole.
fn rdns(dn: &str) -> Vec<(String, String)> {
    split_unescaped(dn, ',')
        .into_iter()
        .filter(|rdn| !rdn.trim().is_empty())
        .map(|rdn| match rdn.split_once('=') {
            Some((attribute, value)) => (attribute.trim().to_lowercase(), value.trim().to_lowercase()),
            None => (String::new(), rdn.trim().to_lowercase()),
        })
        .collect()
}

fn split_unescaped(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == separator => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests;

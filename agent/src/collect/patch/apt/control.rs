//! The deb822 control format of dpkg's status file and apt's `Packages` lists: stanzas of
//! `Field: value` lines, continuation lines starting with a space, a blank line between
//! stanzas; and the package relationships written in the `Depends`-like fields.

use std::io::BufRead;

/// Reads stanzas from `input`, keeping only the fields in `wanted` (matched ignoring case:
/// deb822 field names are case-insensitive). `each` gets the kept fields in `wanted`'s
/// order, `None` for a field the stanza lacks. Lists run to tens of MB, so nothing else
/// of a stanza is kept, and the buffers are reused from stanza to stanza.
pub fn for_each_stanza<R: BufRead>(
    mut input: R,
    wanted: &[&str],
    mut each: impl FnMut(&[Option<&str>]),
) -> std::io::Result<()> {
    let mut values: Vec<String> = vec![String::new(); wanted.len()];
    let mut present = vec![false; wanted.len()];
    let mut current: Option<usize> = None;
    let mut seen = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = input.read_until(b'\n', &mut line)?;
        let text = trim_newline(&line);
        if read == 0 || text.iter().all(u8::is_ascii_whitespace) {
            if seen {
                let view: Vec<Option<&str>> =
                    values.iter().zip(&present).map(|(v, &p)| p.then_some(v.as_str())).collect();
                each(&view);
                present.iter_mut().for_each(|p| *p = false);
                seen = false;
            }
            current = None;
            if read == 0 {
                return Ok(());
            }
            continue;
        }
        if text[0] == b' ' || text[0] == b'\t' {
            if let Some(i) = current {
                values[i].push('\n');
                values[i].push_str(String::from_utf8_lossy(text).trim());
            }
            continue;
        }
        if text[0] == b'#' {
            continue;
        }
        seen = true;
        current = None;
        let Some(colon) = text.iter().position(|&b| b == b':') else { continue };
        let name = &text[..colon];
        let found = wanted.iter().position(|w| w.len() == name.len() && w.as_bytes().eq_ignore_ascii_case(name));
        if let Some(i) = found {
            values[i].clear();
            values[i].push_str(String::from_utf8_lossy(&text[colon + 1..]).trim());
            present[i] = true;
            current = Some(i);
        }
    }
}

/// Hands `each` every stanza of `input` as bytes, without reading its fields: a list of
/// 60 000 packages is mostly packages a system does not have, and finding the blank lines
/// between them is a fraction of splitting every line.
pub fn for_each_raw_stanza<R: std::io::Read>(mut input: R, mut each: impl FnMut(&[u8])) -> std::io::Result<()> {
    const CHUNK: usize = 1 << 20;
    let separator = memchr::memmem::Finder::new(b"\n\n");
    let mut buffer: Vec<u8> = Vec::with_capacity(2 * CHUNK);
    loop {
        let filled = buffer.len();
        buffer.resize(filled + CHUNK, 0);
        let read = input.read(&mut buffer[filled..])?;
        buffer.truncate(filled + read);
        let mut start = 0;
        while let Some(end) = separator.find(&buffer[start..]) {
            let stanza = &buffer[start..start + end + 1];
            if !stanza.iter().all(u8::is_ascii_whitespace) {
                each(stanza);
            }
            start += end + 2;
        }
        if read == 0 {
            if !buffer[start..].iter().all(u8::is_ascii_whitespace) {
                each(&buffer[start..]);
            }
            return Ok(());
        }
        buffer.drain(..start);
    }
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A version constraint of a relationship.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Earlier,
    EarlierOrEqual,
    Equal,
    LaterOrEqual,
    Later,
}

impl Op {
    pub fn holds(self, order: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Op::Earlier => order == Less,
            Op::EarlierOrEqual => order != Greater,
            Op::Equal => order == Equal,
            Op::LaterOrEqual => order != Less,
            Op::Later => order == Greater,
        }
    }
}

/// One alternative of a relationship: `name[:arch] [(op version)]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub name: String,
    /// `any` or `native` after a colon; an architecture name is kept as written.
    pub arch: Option<String>,
    pub version: Option<(Op, String)>,
}

impl Relation {
    /// Whether `version` meets the version constraint (any version does without one).
    pub fn accepts(&self, version: &str) -> bool {
        self.version.as_ref().is_none_or(|(op, v)| op.holds(super::version::compare(version, v)))
    }

    /// Whether a `Provides` entry meets it: any does without a constraint, only a versioned
    /// one that fits with one.
    pub fn accepts_provided(&self, provided: Option<&str>) -> bool {
        self.version.is_none() || provided.is_some_and(|v| self.accepts(v))
    }
}

/// `a (>= 1) | b, c` as groups of alternatives. `None` when the field is not well formed
/// (or uses something only source packages use: architecture lists, build profiles).
pub fn parse_relations(field: &str) -> Option<Vec<Vec<Relation>>> {
    let field = field.trim();
    if field.is_empty() {
        return Some(Vec::new());
    }
    field.split(',').map(|group| group.split('|').map(parse_relation).collect()).collect()
}

fn parse_relation(text: &str) -> Option<Relation> {
    let text = text.trim();
    if text.contains('[') || text.contains('<') && !text.contains('(') {
        return None;
    }
    let (head, constraint) = match text.split_once('(') {
        Some((head, rest)) => (head.trim(), Some(rest.trim().strip_suffix(')')?.trim())),
        None => (text, None),
    };
    if head.is_empty() || head.contains(char::is_whitespace) {
        return None;
    }
    let (name, arch) = match head.split_once(':') {
        Some((name, arch)) => (name, Some(arch.to_string())),
        None => (head, None),
    };
    let version = match constraint {
        None => None,
        Some(c) => {
            let ops = [
                ("<<", Op::Earlier),
                ("<=", Op::EarlierOrEqual),
                (">=", Op::LaterOrEqual),
                (">>", Op::Later),
                ("=", Op::Equal),
                // Obsolete spellings, still accepted by dpkg.
                ("<", Op::EarlierOrEqual),
                (">", Op::LaterOrEqual),
            ];
            let (op, rest) = ops.iter().find_map(|(s, op)| c.strip_prefix(s).map(|rest| (*op, rest.trim())))?;
            if rest.is_empty() || rest.contains(char::is_whitespace) {
                return None;
            }
            Some((op, rest.to_string()))
        }
    };
    Some(Relation { name: name.to_string(), arch, version })
}

#[cfg(test)]
mod tests;

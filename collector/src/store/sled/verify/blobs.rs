//! sled's files with checksums, read on their own. Blob files: values too large for its log (over about 128 KiB) live in
//! `store/blobs/<lsn>`, each headed by a checksum. sled 0.34 checks it only when its
//! recovery reaches the blob, and then silently drops that write and every later one; a
//! missing blob it skips, falling back to the value before. Here each file is checked on
//! its own against sled's format: CRC-32 (little-endian) of what follows, a kind byte, the
//! data.

use std::path::Path;

use super::Report;

/// What is wrong with sled's settings file (`store/conf`: the settings, then the CRC-32 of
/// them), if anything. sled only logs a failed checksum, then fails to parse what it read.
pub(in crate::store) fn conf_damage(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let (settings, sum) = bytes.split_last_chunk::<4>()?;
    (bytes.len() > 8 && u32::from_le_bytes(*sum) != crc32(settings))
        .then(|| "damaged: its checksum does not match its settings".to_string())
}

pub(super) fn check(dir: &Path, report: &mut Report) -> usize {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return 0,
        Err(err) => {
            report.problem("blobs", None, format!("cannot list the blob files: {err}"));
            return 0;
        }
    };
    let mut count = 0;
    for entry in entries.flatten() {
        count += 1;
        let name = entry.file_name().to_string_lossy().into_owned();
        let problem = match std::fs::read(entry.path()) {
            Ok(bytes) => damage(&bytes),
            Err(err) => Some(format!("cannot be read: {err}")),
        };
        if let Some(problem) = problem {
            report.problem("blobs", Some(name), problem);
        }
    }
    count
}

/// What is wrong with a blob file's bytes, if anything.
fn damage(bytes: &[u8]) -> Option<String> {
    let Some((head, rest)) = bytes.split_first_chunk::<4>() else {
        return Some(format!("{} bytes: shorter than its checksum", bytes.len()));
    };
    if rest.is_empty() {
        return Some("no content after its checksum".into());
    }
    (u32::from_le_bytes(*head) != crc32(rest)).then(|| {
        format!(
            "damaged: its checksum does not match its {} bytes; sled drops this write and every later one",
            bytes.len()
        )
    })
}

/// CRC-32 (IEEE, as crc32fast computes it), bit by bit: blobs are few, speed does not matter.
pub(super) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

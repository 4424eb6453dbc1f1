//! What `arsring-agent` and `arsring-collector` share at the command line: the exit codes
//! scripts and systemd read, and errors told on one line with their causes.
//!
//! Small on purpose (libc only): both binaries and their libraries use it.

/// Exit codes, the same number meaning the same thing in both binaries.
pub mod exit {
    /// Done: delivered, printed, imported, served until stopped.
    pub const OK: u8 = 0;
    /// Something failed that a retry or an operator must fix (store in use, port taken…).
    pub const FAILED: u8 = 1;
    /// Bad usage, configuration or input: the command line or a file must change.
    pub const USAGE: u8 = 2;
    /// Agent: the collector was unavailable; the report is spooled and will be sent later.
    pub const SPOOLED: u8 = 3;
    /// Agent: the collector refused the report (or the credential); retrying will not help.
    pub const REJECTED: u8 = 4;
    /// Agent: an SNMP target or a vCenter did not answer (its last inventory is kept, marked).
    pub const UNREACHABLE: u8 = 5;
    /// Agent: a polled system (vCenter) refused the poller's user or password.
    pub const DENIED: u8 = 6;
}

/// Lets the process end quietly, as `cat` does, when whoever reads its standard output
/// stops reading (`arsring-collector costs report | head`). Rust ignores SIGPIPE, so a
/// closed pipe would make `println!` panic instead. Only for commands whose job is to print:
/// a serving collector or a daemon must never die of a reader going away.
pub fn quiet_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// An error and its causes on one line, outermost first: `sending: connection refused`.
/// reqwest and hyper keep the useful part (refused, timed out, certificate) in the causes.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests;

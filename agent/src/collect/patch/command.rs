//! Runs a read-only query command with a deadline and captures what it printed.
//!
//! Package managers can hang on a stale lock, a dead NFS mount or a slow rpmdb, and the
//! agent must still send its report, so every child gets a deadline and is killed when
//! it passes. Both pipes are drained on their own threads: a child that fills the stderr
//! pipe while we block on stdout would otherwise never exit.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// Directories searched after `PATH`: an agent started by an init system may get a PATH
/// without the sbin directories, where Alpine keeps `apk`.
const FALLBACK_DIRS: &[&str] = &["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/// Output beyond this is dropped (but still read, so the child is never blocked on a full
/// pipe); no package listing we parse comes near it.
const MAX_CAPTURE: usize = 32 * 1024 * 1024;

/// What a finished command printed, and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The command line, for messages and `source` fields.
    pub command: String,
    /// The exit code; `None` when a signal ended it.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Accepts the exit codes the caller knows to mean success (dnf uses 100 for
    /// "updates available"); any other ending becomes [`CommandError::Failed`].
    pub fn expect_codes(self, ok: &[i32]) -> Result<Output, CommandError> {
        match self.code {
            Some(code) if ok.contains(&code) => Ok(self),
            _ => Err(CommandError::Failed {
                command: self.command.clone(),
                detail: failure_detail(self.code, &self.stderr, &self.stdout),
            }),
        }
    }
}

/// Why a command gave no usable output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    NotFound { command: String },
    TimedOut { command: String, after: Duration },
    Failed { command: String, detail: String },
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::NotFound { command } => write!(f, "{command}: program not found"),
            CommandError::TimedOut { command, after } if after.subsec_nanos() == 0 => {
                write!(f, "{command} timed out after {} s", after.as_secs())
            }
            CommandError::TimedOut { command, after } => {
                write!(f, "{command} timed out after {} ms", after.as_millis())
            }
            CommandError::Failed { command, detail } => write!(f, "{command} {detail}"),
        }
    }
}

impl std::error::Error for CommandError {}

/// Runs `program` with `args` under `LC_ALL=C` and no stdin, killing it after `timeout`.
///
/// Any exit code is returned as `Ok`; callers decide which ones mean success with
/// [`Output::expect_codes`], because several package managers use non-zero codes for
/// normal answers.
pub fn run(program: &str, args: &[&str], timeout: Duration) -> Result<Output, CommandError> {
    let command = display_command(program, args);
    let Some(path) = find_program(program) else {
        return Err(CommandError::NotFound { command });
    };
    let mut child = Command::new(&path)
        .args(args)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CommandError::NotFound { command: command.clone() },
            _ => CommandError::Failed { command: command.clone(), detail: format!("could not be started: {e}") },
        })?;

    let deadline = Instant::now() + timeout;
    let (tx, rx) = mpsc::channel();
    for (stream, is_stdout) in [
        (child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>), true),
        (child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>), false),
    ] {
        if let Some(stream) = stream {
            let tx = tx.clone();
            thread::spawn(move || {
                let _ = tx.send((is_stdout, drain(stream)));
            });
        }
    }
    drop(tx);

    let code = match wait_until(&mut child, deadline) {
        Some(code) => code,
        None => {
            // A child that ignores the deadline is killed; its reader threads end on their
            // own once the pipes close and are not waited for.
            let _ = child.kill();
            let _ = child.wait();
            return Err(CommandError::TimedOut { command, after: timeout });
        }
    };

    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    for _ in 0..2 {
        // A grandchild that inherited the pipes can keep them open after the child exits.
        let remaining = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(remaining) {
            Ok((true, bytes)) => stdout = bytes,
            Ok((false, bytes)) => stderr = bytes,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(CommandError::TimedOut { command, after: timeout });
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    Ok(Output {
        command,
        code,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

/// Where `program` would be run from: itself when it has a slash, else the first
/// executable of that name in `PATH` or the fallback directories.
pub fn find_program(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        let path = PathBuf::from(program);
        return is_executable(&path).then_some(path);
    }
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path_var)
        .chain(FALLBACK_DIRS.iter().map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Polls rather than blocking in `wait`, which cannot be given a deadline.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<Option<i32>> {
    let mut pause = Duration::from_millis(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status.code()),
            Ok(None) => {}
            // Not knowing the state is treated like a hang: the caller kills the child.
            Err(_) => return None,
        }
        let now = Instant::now();
        if now >= deadline {
            return None;
        }
        thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

fn drain(mut stream: Box<dyn Read + Send>) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return kept,
            Ok(n) => {
                let room = MAX_CAPTURE.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
}

/// "exited with status 1: <first stderr line>", the part of a failure message after the
/// command. Falls back to stdout because some tools (apt-get) print errors there.
pub fn failure_detail(code: Option<i32>, stderr: &str, stdout: &str) -> String {
    let how = match code {
        Some(code) => format!("exited with status {code}"),
        None => "was killed by a signal".to_string(),
    };
    match first_line(stderr).or_else(|| first_line(stdout)) {
        Some(line) => format!("{how}: {line}"),
        None => how,
    }
}

/// The first non-blank line, trimmed.
pub fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|l| !l.is_empty())
}

fn display_command(program: &str, args: &[&str]) -> String {
    std::iter::once(program).chain(args.iter().copied()).map(quote).collect::<Vec<_>>().join(" ")
}

/// Shell-style quoting so a logged command can be pasted back; control characters are
/// escaped because the text ends up in report fields that forbid them.
fn quote(arg: &str) -> String {
    let plain = !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain {
        return arg.to_string();
    }
    let escaped: String =
        arg.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect();
    format!("'{}'", escaped.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests;

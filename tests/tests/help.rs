//! Every binary and every subcommand answers `--help` with its usage and exit code 0, and
//! every subcommand says what it does: an operator's first look at a command must never
//! be a panic or a bare list of flags.

use std::process::Command;

use arsring_e2e::bin;

/// The subcommands a help text lists under `Commands:`, `help` aside.
fn subcommands(help: &str) -> Vec<(String, String)> {
    let Some(start) = help.find("Commands:\n") else { return Vec::new() };
    help[start + "Commands:\n".len()..]
        .lines()
        .take_while(|line| line.starts_with("  "))
        // A name sits two spaces in; deeper lines continue the description above.
        .filter(|line| !line[2..].starts_with(char::is_whitespace))
        .filter_map(|line| {
            let mut parts = line.trim().splitn(2, char::is_whitespace);
            let name = parts.next()?.to_string();
            let about = parts.next().unwrap_or("").trim().to_string();
            (name != "help").then_some((name, about))
        })
        .collect()
}

/// Runs `--help` on `path`, then on each subcommand it lists, to any depth.
fn walk(binary: &str, path: &mut Vec<String>, seen: &mut usize) {
    let output = Command::new(bin(binary)).args(path.iter()).arg("--help").output().unwrap();
    let shown = format!("{binary} {} --help", path.join(" "));
    let help = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{shown}: {}", String::from_utf8_lossy(&output.stderr));
    assert!(help.contains("Usage:"), "{shown} prints no usage:\n{help}");
    *seen += 1;
    for (name, about) in subcommands(&help) {
        assert!(!about.is_empty(), "{shown}: `{name}` has no description");
        path.push(name);
        walk(binary, path, seen);
        path.pop();
    }
}

#[test]
fn every_command_explains_itself() {
    for (binary, at_least) in [
        ("arsring-collector", 20),
        ("arsring-agent", 5),
        ("ingest-bench", 1),
        ("dashboard-bench", 1),
        ("decode-bench", 1),
    ] {
        let mut seen = 0;
        walk(binary, &mut Vec::new(), &mut seen);
        assert!(seen >= at_least, "{binary}: only {seen} commands answered --help");
    }
}

#[test]
fn a_wrong_argument_is_a_usage_error_not_a_panic() {
    for (binary, args) in [
        ("arsring-collector", &["serve", "--listen", "not-an-address"][..]),
        ("arsring-agent", &["--no-such-flag"][..]),
        ("ingest-bench", &["--clients", "many"][..]),
        ("dashboard-bench", &["--runs", "-1"][..]),
        ("decode-bench", &["--seconds", "soon"][..]),
    ] {
        let output = Command::new(bin(binary)).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{binary} {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{binary} {args:?}: {stderr}");
    }
}

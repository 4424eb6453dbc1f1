use super::*;

const SECOND: Duration = Duration::from_secs(1);

#[test]
fn captures_both_streams_and_the_exit_code() {
    let out = run("sh", &["-c", "echo out; echo err >&2; exit 3"], 5 * SECOND).expect("sh runs");
    assert_eq!(out.code, Some(3));
    assert_eq!(out.stdout, "out\n");
    assert_eq!(out.stderr, "err\n");
}

#[test]
fn children_run_in_the_c_locale() {
    let out = run("sh", &["-c", "echo $LC_ALL"], 5 * SECOND).expect("sh runs");
    assert_eq!(out.stdout.trim(), "C");
}

#[test]
fn large_output_on_both_pipes_does_not_deadlock() {
    let script = "i=0; while [ $i -lt 20000 ]; do echo line-$i; echo err-$i >&2; i=$((i+1)); done";
    let out = run("sh", &["-c", script], 30 * SECOND).expect("sh runs");
    assert_eq!(out.stdout.lines().count(), 20000);
    assert_eq!(out.stderr.lines().count(), 20000);
}

#[test]
fn a_hanging_child_is_killed_at_the_deadline() {
    let started = Instant::now();
    let err = run("sleep", &["30"], Duration::from_millis(300)).expect_err("must time out");
    assert!(started.elapsed() < 10 * SECOND, "took {:?}", started.elapsed());
    assert_eq!(err.to_string(), "sleep 30 timed out after 300 ms");
    assert!(matches!(err, CommandError::TimedOut { .. }));
    let apt = CommandError::TimedOut { command: "apt-get -s dist-upgrade".into(), after: 120 * SECOND };
    assert_eq!(apt.to_string(), "apt-get -s dist-upgrade timed out after 120 s");
}

#[test]
fn missing_programs_are_reported_as_not_found() {
    let err = run("arsring-no-such-program", &["x"], SECOND).expect_err("must fail");
    assert_eq!(err, CommandError::NotFound { command: "arsring-no-such-program x".into() });
    assert_eq!(err.to_string(), "arsring-no-such-program x: program not found");
}

#[test]
fn unexpected_exit_codes_name_the_first_stderr_line() {
    let out =
        run("sh", &["-c", "echo; echo 'Error: no cache' >&2; echo more >&2; exit 1"], 5 * SECOND).expect("sh runs");
    let err = out.expect_codes(&[0, 100]).expect_err("1 is not accepted");
    assert!(err.to_string().ends_with("exited with status 1: Error: no cache"), "{err}");
    let ok = run("sh", &["-c", "exit 100"], 5 * SECOND).expect("sh runs");
    assert!(ok.expect_codes(&[0, 100]).is_ok());
}

#[test]
fn command_lines_are_quoted_for_display() {
    assert_eq!(display_command("rpm", &["-qa", "--qf", "%{NAME}\t%{ARCH}\n"]), r"rpm -qa --qf '%{NAME}\t%{ARCH}\n'");
    assert_eq!(display_command("apk", &["version", "-l", "<"]), "apk version -l '<'");
}

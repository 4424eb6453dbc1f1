//! The benchmark scripts run once, small, so that they cannot rot between the sessions that
//! take figures with them. Nothing here is timed: the figures go in docs/benchmarks.md.

use std::process::Command;

use arsring_e2e::bin;

#[test]
fn the_agent_run_bench_runs() {
    let bin_dir = bin("arsring-agent").parent().unwrap().to_path_buf();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/agent-run.sh");
    let out = Command::new(script).arg("--smoke").env("ARSRING_BIN_DIR", &bin_dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    for line in ["arsring-agent run --once, first run", "arsring-agent run --once, nothing changed"] {
        let row = stdout.lines().find(|l| l.starts_with(line)).unwrap_or_else(|| panic!("no {line:?} in\n{stdout}"));
        assert!(row.contains(" s wall") && row.contains("MiB peak RSS"), "{row}");
    }
}

#[test]
fn the_disk_bench_runs() {
    let bin_dir = bin("fleet-load").parent().unwrap().to_path_buf();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/disk.sh");
    let out = Command::new(script).args(["10", "10", "2"]).env("ARSRING_BIN_DIR", &bin_dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("20 devices x 2 reports: raw JSON") && stdout.contains("ratio"), "{stdout}");
}

#[test]
fn the_decode_bench_runs() {
    let out = Command::new(bin("decode-bench")).args(["--seconds", "0.01"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    for report in ["server (example)", "network (sample fleet)", "VM (vSphere)"] {
        let row =
            stdout.lines().find(|l| l.starts_with(&format!("| {report} |"))).unwrap_or_else(|| panic!("{stdout}"));
        assert_eq!(row.matches('|').count(), 8, "{row}");
    }
}

#[test]
fn the_ingest_bench_runs() {
    // Each device enrols first and reports with its own key: a wrong key would show as errors.
    let args = ["--clients", "2", "--seconds", "1", "--rounds", "2", "--devices", "20"];
    let out = Command::new(bin("ingest-bench")).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    for target in ["arsring-collector (sled, flushed per report)", "no-op axum handler (same TLS)"] {
        let row =
            stdout.lines().find(|l| l.starts_with(&format!("| {target} |"))).unwrap_or_else(|| panic!("{stdout}"));
        let errors = row.split('|').nth(5).map(str::trim);
        assert_eq!(errors, Some("0"), "{row}");
    }
    assert_eq!(stdout.lines().filter(|l| l.starts_with("| 1 |") || l.starts_with("| 2 |")).count(), 2, "{stdout}");
    assert!(stdout.contains("median of 2 rounds: "), "{stdout}");
}

#[test]
fn the_dashboard_bench_runs() {
    let out = Command::new(bin("dashboard-bench"))
        .args(["--servers", "12", "--network", "12", "--runs", "1"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.starts_with("24 devices;"), "{stdout}");
    for page in ["/heatmap ", "/costs ", "/plan?budget_sek=2000000&years=10 "] {
        assert!(stdout.lines().any(|l| l.starts_with(page)), "no {page:?} in\n{stdout}");
    }
}

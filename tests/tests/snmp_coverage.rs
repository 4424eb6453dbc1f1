//! Issue 14: every network recording of snmpsim-data, polled through SNMP Simulator by
//! `arsring-agent snmp poll-all`, against what `tests/coverage/truth.py` read out of the
//! recordings directly. Every fact in a recording must be found, and nothing that is not in
//! it invented. The table goes to `docs/coverage.md`; the test fails if that file is stale
//! (`ARSRING_WRITE_COVERAGE=1` rewrites it).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use arsring_e2e::peers::{self, snmpsim};
use arsring_e2e::*;
use serde_json::Value;

#[path = "snmp_coverage/judge.rs"]
mod judge;

use judge::{Verdict, judge};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn truth() -> Vec<Value> {
    let text = std::fs::read_to_string(repo().join("tests/coverage/truth.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// `appliance/cisco-controller.snmprec.bz2` → `appliance/cisco-controller`, the community.
fn community(recording: &str) -> &str {
    recording.trim_end_matches(".bz2").trim_end_matches(".snmprec")
}

/// Polls every recording at once, as an agent polls its whole `[snmp]` section.
fn poll_all(port: u16, recordings: &[&str]) -> BTreeMap<String, Value> {
    let dir = tempfile::tempdir().unwrap();
    let mut config = String::from("[snmp]\nconcurrency = 16\ntimeout_ms = 4000\nretries = 2\n");
    for rec in recordings {
        let c = community(rec);
        write!(
            config,
            "\n[[snmp.targets]]\nhosts = [\"127.0.0.1:{port}\"]\ncommunity = \"{c}\"\n\
             [snmp.targets.tags.extra]\nrecording = \"{c}\"\n"
        )
        .unwrap();
    }
    let config_path = dir.path().join("agent.toml");
    std::fs::write(&config_path, config).unwrap();
    let state = dir.path().join("state");
    let out = agent(&[
        "--config",
        config_path.to_str().unwrap(),
        "snmp",
        "--state-dir",
        state.to_str().unwrap(),
        "poll-all",
        "--print",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "poll-all failed: {stderr}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let report: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            let rec = report["device"]["tags"]["extra"]["recording"].as_str().unwrap().to_string();
            (rec, report)
        })
        .collect()
}

#[test]
fn every_fact_in_every_recording_is_found_and_nothing_is_invented() {
    let Some(sim) = snmpsim() else { return };
    let truth = truth();
    let recordings: Vec<&str> = truth.iter().map(|t| t["recording"].as_str().unwrap()).collect();
    let served = recordings.iter().filter(|r| peers::snmpsim_data().join(format!("{}.snmprec", community(r))).exists());
    if !peers::available("all 74 snmpsim-data recordings (tests/peers/install.sh)", served.count() == recordings.len())
    {
        return;
    }
    let reports = poll_all(sim.port, &recordings);
    let mut table = Table::default();
    let mut failures = Vec::new();
    for t in &truth {
        let rec = community(t["recording"].as_str().unwrap());
        let report = reports.get(rec).unwrap_or_else(|| panic!("no report for {rec}"));
        let device = &report["device"];
        assert_eq!(device["reachability"]["reachable"], true, "{rec}: {}", device["reachability"]);
        let verdicts = judge(t, device);
        for (fact, v) in &verdicts {
            if v.failed() {
                failures.push(format!("{rec} {fact}: {}", v.cell()));
            }
        }
        table.add(rec, device, &verdicts);
    }
    let markdown = table.markdown();
    let doc = repo().join("docs/coverage.md");
    if std::env::var("ARSRING_WRITE_COVERAGE").as_deref() == Ok("1") {
        std::fs::write(&doc, &markdown).unwrap();
    }
    assert!(failures.is_empty(), "{} facts wrong or missed:\n{}", failures.len(), failures.join("\n"));
    let committed = std::fs::read_to_string(&doc).unwrap_or_default();
    assert!(
        committed == markdown,
        "docs/coverage.md is stale: ARSRING_WRITE_COVERAGE=1 cargo test -p arsring-e2e --test snmp_coverage"
    );
}

#[derive(Default)]
struct Table {
    rows: Vec<String>,
    counts: BTreeMap<(&'static str, &'static str), usize>,
}

impl Table {
    fn add(&mut self, rec: &str, device: &Value, verdicts: &[(&'static str, Verdict)]) {
        let vendor = device["derived"]["vendor"]["value"].as_str().unwrap_or("—");
        let cells: Vec<String> = verdicts.iter().map(|(_, v)| v.cell()).collect();
        self.rows.push(format!("| {rec} | {vendor} | {} |", cells.join(" | ")));
        for (fact, v) in verdicts {
            *self.counts.entry((fact, v.kind())).or_default() += 1;
        }
    }

    fn markdown(&self) -> String {
        let mut out = String::from(HEADER);
        let facts = ["serial", "model", "firmware", "manufactured", "neighbours", "LLDP identity"];
        out.push_str("| fact | found | not in the recording | missed | wrong |\n| --- | --- | --- | --- | --- |\n");
        for fact in facts {
            let n = |kind| self.counts.get(&(fact, kind)).copied().unwrap_or(0);
            writeln!(out, "| {fact} | {} | {} | {} | {} |", n("found"), n("absent"), n("missed"), n("wrong")).unwrap();
        }
        out.push_str(
            "\n| recording | vendor | serial | model | firmware | manufactured | neighbours | LLDP identity |\n",
        );
        out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for row in &self.rows {
            out.push_str(row);
            out.push('\n');
        }
        out
    }
}

const HEADER: &str = "\
# SNMP coverage: the 74 network recordings of snmpsim-data 1.0.1

Generated by `tests/tests/snmp_coverage.rs` (`ARSRING_WRITE_COVERAGE=1 cargo test -p arsring-e2e
--test snmp_coverage`); the test fails when this file no longer matches what the poller finds.

Each recording is served by SNMP Simulator and polled by `arsring-agent snmp poll-all`, all at
once. The answer is compared with `tests/coverage/truth.json`, which `tests/coverage/truth.py`
reads out of the recording files directly (ENTITY-MIB, then the vendor objects listed in
`tests/coverage/README.md`):

* **found**: the poller reports what the recording holds. The cell shows the value and where the
  poller took it from. A model or firmware version that the truth script does not read
  (sysObjectID, sysDescr) counts as found when the device's own answer holds it.
* **not in the recording** (—): the recording holds no such fact, and the poller reports none.
* **missed** / **wrong**: a failure of the test.

Neighbours are the rows of LLDP-MIB lldpRemTable and CISCO-CDP-MIB cdpCacheTable.

";

//! The pool parameters of vSphere: `powered_off` on the server-counting methods, and the
//! `host_split` method with its `by`. The fixtures are `parse::tests`'.

use chrono::NaiveDate;

use super::super::parse;
use super::super::tests::{assert_refused, pool};
use crate::costs::model::{Counting, Method, Platforms, PoweredOff, VmWeight};

#[test]
fn powered_off_and_host_split() {
    let text = pool(
        "method = \"host_split\"\namount_sek = \"1 000 000\"\nby = \"memory\"\nas_of = 2025-06-30\n\
         seen_within_days = 30\npowered_off = \"skip\"\n\
         [[year.pool]]\nid = \"q\"\nname = \"Q\"\nmethod = \"per_server\"\namount_sek = 1\npowered_off = \"count\"\n",
    );
    let model = parse(&text).unwrap();
    let (split, per_server) = (&model.years[0].pools[0], &model.years[0].pools[1]);
    assert_eq!((&split.method, split.amount), (&Method::HostSplit, Some(100_000_000)));
    let expected = Counting {
        platforms: Platforms::Physical,
        as_of: NaiveDate::from_ymd_opt(2025, 6, 30),
        seen_within_days: Some(30),
        pro_rata: false,
        powered_off: PoweredOff::Skip,
        vms_by: Some(VmWeight::Memory),
    };
    assert_eq!(split.counting, expected);
    assert_eq!((per_server.counting.powered_off, per_server.counting.vms_by), (PoweredOff::Count, None));
    let by_vcpu = parse(&pool("method = \"host_split\"\namount_sek = 1\nby = \"vcpu\"\n")).unwrap();
    let counting = &by_vcpu.years[0].pools[0].counting;
    assert_eq!((counting.vms_by, counting.powered_off), (Some(VmWeight::Vcpu), PoweredOff::Count));
}

// Long on purpose: a table of refused pools, each with the line and words it must name.
#[test]
fn every_refusal_names_its_line() {
    // Each helper's last line is line 28 of the file, after the pool's table on line 23.
    let per_server = |line: &str| pool(&format!("method = \"per_server\"\namount_sek = 1\n{line}\n"));
    let amount = |method: &str, extra: &str, amount: &str| {
        pool(&format!("method = \"{method}\"\n{extra}\namount_sek = {amount}\n"))
    };
    let host = |line: &str| pool(&format!("method = \"host_split\"\namount_sek = 1000\n{line}\n"));
    assert_refused(vec![
        // Powered-off VMs.
        (
            "unknown powered_off",
            per_server("powered_off = \"ignore\""),
            28,
            "unknown variant `ignore`, expected `count` or `skip`",
        ),
        ("powered_off as a boolean", per_server("powered_off = false"), 28, "wanted string"),
        (
            "powered_off given to key",
            amount("key", "key = \"k\"\npowered_off = \"skip\"", "1"),
            28,
            "powered_off does not apply to method \"key\": it is for method unit_price, per_server, consumption, host_split",
        ),
        ("powered_off given to equal", amount("equal", "between = [\"a\"]\npowered_off = \"count\"", "1"), 28, "equal"),
        // Host splits: `host` puts its line on line 28.
        (
            "host_split without by",
            pool("method = \"host_split\"\namount_sek = 1\n"),
            23,
            "needs by = \"vcpu\" or \"memory\"",
        ),
        ("host_split without amount", pool("method = \"host_split\"\nby = \"vcpu\"\n"), 23, "needs amount_sek"),
        ("unknown by", host("by = \"cpu\""), 28, "unknown variant `cpu`, expected `vcpu` or `memory`"),
        (
            "host_split with platforms",
            host("by = \"vcpu\"\nplatforms = \"physical\""),
            29,
            "platforms does not apply to method \"host_split\": a host split counts the ESXi hosts",
        ),
        (
            "host_split pro rata",
            host("by = \"vcpu\"\npro_rata = true"),
            29,
            "over the hosts and VMs counted on one day",
        ),
        ("host_split with measure", host("by = \"vcpu\"\nmeasure = \"vcpu\""), 29, "it is for method consumption"),
        ("negative host_split", host("by = \"vcpu\"").replace("amount_sek = 1000", "amount_sek = -1"), 27, "negative"),
        (
            "by given to per_server",
            per_server("by = \"vcpu\""),
            28,
            "by does not apply to method \"per_server\": it is for method host_split",
        ),
        (
            "by given to consumption",
            amount("consumption", "measure = \"vcpu\"\nby = \"memory\"", "1"),
            28,
            "host_split",
        ),
    ]);
}

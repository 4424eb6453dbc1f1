use super::*;
use chrono::TimeZone;

const STAT: &str = include_str!("../fixtures/proc/stat");
const NET_DEV: &str = include_str!("../fixtures/proc/net-dev");

fn counters(at_secs: i64, boot: &str, busy: u64, total: u64, rx: u64, tx: u64) -> Counters {
    Counters {
        at: Utc.timestamp_opt(1_764_000_000 + at_secs, 0).unwrap(),
        boot_id: Some(boot.into()),
        cpu_busy: busy,
        cpu_total: total,
        net_rx: rx,
        net_tx: tx,
    }
}

#[test]
fn proc_stat() {
    // cpu  user nice system idle iowait irq softirq steal ...
    let (busy, total) = cpu_jiffies(STAT).unwrap();
    // Captured on the build VM: 9338 0 2901 87267 252 0 95 16 0 0
    assert_eq!(total, 99869);
    assert_eq!(busy, 12350);
    assert_eq!(cpu_jiffies("intr 1 2 3\n"), None);
}

#[test]
fn proc_net_dev_skips_loopback() {
    // eth0 only: lo is skipped and ifb0/ifb1 are idle.
    assert_eq!(net_bytes(NET_DEV), (726297072, 2466115));
}

#[test]
fn window_since_previous_report() {
    let prev = counters(0, "b1", 100, 1_000, 5_000, 7_000);
    let now = counters(3_600, "b1", 160, 2_000, 6_000, 7_500);
    let u = utilisation(&now, Some(&prev), 86_400, [0.1, 0.2, 0.3]);
    assert_eq!(u.window_basis, WindowBasis::PreviousReport);
    assert_eq!(u.window_start, prev.at);
    assert_eq!(u.cpu_busy_ratio, Some(0.06));
    assert_eq!((u.net_rx_bytes, u.net_tx_bytes), (Some(1_000), Some(500)));
}

#[test]
fn reboot_resets_the_window_to_boot() {
    let prev = counters(0, "b1", 100, 1_000, 5_000, 7_000);
    let now = counters(3_600, "b2", 50, 400, 10, 20);
    let u = utilisation(&now, Some(&prev), 600, [0.0; 3]);
    assert_eq!(u.window_basis, WindowBasis::Boot);
    assert_eq!(u.window_start, now.at - Duration::seconds(600));
    assert_eq!(u.cpu_busy_ratio, Some(0.125));
    assert_eq!(u.net_rx_bytes, Some(10));
}

#[test]
fn uptime_and_load() {
    assert_eq!(uptime_secs("350735.47 234388.90\n"), Some(350_735));
    assert_eq!(uptime_secs("nan 1"), None);
    assert_eq!(load_average("0.00 0.01 0.05 1/190 3123\n"), Some([0.0, 0.01, 0.05]));
    assert_eq!(load_average("0.00 x 0.05"), None);
}

proptest::proptest! {
    #[test]
    fn parsers_never_panic(text in "\\PC*") {
        let _ = cpu_jiffies(&text);
        let _ = net_bytes(&text);
        let _ = uptime_secs(&text);
        let _ = load_average(&text);
    }
}

use super::*;
use chrono::TimeZone;
use std::str::FromStr;

#[test]
fn next_time_is_within_the_jitter_after_the_tick() {
    let schedule = cron::Schedule::from_str("0 0 */4 * * *").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 30, 0).unwrap();
    let tick = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    for _ in 0..100 {
        let t = next_time(&schedule, now, 600);
        assert!(t >= tick && t <= tick + chrono::Duration::seconds(600), "{t}");
    }
    assert_eq!(next_time(&schedule, now, 0), tick);
}

use super::*;

const MINUTE: Duration = Duration::from_secs(60);

/// Keys with a limit of 5 each, and `address:` keys with 3.
fn keys(names: &[&str]) -> Vec<(String, usize)> {
    names.iter().map(|n| (n.to_string(), if n.starts_with("address:") { 3 } else { 5 })).collect()
}

#[test]
fn the_sixth_failure_in_five_minutes_is_refused_until_the_first_ages_out() {
    let mut limiter = Limiter::new(5 * MINUTE);
    let t0 = Instant::now();
    let anna = keys(&["user:anna"]);
    for i in 0..5 {
        limiter.begin(&anna, t0 + i * MINUTE / 2).unwrap();
    }
    let wait = limiter.begin(&anna, t0 + 3 * MINUTE).unwrap_err();
    assert_eq!(wait, 2 * MINUTE, "until the first failure is five minutes old");
    assert!(limiter.begin(&keys(&["user:bertil"]), t0 + 3 * MINUTE).is_ok(), "others are not affected");
    assert!(limiter.begin(&anna, t0 + 5 * MINUTE).is_ok(), "the first failure has aged out");
}

#[test]
fn forgiven_attempts_do_not_count() {
    let mut limiter = Limiter::new(5 * MINUTE);
    let t0 = Instant::now();
    let anna = keys(&["user:anna", "address:192.0.2.1"]);
    for i in 0..10 {
        let attempt = limiter.begin(&anna, t0 + i * Duration::from_secs(1)).unwrap();
        limiter.forgive(&attempt);
    }
    assert!(limiter.is_empty());
}

#[test]
fn an_address_is_limited_across_user_names() {
    let mut limiter = Limiter::new(5 * MINUTE);
    let t0 = Instant::now();
    for user in ["a", "b", "c"] {
        limiter.begin(&keys(&[&format!("user:{user}"), "address:198.51.100.9"]), t0).unwrap();
    }
    assert!(limiter.begin(&keys(&["user:d", "address:198.51.100.9"]), t0).is_err(), "password spraying");
    assert!(limiter.begin(&keys(&["user:d", "address:198.51.100.10"]), t0).is_ok());
}

#[test]
fn attempts_in_flight_count_at_once() {
    // Five guesses sent together: the sixth is refused before any of them has failed.
    let mut limiter = Limiter::new(5 * MINUTE);
    let t0 = Instant::now();
    let attempts: Vec<Attempt> = (0..5).map(|_| limiter.begin(&keys(&["user:anna"]), t0).unwrap()).collect();
    assert!(limiter.begin(&keys(&["user:anna"]), t0).is_err());
    limiter.forgive(&attempts[0]);
    assert!(limiter.begin(&keys(&["user:anna"]), t0).is_ok(), "one turned out right");
}

#[test]
fn a_flood_of_made_up_names_stays_bounded() {
    let mut limiter = Limiter::new(5 * MINUTE);
    let t0 = Instant::now();
    for i in 0..(MAX_KEYS as u32 + 50) {
        limiter.begin(&keys(&[&format!("user:u{i}")]), t0 + Duration::from_millis(i.into())).unwrap();
    }
    assert!(limiter.len() <= MAX_KEYS);
}

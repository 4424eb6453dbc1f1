//! Failed log-ins counted per key (a user name, a client address), each with its own limit,
//! in memory, over a sliding window. An attempt counts as a failure from the moment it starts and is forgiven when it
//! turns out not to be a wrong password: so a burst of parallel guesses cannot all slip in
//! before the first of them has failed.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Beyond this many keys the stalest are dropped, so a flood of made-up user names cannot
/// grow the map without bound.
const MAX_KEYS: usize = 10_000;

pub struct Limiter {
    window: Duration,
    failures: HashMap<String, VecDeque<Instant>>,
}

/// An attempt in progress: the keys it counts against and when it started.
#[derive(Debug, Clone)]
pub struct Attempt {
    keys: Vec<String>,
    at: Instant,
}

impl Limiter {
    pub fn new(window: Duration) -> Limiter {
        Limiter { window, failures: HashMap::new() }
    }

    /// Starts an attempt counted against every key, or says how long to wait when any key
    /// already has as many failures within the window as its limit allows.
    pub fn begin(&mut self, keys: &[(String, usize)], now: Instant) -> Result<Attempt, Duration> {
        let wait = keys.iter().filter_map(|(key, max)| self.wait(key, *max, now)).max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        self.make_room(now);
        for (key, _) in keys {
            self.failures.entry(key.clone()).or_default().push_back(now);
        }
        Ok(Attempt { keys: keys.iter().map(|(key, _)| key.clone()).collect(), at: now })
    }

    /// Takes back an attempt that was not a wrong password.
    pub fn forgive(&mut self, attempt: &Attempt) {
        for key in &attempt.keys {
            if let Some(times) = self.failures.get_mut(key) {
                if let Some(i) = times.iter().rposition(|t| *t == attempt.at) {
                    times.remove(i);
                }
                if times.is_empty() {
                    self.failures.remove(key);
                }
            }
        }
    }

    /// How long `key` must wait, if it has `max` failures.
    fn wait(&mut self, key: &str, max: usize, now: Instant) -> Option<Duration> {
        let times = self.failures.get_mut(key)?;
        while times.front().is_some_and(|t| now.saturating_duration_since(*t) >= self.window) {
            times.pop_front();
        }
        if times.len() < max.max(1) {
            return None;
        }
        // The oldest failure that still counts has to age out before one more try.
        let oldest = times[times.len() - max.max(1)];
        Some(self.window.saturating_sub(now.saturating_duration_since(oldest)))
    }

    fn make_room(&mut self, now: Instant) {
        if self.failures.len() < MAX_KEYS {
            return;
        }
        let window = self.window;
        self.failures.retain(|_, times| times.back().is_some_and(|t| now.saturating_duration_since(*t) < window));
        while self.failures.len() >= MAX_KEYS {
            let stalest = self.failures.iter().min_by_key(|(_, times)| times.back().copied()).map(|(k, _)| k.clone());
            match stalest {
                Some(key) => self.failures.remove(&key),
                None => break,
            };
        }
    }

    /// Keys currently counted (for tests).
    pub fn len(&self) -> usize {
        self.failures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }
}

#[cfg(test)]
mod tests;

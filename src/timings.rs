//! Wall times of the stages of a command, on stderr, when the environment sets
//! `STRATA_TIMINGS` (to anything): `STRATA_TIMINGS=1 strata analyze city.geojson`.
//! Nothing is printed otherwise, and a disabled stage costs one relaxed atomic load.
//!
//! A developer's instrument, not a user message: the lines are English, not translated,
//! like a profiler's. Stages nest (a stage run inside another is indented under it) and
//! are meant for the sequential steps of a command, not for work inside parallel loops.
//!
//! ```
//! let sum = strata::timings::stage("sum", || (1..=10).sum::<u32>());
//! assert_eq!(sum, 55);
//! ```

use std::cell::Cell;
use std::sync::OnceLock;
use std::time::Instant;

/// When timing started (the first call of [`start`] or of any stage), if enabled.
static START: OnceLock<Option<Instant>> = OnceLock::new();

thread_local! {
    /// Nesting depth of the stages running on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

fn start_instant() -> Option<Instant> {
    *START.get_or_init(|| std::env::var_os("STRATA_TIMINGS").map(|_| Instant::now()))
}

/// Whether `STRATA_TIMINGS` is set.
pub fn enabled() -> bool {
    start_instant().is_some()
}

/// Starts the clock of [`total`]: call it first thing in `main`.
pub fn start() {
    let _ = start_instant();
}

/// Runs `f` as the stage `name`; with timings enabled, prints how long it took.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let _timer = Timer::new(name);
    f()
}

/// A stage that ends when the timer is dropped, for stages with several exits.
pub struct Timer {
    /// The name, start and depth of an enabled stage; `None` when timings are off.
    running: Option<(String, Instant, usize)>,
}

impl Timer {
    pub fn new(name: &str) -> Self {
        let running = enabled().then(|| {
            let depth = DEPTH.with(|d| d.replace(d.get() + 1));
            (name.to_owned(), Instant::now(), depth)
        });
        Self { running }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some((name, begun, depth)) = self.running.take() {
            DEPTH.with(|d| d.set(depth));
            eprintln!("{}", line(depth, &name, begun.elapsed().as_secs_f64()));
        }
    }
}

/// Prints the time since [`start`] as the stage `name` (e.g. "total" at the end).
pub fn total(name: &str) {
    if let Some(start) = start_instant() {
        eprintln!("{}", line(0, name, start.elapsed().as_secs_f64()));
    }
}

/// `timings:   1.234 s    network build`: seconds aligned, nested stages indented.
fn line(depth: usize, name: &str, seconds: f64) -> String {
    format!("timings: {seconds:>8.3} s  {}{name}", "  ".repeat(depth))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_align_seconds_and_indent_nested_stages() {
        assert_eq!(line(0, "read", 1.23456), "timings:    1.235 s  read");
        assert_eq!(line(2, "network", 0.5), "timings:    0.500 s      network");
    }

    #[test]
    fn a_stage_returns_its_value_and_restores_the_depth() {
        let v = stage("outer", || stage("inner", || 7) + 1);
        assert_eq!(v, 8);
        assert_eq!(DEPTH.with(Cell::get), 0);
    }
}

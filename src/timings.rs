//! Wall times of the stages of a command, on stderr, when the environment sets
//! `STRATA_TIMINGS` (to anything): `STRATA_TIMINGS=1 strata analyze city.geojson`.
//! Nothing is printed otherwise, and a disabled stage costs one relaxed atomic load.
//!
//! A developer's instrument, not a user message: the lines are English, not translated,
//! like a profiler's. On Linux each line also gives the CPU seconds of the whole process
//! during the stage (all threads, from `/proc/self/stat`, 10 ms resolution): on a
//! machine shared with other work the wall time varies with the load, the CPU time much
//! less. Stages nest (a stage run inside another is indented under it) and
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
    /// The name, start, CPU time at the start and depth of an enabled stage; `None`
    /// when timings are off.
    running: Option<(String, Instant, Option<f64>, usize)>,
}

impl Timer {
    pub fn new(name: &str) -> Self {
        let running = enabled().then(|| {
            let depth = DEPTH.with(|d| d.replace(d.get() + 1));
            (
                name.to_owned(),
                Instant::now(),
                process_cpu_seconds(),
                depth,
            )
        });
        Self { running }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some((name, begun, cpu, depth)) = self.running.take() {
            DEPTH.with(|d| d.set(depth));
            let mut text = line(depth, &name, begun.elapsed().as_secs_f64());
            if let (Some(before), Some(after)) = (cpu, process_cpu_seconds()) {
                text.push_str(&format!("  [cpu {:.2} s]", after - before));
            }
            eprintln!("{text}");
        }
    }
}

/// User + system CPU seconds of this process so far (Linux: `/proc/self/stat`, fields
/// 14 and 15 in clock ticks of 1/100 s); `None` elsewhere.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// Prints the time since [`start`] as the stage `name` (e.g. "total" at the end).
pub fn total(name: &str) {
    if let Some(start) = start_instant() {
        let mut text = line(0, name, start.elapsed().as_secs_f64());
        if let Some(cpu) = process_cpu_seconds() {
            text.push_str(&format!("  [cpu {cpu:.2} s]"));
        }
        eprintln!("{text}");
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

    #[cfg(target_os = "linux")]
    #[test]
    fn cpu_seconds_grow_with_work() {
        let before = process_cpu_seconds().expect("/proc/self/stat");
        let mut x = 0u64;
        let begun = Instant::now();
        while begun.elapsed().as_secs_f64() < 0.3 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        let after = process_cpu_seconds().expect("/proc/self/stat");
        assert!(after - before >= 0.05, "{before} -> {after}");
    }

    #[test]
    fn a_stage_returns_its_value_and_restores_the_depth() {
        let v = stage("outer", || stage("inner", || 7) + 1);
        assert_eq!(v, 8);
        assert_eq!(DEPTH.with(Cell::get), 0);
    }
}

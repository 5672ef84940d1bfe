//! How the allocator treats memory freed in bulk.
//!
//! The binary's allocator (mimalloc) keeps freed memory for a while before it returns
//! it to the system, so that memory freed and allocated again soon costs nothing: a
//! frame's scratch, a re-check's working sets. While the editor opens a city, though,
//! each stage frees hundreds of megabytes (the file's pending features, the meshes'
//! scratch, the first whole check's working sets) while the next is already
//! allocating, and held, the freed memory was a tenth of the editor's peak (0.99–1.09
//! GB with it held, 0.89–0.98 GB returned at once). So the editor has it returned at
//! once from the start of an opening to the end of its first whole check, and held
//! again for the frames that follow (returning it at once throughout made each frame
//! 2–3 ms slower).
//!
//! A command of the command line is the other way round: it ends within seconds, so
//! memory it returns to the system is only faulted in again, cleared page by page, by
//! its next stage (clearing pages was a fifth of `strata analyze --format json`'s
//! profile on a city). It keeps freed memory until it exits ([`keep_freed_until_exit`]):
//! `analyze --format json` on the realistic city 4.56 → 4.22 s, `info` 1.37 → 1.24 s
//! (medians of five, alternated), for 12–45 MB more at the peak.
//!
//! The library does not know the allocator: the binary registers how to switch, and
//! without a registration (tests, examples) these calls do nothing.

use std::sync::OnceLock;

/// What the allocator does with memory once it is freed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freed {
    /// Returned to the system at once.
    ReturnedAtOnce,
    /// Held a while, then returned: the allocator's default.
    HeldAWhile,
    /// Kept for reuse until the program exits.
    KeptUntilExit,
}

static SWITCH: OnceLock<fn(Freed)> = OnceLock::new();

/// Registers how the program's allocator switches what it does with freed memory.
/// Once; later calls are ignored.
pub fn set_switch(switch: fn(Freed)) {
    let _ = SWITCH.set(switch);
}

/// Freed memory is returned to the system at once (`true`) or held a while, the
/// allocator's default (`false`), if the program registered how.
pub fn return_freed_at_once(at_once: bool) {
    switch(match at_once {
        true => Freed::ReturnedAtOnce,
        false => Freed::HeldAWhile,
    });
}

/// Freed memory is kept for reuse until the program exits, if the program registered
/// how: for a command that ends within seconds.
pub fn keep_freed_until_exit() {
    switch(Freed::KeptUntilExit);
}

fn switch(freed: Freed) {
    if let Some(switch) = SWITCH.get() {
        switch(freed);
    }
}

//! The `strata` binary: the editor (`strata`, `strata open PLAN`) and the command-line
//! tool (`strata info|check|analyze|heatmap|render|report|…`); all of it in `cli`.

mod cli;

/// mimalloc instead of the system allocator: reading a city makes millions of small,
/// short-lived allocations on several threads, and glibc's malloc and free were a third
/// of the reading time (BENCHMARKS.md, 2026-12-02).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    restore_sigpipe();
    strata::memory::set_switch(treat_freed);
    cli::run()
}

/// mimalloc's delay before it returns freed memory to the system: none, its default or
/// never (`strata::memory`).
#[allow(unsafe_code)] // mimalloc's C functions have no safe wrappers.
fn treat_freed(freed: strata::memory::Freed) {
    use std::sync::atomic::{AtomicI64, Ordering};
    use strata::memory::Freed;
    // `mi_option_purge_delay` in mimalloc's list of options (v2 and v3 alike); the
    // bindings name only v2's first options.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    /// The delay mimalloc had before it was first set to none (-2: not yet read).
    static DEFAULT: AtomicI64 = AtomicI64::new(-2);
    // SAFETY: mimalloc's options may be read and set from any thread at any time; the
    // purge delay is read each time a purge is scheduled.
    unsafe {
        if DEFAULT.load(Ordering::Relaxed) == -2 {
            let delay = libmimalloc_sys::mi_option_get(PURGE_DELAY);
            DEFAULT.store(i64::from(delay as i32), Ordering::Relaxed);
        }
        let delay = match freed {
            Freed::ReturnedAtOnce => 0,
            Freed::HeldAWhile => DEFAULT.load(Ordering::Relaxed),
            // A negative delay: never purged.
            Freed::KeptUntilExit => -1,
        };
        libmimalloc_sys::mi_option_set(PURGE_DELAY, delay as _);
    }
}

/// Rust ignores SIGPIPE, so printing to a closed pipe (`strata info … | head`) panics.
/// The default action ends the process quietly, as other command-line tools do.
#[cfg(unix)]
#[allow(unsafe_code)] // libc has no safe wrapper.
fn restore_sigpipe() {
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a
    // valid action for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_sigpipe() {}

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
    cli::run()
}

/// Rust ignores SIGPIPE, so printing to a closed pipe (`strata info … | head`) panics.
/// The default action ends the process quietly, as other command-line tools do.
#[cfg(unix)]
#[allow(unsafe_code)] // The one unsafe call of the program: libc has no safe wrapper.
fn restore_sigpipe() {
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a
    // valid action for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_sigpipe() {}

//! Profiling only part of an example: with `STRATA_PERF_FIFO=PATH`, the example tells
//! `perf record --control fifo:PATH -D -1 …` when to start and stop sampling
//! (`mkfifo PATH` first).

/// Sends `enable` or `disable` to perf's control fifo, when one is named.
pub fn perf_control(command: &str) {
    if let Some(path) = std::env::var_os("STRATA_PERF_FIFO") {
        use std::io::Write;
        let sent = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .and_then(|mut f| f.write_all(format!("{command}\n").as_bytes()));
        if let Err(e) = sent {
            eprintln!("perf control {path:?}: {e}");
        }
    }
}

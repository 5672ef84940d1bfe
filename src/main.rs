//! The `strata` binary: the editor (arriving with the editor issue) and the batch tool.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}

//! The `hikitsugi` command line: a thin layer over the core library. Errors go to stderr
//! with a non-zero exit code; `--json` output goes to stdout.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(e) if cli::closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hikitsugi: error: {e:#}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}

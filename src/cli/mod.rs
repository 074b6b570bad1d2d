//! The command line: [`args`] declares every command and flag to clap, [`commands`] holds one
//! thin file per command over the library, [`output`] prints reports and errors. `main.rs`
//! parses and calls [`run`]; nothing else.
//!
//! May use everything: it is the top of the import order.

pub mod args;
pub mod commands;
pub mod output;

pub use args::Cli;
use std::process::ExitCode;

/// Runs the parsed command; a failure prints its one line and exits with its kind's code
/// (1 a failure or a refusal of the run's state, 2 a usage or input error).
pub fn run(cli: Cli) -> ExitCode {
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => output::fail(&e),
    }
}

//! The `pdmctl` binary: parses the command line and runs it (see [`pdmctl::cli`]).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    pdmctl::cli::run(pdmctl::cli::Cli::parse())
}

//! One file per command, each thin over the library: turn the arguments into the library's
//! options, call it, hand the report to [`super::output`].
//!
//! May use the whole library; holds no rule of its own.

mod bootstrap;
mod lint;
mod plan;
#[cfg(feature = "engine")]
mod query;
mod relaunch;
mod render;
mod sample;
mod stage;
mod status;
mod submit;

use super::args::{Cli, Command};
use crate::error::Result;
use std::process::ExitCode;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let config = cli.config.as_path();
    match cli.command {
        // `lint` prints its findings and exits 1 on them without an error line.
        Command::Lint(a) => return lint::run(config, a),
        Command::Render(a) => render::run(config, a),
        Command::Plan(a) => plan::run(config, a),
        Command::Sample(a) => sample::run(a),
        Command::Submit(a) => submit::run(config, a),
        Command::Stage(a) => stage::run(a),
        Command::Status(a) => status::run(config, a),
        Command::Relaunch(a) => relaunch::run(config, a),
        Command::Bootstrap(a) => bootstrap::run(a),
        #[cfg(feature = "engine")]
        Command::Query(a) => query::run(a),
    }
    .map(|()| ExitCode::SUCCESS)
}

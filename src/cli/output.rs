//! The one output emitter: every command's report goes to stdout as text for people or as
//! JSON (stable keys, nested values as JSON) for machines; errors go to stderr as one line,
//! with the exit code of their kind.

use crate::error::Error;
use clap::ValueEnum;
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// A command's result as both outputs.
pub trait Report {
    fn to_human(&self) -> String;
    fn to_json(&self) -> serde_json::Value;
}

/// Prints the report in the chosen format.
pub fn emit(format: Format, report: &dyn Report) {
    match format {
        Format::Human => text(&report.to_human()),
        Format::Json => json(&report.to_json()),
    }
}

/// Text as it is (it ends with its own newline).
pub fn text(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Pretty JSON and a newline.
pub fn json(value: &serde_json::Value) {
    text(&format!(
        "{}\n",
        serde_json::to_string_pretty(value).expect("plain JSON")
    ));
}

/// True when colour may be used on stdout: a terminal, and no `NO_COLOR`.
pub fn color() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The error as its one line on stderr, and its exit code.
pub fn fail(e: &Error) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(e.exit_code())
}

macro_rules! reports {
    ($($t:ty),* $(,)?) => {$(
        impl Report for $t {
            fn to_human(&self) -> String {
                <$t>::to_human(self)
            }
            fn to_json(&self) -> serde_json::Value {
                <$t>::to_json(self)
            }
        }
    )*};
}

reports!(
    crate::plan::Plan,
    crate::backend::emr::submit::SubmitReport,
    crate::backend::emr::status::StatusReport,
    crate::backend::emr::relaunch::RelaunchReport,
    crate::stage::bootstrap::BootstrapReport,
);

//! `pdmctl lint`: exits 0 when clean, 1 on findings (errors, or warnings with
//! `--deny-warnings`); usage and configuration errors are errors (2).

use crate::cli::args::{LintArgs, LintFormat};
use crate::cli::output;
use crate::error::{Error, Result};
use crate::lint;
use std::path::Path;
use std::process::ExitCode;

pub fn run(config: &Path, a: LintArgs) -> Result<ExitCode> {
    if let Some(code) = &a.explain {
        let text = lint::checks::explain(code).ok_or_else(|| {
            let codes: Vec<&str> = lint::checks::CHECKS.iter().map(|c| c.code).collect();
            Error::input(
                "--explain",
                format!("unknown code `{code}` (codes: {})", codes.join(", ")),
            )
        })?;
        output::text(&text);
        return Ok(ExitCode::SUCCESS);
    }
    let report = if a.paths.is_empty() {
        lint::lint_pipeline(config, &a.envs)?
    } else {
        lint::lint_paths(&a.paths)?
    };
    match a.format {
        LintFormat::Human => output::text(&report.to_human(output::color())),
        LintFormat::Json => output::json(&report.to_json()),
        LintFormat::Github => output::text(&report.to_github()),
    }
    Ok(ExitCode::from(report.exit_code(a.deny_warnings)))
}

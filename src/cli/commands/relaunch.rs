//! `pdmctl relaunch`

use crate::backend::emr::relaunch::{self, Event};
use crate::cli::args::RelaunchArgs;
use crate::cli::output;
use crate::error::{Error, Result};
use crate::plan::project::Project;
use std::path::Path;

pub fn run(config: &Path, a: RelaunchArgs) -> Result<()> {
    let text = if a.event.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| Error::io(Path::new("<stdin>"), e))?;
        text
    } else {
        std::fs::read_to_string(&a.event).map_err(|e| Error::io(&a.event, e))?
    };
    let event = Event::parse(&text)?;
    let project = Project::load(config)?;
    let report = relaunch::relaunch(&project, &a.env, &event, &a.no_retry_steps, a.dry_run)?;
    output::emit(a.format, &report);
    Ok(())
}

//! `pdmctl plan`

use crate::cli::args::PlanArgs;
use crate::cli::output;
use crate::error::Result;
use crate::plan::project::Project;
use std::path::Path;

pub fn run(config: &Path, a: PlanArgs) -> Result<()> {
    let run = a.run.values()?;
    let project = Project::load(config)?;
    let (_, plan) = project.plan(&a.env, &run, a.from.as_deref())?;
    output::emit(a.format, &plan);
    Ok(())
}

//! `pdmctl status`

use crate::backend::emr::status;
use crate::cli::args::StatusArgs;
use crate::cli::output;
use crate::error::{Error, Result};
use crate::pipeline::run_values::validate_correlation_id;
use crate::plan::project::Project;
use std::path::Path;

pub fn run(config: &Path, a: StatusArgs) -> Result<()> {
    validate_correlation_id(&a.correlation_id).map_err(|m| Error::input("--correlation-id", m))?;
    let project = Project::load(config)?;
    let report = status::status(&project, &a.env, &a.correlation_id)?;
    output::emit(a.format, &report);
    Ok(())
}

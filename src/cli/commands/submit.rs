//! `pdmctl submit`: `local` on this machine, any other environment on AWS.

use crate::backend::emr::{submit, wait};
use crate::cli::args::SubmitArgs;
use crate::cli::output::{self, Format};
use crate::error::{Error, Result};
use crate::pipeline::LOCAL_ENV;
use crate::plan::project::Project;
use std::path::Path;

pub fn run(config: &Path, a: SubmitArgs) -> Result<()> {
    let run = a.run.values()?;
    if a.env == LOCAL_ENV {
        // clap cannot tie a flag to a positional's value: checked here, before any work.
        if a.cluster_id.is_some() || a.dry_run || a.wait || a.format == Format::Json {
            return Err(Error::input(
                "<ENV>",
                "--cluster-id, --dry-run, --wait and --format apply to the AWS environments, not `local`",
            ));
        }
        return local(config, &run, a);
    }
    let project = Project::load(config)?;
    let options = submit::SubmitOptions {
        env: a.env,
        cluster_id: a.cluster_id,
        from: a.from,
        restart: a.restart,
        dry_run: a.dry_run,
    };
    let report = submit::submit(&project, &run, &options)?;
    output::emit(a.format, &report);
    if a.wait {
        wait::wait_for_submit(&project, &report)?;
    }
    Ok(())
}

#[cfg(feature = "engine")]
fn local(config: &Path, run: &crate::pipeline::run_values::RunValues, a: SubmitArgs) -> Result<()> {
    use crate::backend::local;
    let project = Project::load(config)?;
    let options = local::LocalOptions {
        warehouse: a.warehouse,
        from: a.from,
        restart: a.restart,
    };
    let summary = local::submit(&project, run, &options, local::ProgressBars::for_stderr().as_ref())?;
    output::text(&summary.to_human());
    Ok(())
}

#[cfg(not(feature = "engine"))]
fn local(_config: &Path, _run: &crate::pipeline::run_values::RunValues, _a: SubmitArgs) -> Result<()> {
    Err(Error::input(
        "<ENV>",
        "`local` needs the embedded engine, which this build leaves out (built with --no-default-features); build with the default features",
    ))
}

//! `pdmctl render`

use crate::backend::emr::cluster::ClusterTemplates;
use crate::cli::args::RenderArgs;
use crate::error::Result;
use crate::plan::project::Project;
use std::path::{Path, PathBuf};

pub fn run(config: &Path, a: RenderArgs) -> Result<()> {
    let run = a.run.values()?;
    let project = Project::load(config)?;
    // Planning catches SQL that would only fail on the cluster, and the manifest gets the
    // file dependencies the cluster runs by.
    let (bundle, _) = project.plan(&a.env, &run, None)?;
    // Rendered before anything is written, so a template error leaves the output as it was.
    let cluster = ClusterTemplates::preview(&project.pipeline, &a.env, &run, &bundle)?;
    let out = a.out.unwrap_or_else(|| PathBuf::from("dist").join(&a.env));
    bundle.write(&out)?;
    if let Some(c) = &cluster {
        c.write(&out)?;
    }
    println!(
        "rendered {} files for `{}` into {}{}",
        bundle.files.len(),
        a.env,
        out.display(),
        if cluster.is_some() {
            " (and the cluster request under cluster/)"
        } else {
            ""
        }
    );
    Ok(())
}

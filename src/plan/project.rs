//! A loaded project: pipelines.yaml and every template, parsed once, and the walk from an
//! environment to its plan (render, analyse, order) that every command shares.

use crate::bundle::Bundle;
use crate::error::Result;
use crate::pipeline::run_values::RunValues;
use crate::pipeline::Pipeline;
use crate::plan::{self, Plan};
use crate::render::{self, Templates};
use crate::sql::analyse::{self, FileAnalysis};
use std::path::Path;

pub struct Project {
    pub pipeline: Pipeline,
    pub templates: Templates,
}

impl Project {
    pub fn load(pipelines_yaml: &Path) -> Result<Project> {
        let pipeline = Pipeline::load(pipelines_yaml)?;
        let templates = Templates::load(&pipeline)?;
        Ok(Project { pipeline, templates })
    }

    pub fn render(&self, env: &str, run: &RunValues) -> Result<Bundle> {
        let env = self.pipeline.environment(env)?;
        render::render(&self.pipeline, &self.templates, env, run)
    }

    pub fn analyse(&self, bundle: &Bundle) -> Result<Vec<FileAnalysis>> {
        analyse::analyse_bundle(bundle, &|path| self.templates.by_name(path).map(|t| t.source.clone()))
    }

    /// Renders, analyses and plans one environment.
    /// The bundle carries the plan's file dependencies (see [`Plan::record_in`]).
    pub fn plan(&self, env: &str, run: &RunValues, from: Option<&str>) -> Result<(Bundle, Plan)> {
        let mut bundle = self.render(env, run)?;
        let analyses = self.analyse(&bundle)?;
        let env = self.pipeline.environment(env)?;
        let plan = plan::build(&self.pipeline, env, &bundle, &analyses, None)?;
        plan.record_in(&mut bundle);
        let plan = plan.starting_at(&bundle, from)?;
        Ok((bundle, plan))
    }
}

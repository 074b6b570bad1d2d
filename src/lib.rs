//! pdmctl: builds the PDM Hive dataset on AWS EMR from templated HQL.
//!
//! Data flows one way: `pipelines.yaml` ([`pipeline`]) → [`render`] (Tera) → [`bundle`] →
//! [`analyse`] (sqlparser, Hive dialect) → [`plan`] (order, dependencies, resume point).

pub mod analyse;
pub mod aws;
pub mod bootstrap;
pub mod builtins;
pub mod bundle;
pub mod cluster;
pub mod dynamo_store;
pub mod emr;
#[cfg(feature = "engine")]
pub mod engine;
pub mod error;
pub mod executor;
pub mod hive_cli;
pub mod hive_dialect;
pub mod hive_text;
pub mod lint;
#[cfg(feature = "engine")]
pub mod local;
pub mod log;
pub mod metrics;
pub mod pipeline;
pub mod plan;
pub mod pushgateway;
pub mod relaunch;
pub mod render;
pub mod run_record;
pub mod run_values;
pub mod runner;
pub mod s3;
pub mod sample;
pub mod source_map;
pub mod stage;
pub mod status;
pub mod submit;
pub mod upload;
pub mod wait;

use analyse::FileAnalysis;
use bundle::Bundle;
use error::Result;
use pipeline::Pipeline;
use plan::Plan;
use render::Templates;
use run_values::RunValues;
use std::path::Path;

/// A loaded project: pipelines.yaml and every template, parsed once.
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

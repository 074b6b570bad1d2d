//! The plan: the ordered steps of an environment with their policies and, inside each HQL
//! stage, the files grouped in dependency levels computed from the tables they read and write.
//!
//! Owns the order of steps and files, and the [`project::Project`] walk from an environment
//! to its plan. May use: `error`, `pipeline`, `bundle`, `render`, `sql`.

pub mod order;
pub mod project;

use crate::bundle::Bundle;
use crate::error::{Error, Result};
use crate::pipeline::{Environment, FailureAction, Pipeline, Retry, StageKind};
use crate::sql::analyse::FileAnalysis;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, Clone)]
pub struct Plan {
    pub environment: String,
    /// Steps that a run (or a resume with `--from`) executes, in order.
    pub steps: Vec<PlanStep>,
    /// Steps skipped because the run resumes at `from`.
    pub skipped: Vec<String>,
    pub from: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PlanStep {
    pub name: String,
    pub kind: StageKind,
    pub failure_action: FailureAction,
    pub parallelism: u32,
    pub retry: Retry,
    /// Bundle paths of the files, level by level: a file's level is one more than the highest
    /// level of the files it depends on.
    pub levels: Vec<Vec<String>>,
    /// For each file, the files of the same stage that must finish before it starts.
    pub depends_on: BTreeMap<String, Vec<String>>,
    /// Views materialised (create-views-tables), qualified.
    pub views: Vec<String>,
}

impl PlanStep {
    pub fn file_count(&self) -> usize {
        self.levels.iter().map(Vec::len).sum()
    }
}

/// Builds the plan from a rendered bundle and its analysis. Every stage is checked, even the
/// ones a `--from` skips, since a resume relies on what they produced; the first
/// [`order::Violation`] is the error.
pub fn build(
    pipeline: &Pipeline,
    env: &Environment,
    bundle: &Bundle,
    analyses: &[FileAnalysis],
    from: Option<&str>,
) -> Result<Plan> {
    if let Some(step) = from {
        check_step(bundle, &env.name, step)?;
    }
    let ordering = order::order(&bundle.steps, analyses, &order_inputs(pipeline, env, bundle));
    if let Some(v) = ordering.violations.first() {
        return Err(Error::Plan {
            location: v.location().clone(),
            message: v.message(),
        });
    }
    let steps = bundle
        .steps
        .iter()
        .zip(ordering.stages)
        .map(|(b, o)| PlanStep {
            name: b.name.clone(),
            kind: b.kind,
            failure_action: b.failure_action,
            parallelism: b.parallelism,
            retry: b.retry,
            levels: o.levels,
            depends_on: o.depends_on,
            views: o.views,
        })
        .collect();
    Plan {
        environment: env.name.clone(),
        steps,
        skipped: Vec::new(),
        from: None,
    }
    .starting_at(bundle, from)
}

/// What the ordering of an environment's bundle needs from the pipeline.
pub fn order_inputs<'a>(pipeline: &'a Pipeline, env: &Environment, bundle: &'a Bundle) -> order::Inputs<'a> {
    order::Inputs {
        externals: env.settings.external_tables.iter().map(|t| t.to_lowercase()).collect(),
        views_database: views_database(bundle),
        stage_locations: pipeline
            .stages
            .iter()
            .map(|s| (s.name.clone(), s.location.clone()))
            .collect(),
    }
}

/// Where unqualified listed views live.
fn views_database(bundle: &Bundle) -> &str {
    bundle
        .variables
        .get("views_database")
        .map(String::as_str)
        .unwrap_or("default")
}

fn check_step(bundle: &Bundle, env: &str, step: &str) -> Result<()> {
    if bundle.step(step).is_none() {
        let names: Vec<&str> = bundle.steps.iter().map(|s| s.name.as_str()).collect();
        return Err(Error::input(
            "--from",
            format!("`{step}` is not a step of `{env}` (steps: {})", names.join(", ")),
        ));
    }
    Ok(())
}

impl Plan {
    /// The plan of a resume at `from`: the steps before it are skipped.
    pub fn starting_at(mut self, bundle: &Bundle, from: Option<&str>) -> Result<Plan> {
        if let Some(start) = from {
            check_step(bundle, &self.environment, start)?;
            let at = self.steps.iter().position(|s| s.name == start).unwrap_or(0);
            self.skipped.extend(self.steps.drain(..at).map(|s| s.name));
            self.from = Some(start.to_string());
        }
        Ok(self)
    }

    /// The names of the steps that run, in order.
    pub fn step_names(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.name.clone()).collect()
    }

    /// Where the step of that name is among those that run.
    pub fn position(&self, step: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.name == step)
    }

    /// Writes each HQL step's file dependencies into the bundle, so its manifest carries them
    /// to the cluster.
    pub fn record_in(&self, bundle: &mut Bundle) {
        for step in &self.steps {
            if let Some(b) = bundle.steps.iter_mut().find(|b| b.name == step.name) {
                b.depends_on = step.depends_on.clone();
            }
        }
    }
}

/// The plan of one step as the manifest carries it (on the cluster, without pipelines.yaml):
/// levels are recomputed from the dependencies, views qualified with `views_database`.
pub fn step_from_bundle(bundle: &Bundle, name: &str) -> Option<PlanStep> {
    let b = bundle.step(name)?;
    let mut depends_on = b.depends_on.clone();
    for f in &b.files {
        depends_on.entry(f.clone()).or_default();
    }
    let deps = depends_on
        .iter()
        .map(|(f, d)| (f.clone(), d.iter().cloned().collect()))
        .collect();
    // A cycle cannot come out of `build`; the runner reports what never ran.
    let (levels, _) = order::levels(&deps);
    let db = views_database(bundle);
    Some(PlanStep {
        name: b.name.clone(),
        kind: b.kind,
        failure_action: b.failure_action,
        parallelism: b.parallelism,
        retry: b.retry,
        levels,
        depends_on,
        views: b.views.iter().map(|v| format!("{db}.{v}")).collect(),
    })
}

impl Plan {
    pub fn to_json(&self) -> Value {
        let steps: Vec<Value> = self
            .steps
            .iter()
            .map(|s| {
                let mut v = json!({
                    "name": s.name,
                    "kind": s.kind,
                    "failure_action": s.failure_action,
                });
                if s.kind == StageKind::Hql {
                    v["parallelism"] = json!(s.parallelism);
                    v["retry"] = json!(s.retry);
                    v["levels"] = json!(s.levels);
                    v["depends_on"] = json!(s.depends_on);
                }
                if !s.views.is_empty() {
                    v["views"] = json!(s.views);
                }
                v
            })
            .collect();
        json!({
            "environment": self.environment,
            "from": self.from,
            "skipped": self.skipped,
            "steps": steps,
        })
    }

    pub fn to_human(&self) -> String {
        let mut out = String::new();
        let files: usize = self.steps.iter().map(PlanStep::file_count).sum();
        let _ = writeln!(
            out,
            "Plan for `{}`: {}, {}",
            self.environment,
            plural(self.steps.len(), "step"),
            plural(files, "HQL file")
        );
        if let Some(from) = &self.from {
            let _ = writeln!(
                out,
                "Resuming at `{from}`; skipped: {}",
                if self.skipped.is_empty() {
                    "none".to_string()
                } else {
                    self.skipped.join(", ")
                }
            );
        }
        for (i, s) in self.steps.iter().enumerate() {
            let n = i + 1 + self.skipped.len();
            match s.kind {
                StageKind::Builtin => {
                    let _ = writeln!(out, "{n:>3}. {:<28} builtin   on failure {}", s.name, s.failure_action);
                    if !s.views.is_empty() {
                        let _ = writeln!(
                            out,
                            "       materialises {} views: {}",
                            s.views.len(),
                            s.views.join(", ")
                        );
                    }
                }
                StageKind::Hql => {
                    let retry = if s.retry.max_attempts() > 1 {
                        format!("{} attempts {}s apart", s.retry.max_attempts(), s.retry.delay_seconds)
                    } else {
                        "no retry".to_string()
                    };
                    let _ = writeln!(
                        out,
                        "{n:>3}. {:<28} hql       on failure {}, {} at a time, {retry}, {}",
                        s.name,
                        s.failure_action,
                        s.parallelism,
                        plural(s.file_count(), "file")
                    );
                    for (l, level) in s.levels.iter().enumerate() {
                        // Files are shown by name: the stage folder is the same for all.
                        let names: Vec<&str> = level.iter().map(|p| p.rsplit('/').next().unwrap_or(p)).collect();
                        let _ = writeln!(out, "       level {}: {}", l + 1, names.join(", "));
                    }
                }
            }
        }
        out
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

//! The plan: the ordered steps of an environment with their policies and, inside each HQL
//! stage, the files grouped in dependency levels computed from the tables they read and write.

use crate::analyse::FileAnalysis;
use crate::bundle::Bundle;
use crate::error::{Error, Location, Result};
use crate::pipeline::{Environment, FailureAction, Pipeline, Retry, StageKind};
use crate::run_values::resolve_variables;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
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
/// ones a `--from` skips, since a resume relies on what they produced.
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
    let variables = resolve_variables(env, &bundle.run)?;
    // Tables that exist when a stage starts: declared external ones and those earlier stages created.
    let mut produced: BTreeSet<String> = env.settings.external_tables.iter().map(|t| t.to_lowercase()).collect();
    let mut steps = Vec::new();
    for bstep in &bundle.steps {
        let stage = pipeline
            .stages
            .iter()
            .find(|s| s.name == bstep.name)
            .expect("bundle steps come from the pipeline");
        let files: Vec<&FileAnalysis> = analyses.iter().filter(|a| a.stage == bstep.name).collect();
        let (levels, depends_on) = order_stage(&files, &produced)?;
        for f in &files {
            produced.extend(f.creates.keys().cloned());
            // Dropped and not re-created: gone for the stages after.
            for table in f.writes.keys() {
                if !f.creates.contains_key(table) && !f.reads.contains_key(table) {
                    produced.remove(table);
                }
            }
        }
        let mut views = Vec::new();
        if !bstep.views.is_empty() {
            let db = variables.get("views_database").map(String::as_str).unwrap_or("default");
            for v in &bstep.views {
                let table = format!("{db}.{v}");
                if !produced.contains(&table) {
                    return Err(Error::Plan {
                        location: stage.location.clone(),
                        message: format!(
                            "{}: view `{table}` is listed but no file of the pipeline creates it",
                            stage.name
                        ),
                    });
                }
                views.push(table);
            }
        }
        steps.push(PlanStep {
            name: bstep.name.clone(),
            kind: bstep.kind,
            failure_action: bstep.failure_action,
            parallelism: env.settings.parallelism,
            retry: env.settings.retry,
            levels,
            depends_on,
            views,
        });
    }
    Plan {
        environment: env.name.clone(),
        steps,
        skipped: Vec::new(),
        from: None,
    }
    .starting_at(bundle, from)
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
    let mut levels: Levels = Vec::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    while placed.len() < depends_on.len() {
        let ready: Vec<String> = depends_on
            .iter()
            .filter(|(f, deps)| !placed.contains(f.as_str()) && deps.iter().all(|d| placed.contains(d.as_str())))
            .map(|(f, _)| f.clone())
            .collect();
        if ready.is_empty() {
            break; // a cycle cannot come out of plan::build; the runner reports what never ran
        }
        placed.extend(depends_on.keys().filter(|k| ready.contains(k)).map(String::as_str));
        levels.push(ready);
    }
    let db = bundle
        .variables
        .get("views_database")
        .map(String::as_str)
        .unwrap_or("default");
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

type Levels = Vec<Vec<String>>;

/// Orders the files of one stage. A file depends on the file of the stage that writes a table
/// it reads; a read nothing in the stage writes must come from an earlier stage (or be a
/// declared external table).
fn order_stage(
    files: &[&FileAnalysis],
    produced: &BTreeSet<String>,
) -> Result<(Levels, BTreeMap<String, Vec<String>>)> {
    let mut writer: BTreeMap<&str, (&str, &Location)> = BTreeMap::new();
    for f in files {
        for (table, location) in &f.writes {
            if let Some((other, other_loc)) = writer.get(table.as_str()) {
                if *other != f.path {
                    return Err(Error::Plan {
                        location: location.clone(),
                        message: format!(
                            "`{table}` is written by two files of one stage: this one and {} ({other_loc}); their order would be undefined",
                            other
                        ),
                    });
                }
            }
            writer.entry(table).or_insert((&f.path, location));
        }
    }
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let entry = deps.entry(f.path.clone()).or_default();
        for (table, location) in &f.reads {
            match writer.get(table.as_str()) {
                Some((w, _)) if *w != f.path => {
                    entry.insert(w.to_string());
                }
                Some(_) => {}
                None if produced.contains(table) => {}
                None => {
                    return Err(Error::Plan {
                        location: location.clone(),
                        message: format!(
                            "reads `{table}`, which no earlier file or stage produces (declare it in external_tables if it exists outside the pipeline)"
                        ),
                    })
                }
            }
        }
    }
    // Kahn's algorithm by levels; what is left at the end lies on a cycle.
    let mut level_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut levels: Levels = Vec::new();
    let mut remaining: BTreeSet<String> = deps.keys().cloned().collect();
    while !remaining.is_empty() {
        let ready: Vec<String> = remaining
            .iter()
            .filter(|f| deps[*f].iter().all(|d| level_of.contains_key(d)))
            .cloned()
            .collect();
        if ready.is_empty() {
            return Err(cycle_error(files, &deps, &remaining));
        }
        for f in &ready {
            remaining.remove(f);
            level_of.insert(f.clone(), levels.len());
        }
        levels.push(ready);
    }
    let depends_on = deps.into_iter().map(|(f, d)| (f, d.into_iter().collect())).collect();
    Ok((levels, depends_on))
}

fn cycle_error(
    files: &[&FileAnalysis],
    deps: &BTreeMap<String, BTreeSet<String>>,
    remaining: &BTreeSet<String>,
) -> Error {
    // Walk dependencies inside the remaining set until a file repeats: that loop is the cycle.
    let mut path: Vec<String> = vec![remaining.iter().next().cloned().unwrap_or_default()];
    loop {
        let last = path.last().cloned().unwrap_or_default();
        let Some(next) = deps.get(&last).and_then(|d| d.iter().find(|x| remaining.contains(*x))) else {
            break;
        };
        if let Some(pos) = path.iter().position(|p| p == next) {
            path.drain(..pos);
            path.push(next.clone());
            break;
        }
        path.push(next.clone());
    }
    let first = files.iter().find(|f| f.path == path[0]);
    let location = first
        .and_then(|f| f.reads.values().next().or(f.writes.values().next()))
        .cloned()
        .unwrap_or_else(|| Location::new(&path[0], 1, 1));
    Error::Plan {
        location,
        message: format!(
            "dependency cycle between files: {} (each reads a table the next one writes)",
            path.join(" <- ")
        ),
    }
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

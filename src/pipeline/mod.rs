//! `pipelines.yaml`: the stages, the environments and their settings.
//!
//! Parsing is strict: unknown keys, wrong types, duplicate keys or stages, missing stage folders,
//! environments overriding settings or variables that `defaults` does not define, are all errors
//! located at `pipelines.yaml:LINE:COL`.
//!
//! Owns the pipeline's definition and the run-level values ([`run_values`]) that fill its
//! variables. May use: `error` only.

pub mod run_values;

use crate::error::{Error, Location, Result};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment that runs on this machine, on the embedded engine (`submit local`).
pub const LOCAL_ENV: &str = "local";

/// What EMR does when a step fails (the step's `ActionOnFailure`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FailureAction {
    Continue,
    TerminateCluster,
    CancelAndWait,
}

impl fmt::Display for FailureAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FailureAction::Continue => "CONTINUE",
            FailureAction::TerminateCluster => "TERMINATE_CLUSTER",
            FailureAction::CancelAndWait => "CANCEL_AND_WAIT",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum LogLevel {
    Debug,
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    /// A folder of HQL templates, run by Hive (or the local engine).
    Hql,
    /// Native code in pdmctl (flushes, metrics, dictionary cleaning, view materialisation).
    Builtin,
}

/// The builtin steps pdmctl knows, by their step names. A `kind: builtin` stage must be one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// Deletes the metrics of an earlier run (DESIGN §3).
    CourtesyFlush,
    /// Starts the metrics export.
    MetricsSetup,
    /// Rewrites the dictionary one JSON document per line.
    CleanDictionaryData,
    /// Materialises every view as an ORC table, then drops the view.
    CreateViewsTables,
    /// After the last scrape, deletes the run's pushgateway group.
    FlushGateway,
    /// Deletes the run's metrics.
    FlushS3,
}

impl Builtin {
    pub const ALL: [Builtin; 6] = [
        Builtin::CourtesyFlush,
        Builtin::MetricsSetup,
        Builtin::CleanDictionaryData,
        Builtin::CreateViewsTables,
        Builtin::FlushGateway,
        Builtin::FlushS3,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Builtin::CourtesyFlush => "courtesy-flush",
            Builtin::MetricsSetup => "metrics-setup",
            Builtin::CleanDictionaryData => "clean-dictionary-data",
            Builtin::CreateViewsTables => "create-views-tables",
            Builtin::FlushGateway => "flush-gateway",
            Builtin::FlushS3 => "flush-s3",
        }
    }

    pub fn parse(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The steps that clean up after a run, whatever its outcome: they run after a failure
    /// too, and their own failure never marks the run FAILED.
    pub fn is_cleanup(self) -> bool {
        matches!(self, Builtin::FlushGateway | Builtin::FlushS3)
    }

    /// Whether the step records gauges: the flushes do not, since a gauge of theirs would
    /// bring back the metrics they remove.
    pub fn records_gauges(self) -> bool {
        !matches!(self, Builtin::CourtesyFlush | Builtin::FlushGateway | Builtin::FlushS3)
    }
}

/// Whether a step of this name cleans up after the run (see [`Builtin::is_cleanup`]).
pub fn is_cleanup_step(name: &str) -> bool {
    Builtin::parse(name).is_some_and(Builtin::is_cleanup)
}

/// Whether a step of this name records gauges (see [`Builtin::records_gauges`]).
pub fn records_gauges(name: &str) -> bool {
    Builtin::parse(name).is_none_or(Builtin::records_gauges)
}

/// Retry policy for a failing HQL file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Retry {
    pub enabled: bool,
    pub attempts: u32,
    pub delay_seconds: u32,
}

impl Retry {
    /// How many times a file is tried in all: 1 when retries are off.
    pub fn max_attempts(&self) -> u32 {
        if self.enabled {
            self.attempts
        } else {
            1
        }
    }
}

/// The resolved settings of one environment: `defaults` with the environment's overrides.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Settings {
    pub region: String,
    pub run_record_table: String,
    pub parallelism: u32,
    pub retry: Retry,
    pub step_failure_action: FailureAction,
    pub initial_transactional_load: bool,
    pub create_hive_dynamo_table: bool,
    pub log_level: LogLevel,
    pub relaunch_max_retries: u32,
    /// Tables the pipeline reads but does not produce (they must exist before a run).
    pub external_tables: Vec<String>,
    /// Raw variable values, which may still contain `{name}` references.
    pub variables: BTreeMap<String, Variable>,
}

/// A variable as written in pipelines.yaml, with where it was written (for resolution errors).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Variable {
    pub value: String,
    #[serde(skip)]
    pub location: Location,
}

impl Settings {
    /// The value of a boolean setting named by a stage's `when:`.
    fn flag(&self, name: &str) -> Option<bool> {
        match name {
            "initial_transactional_load" => Some(self.initial_transactional_load),
            "create_hive_dynamo_table" => Some(self.create_hive_dynamo_table),
            _ => None,
        }
    }
}

const FLAG_SETTINGS: &[&str] = &["initial_transactional_load", "create_hive_dynamo_table"];

/// Variables every stage may receive without them being in `variables:`.
pub const IMPLICIT_VARIABLES: &[&str] = &[
    "environment",
    "region",
    "run_record_table",
    "export_date",
    "snapshot_type",
    "correlation_id",
    "data_dir",
];

#[derive(Debug, Clone, serde::Serialize)]
pub struct Stage {
    pub name: String,
    pub kind: StageKind,
    /// Folder under `sql/` holding the stage's templates (HQL stages only).
    pub folder: Option<String>,
    /// Name of the boolean setting that must be true for the stage to run.
    pub when: Option<String>,
    pub variables: Vec<String>,
    /// Overrides the environment's step failure action (the flush steps always continue).
    pub failure_action: Option<FailureAction>,
    /// For create-views-tables: the views to materialise.
    pub views: Vec<String>,
    /// Where the stage is declared in pipelines.yaml.
    #[serde(skip)]
    pub location: Location,
}

/// One environment, resolved.
#[derive(Debug, Clone)]
pub struct Environment {
    pub name: String,
    pub settings: Settings,
}

#[derive(Debug, Clone)]
pub struct Pipeline {
    /// Folder holding pipelines.yaml and sql/.
    pub root: PathBuf,
    /// Path of pipelines.yaml as given (used in error locations).
    pub file: String,
    pub stages: Vec<Stage>,
    /// Environments in the order pipelines.yaml lists them.
    pub environments: Vec<Environment>,
}

// ----- the file as written -----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    defaults: Spanned<RawSettings>,
    environments: Spanned<BTreeMap<String, Spanned<RawSettings>>>,
    stages: Spanned<Vec<Spanned<RawStage>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    region: Option<String>,
    run_record_table: Option<String>,
    parallelism: Option<Spanned<u32>>,
    retry: Option<RawRetry>,
    step_failure_action: Option<FailureAction>,
    initial_transactional_load: Option<bool>,
    create_hive_dynamo_table: Option<bool>,
    log_level: Option<LogLevel>,
    relaunch_max_retries: Option<u32>,
    external_tables: Option<Vec<String>>,
    variables: Option<BTreeMap<String, Spanned<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRetry {
    enabled: Option<bool>,
    attempts: Option<Spanned<u32>>,
    delay_seconds: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    name: Spanned<String>,
    kind: StageKind,
    folder: Option<Spanned<String>>,
    when: Option<Spanned<String>>,
    #[serde(default)]
    variables: Vec<Spanned<String>>,
    failure_action: Option<FailureAction>,
    views: Option<Vec<Spanned<String>>>,
}

impl Pipeline {
    /// Reads and checks `pipelines.yaml`; stage folders are looked up beside it under `sql/`.
    pub fn load(path: &Path) -> Result<Pipeline> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Pipeline::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Pipeline> {
        let file = path.display().to_string();
        let root = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let raw: RawFile = serde_saphyr::from_str(text).map_err(|e| yaml_error(&file, &e))?;
        let at = |loc: &serde_saphyr::Location| Location::new(&file, loc.line() as usize, loc.column() as usize);
        let config = |loc: &serde_saphyr::Location, message: String| Error::Config {
            location: at(loc),
            message,
        };

        let defaults = resolve_defaults(&raw.defaults, &at)?;

        let mut environments = Vec::new();
        for (name, overrides) in &raw.environments.value {
            check_name(name, "environment").map_err(|m| config(&overrides.referenced, m))?;
            let settings = apply_overrides(&defaults, &overrides.value, &raw.defaults.value, &at)?;
            environments.push((
                overrides.referenced.line(),
                Environment {
                    name: name.clone(),
                    settings,
                },
            ));
        }
        environments.sort_by_key(|(line, _)| *line);
        let environments: Vec<Environment> = environments.into_iter().map(|(_, e)| e).collect();
        if environments.is_empty() {
            return Err(config(
                &raw.environments.referenced,
                "no environments are defined".into(),
            ));
        }

        let known_variables: BTreeSet<&str> = defaults
            .variables
            .keys()
            .map(String::as_str)
            .chain(IMPLICIT_VARIABLES.iter().copied())
            .collect();
        let mut stages: Vec<Stage> = Vec::new();
        for raw_stage in &raw.stages.value {
            let s = &raw_stage.value;
            let name = s.name.value.clone();
            check_name(&name, "stage").map_err(|m| config(&s.name.referenced, m))?;
            if let Some(first) = stages.iter().find(|st| st.name == name) {
                return Err(config(
                    &s.name.referenced,
                    format!("duplicate stage `{name}` (first declared at {})", first.location),
                ));
            }
            let folder = match (s.kind, &s.folder) {
                (StageKind::Hql, None) => {
                    return Err(config(
                        &s.name.referenced,
                        format!("hql stage `{name}` needs a `folder`"),
                    ))
                }
                (StageKind::Builtin, Some(f)) => {
                    return Err(config(
                        &f.referenced,
                        format!("builtin stage `{name}` cannot have a `folder`"),
                    ))
                }
                (StageKind::Hql, Some(f)) => {
                    let dir = root.join("sql").join(&f.value);
                    if f.value.contains("..") || f.value.contains('/') || !dir.is_dir() {
                        return Err(config(
                            &f.referenced,
                            format!("stage `{name}`: folder `sql/{}` does not exist", f.value),
                        ));
                    }
                    Some(f.value.clone())
                }
                (StageKind::Builtin, None) => {
                    if Builtin::parse(&name).is_none() {
                        let known: Vec<&str> = Builtin::ALL.iter().map(|b| b.name()).collect();
                        return Err(config(
                            &s.name.referenced,
                            format!(
                                "builtin stage `{name}` is not one pdmctl knows (builtins: {})",
                                known.join(", ")
                            ),
                        ));
                    }
                    None
                }
            };
            if let Some(when) = &s.when {
                if !FLAG_SETTINGS.contains(&when.value.as_str()) {
                    return Err(config(
                        &when.referenced,
                        format!(
                            "stage `{name}`: `when: {}` is not a boolean setting (one of: {})",
                            when.value,
                            FLAG_SETTINGS.join(", ")
                        ),
                    ));
                }
            }
            let mut variables = Vec::new();
            for v in &s.variables {
                if !known_variables.contains(v.value.as_str()) {
                    return Err(config(
                        &v.referenced,
                        format!(
                            "stage `{name}`: variable `{}` is not defined in defaults.variables",
                            v.value
                        ),
                    ));
                }
                if variables.contains(&v.value) {
                    return Err(config(
                        &v.referenced,
                        format!("stage `{name}`: variable `{}` listed twice", v.value),
                    ));
                }
                variables.push(v.value.clone());
            }
            let views = match &s.views {
                None => Vec::new(),
                Some(list) => {
                    let mut views: Vec<String> = Vec::new();
                    for v in list {
                        check_name(&v.value, "view").map_err(|m| config(&v.referenced, m))?;
                        if views.contains(&v.value) {
                            return Err(config(&v.referenced, format!("view `{}` listed twice", v.value)));
                        }
                        views.push(v.value.clone());
                    }
                    views
                }
            };
            stages.push(Stage {
                name,
                kind: s.kind,
                folder,
                when: s.when.as_ref().map(|w| w.value.clone()),
                variables,
                failure_action: s.failure_action,
                views,
                location: at(&raw_stage.referenced),
            });
        }
        if stages.is_empty() {
            return Err(config(&raw.stages.referenced, "no stages are defined".into()));
        }

        Ok(Pipeline {
            root,
            file,
            stages,
            environments,
        })
    }

    /// The environment of that name, or an error listing the defined ones.
    pub fn environment(&self, name: &str) -> Result<&Environment> {
        self.environments.iter().find(|e| e.name == name).ok_or_else(|| {
            Error::input(
                "<ENV>",
                format!(
                    "unknown environment `{name}` (pipelines.yaml defines: {})",
                    self.environment_names().join(", ")
                ),
            )
        })
    }

    pub fn environment_names(&self) -> Vec<&str> {
        self.environments.iter().map(|e| e.name.as_str()).collect()
    }

    /// The stages that run in this environment, in order (stages whose `when` is false are absent).
    pub fn active_stages<'a>(&'a self, env: &'a Environment) -> impl Iterator<Item = &'a Stage> + 'a {
        self.stages.iter().filter(move |s| match &s.when {
            None => true,
            Some(flag) => env.settings.flag(flag).unwrap_or(false),
        })
    }

    pub fn stage_dir(&self, stage: &Stage) -> Option<PathBuf> {
        stage.folder.as_ref().map(|f| self.root.join("sql").join(f))
    }

    /// The step failure action of a stage in an environment.
    pub fn failure_action(&self, stage: &Stage, env: &Environment) -> FailureAction {
        stage.failure_action.unwrap_or(env.settings.step_failure_action)
    }
}

/// A step name as a command line gives it (checked before it reaches a message or a path).
pub fn check_step_name(name: &str) -> std::result::Result<(), String> {
    check_name(name, "step")
}

/// Environment, stage and view names become step names, folders and table names.
fn check_name(name: &str, what: &str) -> std::result::Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid {what} name `{name}`: use letters, digits, `_` and `-`, starting with a letter"
        ))
    }
}

fn resolve_defaults(raw: &Spanned<RawSettings>, at: &dyn Fn(&serde_saphyr::Location) -> Location) -> Result<Settings> {
    let d = &raw.value;
    let missing = |what: &str| Error::Config {
        location: at(&raw.referenced),
        message: format!("defaults: missing setting `{what}`"),
    };
    let retry = d.retry.as_ref().ok_or_else(|| missing("retry"))?;
    let settings = Settings {
        region: d.region.clone().ok_or_else(|| missing("region"))?,
        run_record_table: d.run_record_table.clone().ok_or_else(|| missing("run_record_table"))?,
        parallelism: d.parallelism.as_ref().ok_or_else(|| missing("parallelism"))?.value,
        retry: Retry {
            enabled: retry.enabled.ok_or_else(|| missing("retry.enabled"))?,
            attempts: retry.attempts.as_ref().ok_or_else(|| missing("retry.attempts"))?.value,
            delay_seconds: retry.delay_seconds.ok_or_else(|| missing("retry.delay_seconds"))?,
        },
        step_failure_action: d.step_failure_action.ok_or_else(|| missing("step_failure_action"))?,
        initial_transactional_load: d
            .initial_transactional_load
            .ok_or_else(|| missing("initial_transactional_load"))?,
        create_hive_dynamo_table: d
            .create_hive_dynamo_table
            .ok_or_else(|| missing("create_hive_dynamo_table"))?,
        log_level: d.log_level.ok_or_else(|| missing("log_level"))?,
        relaunch_max_retries: d.relaunch_max_retries.ok_or_else(|| missing("relaunch_max_retries"))?,
        external_tables: d.external_tables.clone().ok_or_else(|| missing("external_tables"))?,
        variables: d
            .variables
            .as_ref()
            .ok_or_else(|| missing("variables"))?
            .iter()
            .map(|(k, v)| {
                let variable = Variable {
                    value: v.value.clone(),
                    location: at(&v.referenced),
                };
                (k.clone(), variable)
            })
            .collect(),
    };
    check_ranges(d, at)?;
    Ok(settings)
}

fn apply_overrides(
    defaults: &Settings,
    o: &RawSettings,
    raw_defaults: &RawSettings,
    at: &dyn Fn(&serde_saphyr::Location) -> Location,
) -> Result<Settings> {
    check_ranges(o, at)?;
    let mut s = defaults.clone();
    if let Some(v) = &o.region {
        s.region = v.clone();
    }
    if let Some(v) = &o.run_record_table {
        s.run_record_table = v.clone();
    }
    if let Some(v) = &o.parallelism {
        s.parallelism = v.value;
    }
    if let Some(r) = &o.retry {
        if let Some(v) = r.enabled {
            s.retry.enabled = v;
        }
        if let Some(v) = &r.attempts {
            s.retry.attempts = v.value;
        }
        if let Some(v) = r.delay_seconds {
            s.retry.delay_seconds = v;
        }
    }
    if let Some(v) = o.step_failure_action {
        s.step_failure_action = v;
    }
    if let Some(v) = o.initial_transactional_load {
        s.initial_transactional_load = v;
    }
    if let Some(v) = o.create_hive_dynamo_table {
        s.create_hive_dynamo_table = v;
    }
    if let Some(v) = o.log_level {
        s.log_level = v;
    }
    if let Some(v) = o.relaunch_max_retries {
        s.relaunch_max_retries = v;
    }
    if let Some(v) = &o.external_tables {
        s.external_tables = v.clone();
    }
    if let Some(vars) = &o.variables {
        let defined = raw_defaults.variables.as_ref();
        for (k, v) in vars {
            if !defined.is_some_and(|d| d.contains_key(k)) {
                return Err(Error::Config {
                    location: at(&v.referenced),
                    message: format!("variable `{k}` is not defined in defaults.variables, so it cannot be overridden"),
                });
            }
            let variable = Variable {
                value: v.value.clone(),
                location: at(&v.referenced),
            };
            s.variables.insert(k.clone(), variable);
        }
    }
    Ok(s)
}

fn check_ranges(s: &RawSettings, at: &dyn Fn(&serde_saphyr::Location) -> Location) -> Result<()> {
    if let Some(p) = &s.parallelism {
        if p.value == 0 {
            return Err(Error::Config {
                location: at(&p.referenced),
                message: "parallelism must be at least 1".into(),
            });
        }
    }
    if let Some(a) = s.retry.as_ref().and_then(|r| r.attempts.as_ref()) {
        if a.value == 0 {
            return Err(Error::Config {
                location: at(&a.referenced),
                message: "retry.attempts must be at least 1 (1 = no retry)".into(),
            });
        }
    }
    Ok(())
}

/// One line from a YAML error: `pipelines.yaml:L:C: message`.
pub(crate) fn yaml_error(file: &str, err: &serde_saphyr::Error) -> Error {
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let text = err.without_snippet().to_string();
    let first = text.lines().next().unwrap_or("").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // The message repeats the position ("line 2 column 1: ..."); keep only what went wrong.
    let message = match first.split_once(": ") {
        Some((pos, rest)) if pos.starts_with("line ") => rest,
        _ => first,
    };
    // Some messages end with the position again (" at line 5, column 3").
    let message = match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => &message[..at],
        _ => message,
    };
    Error::Config {
        location: Location::new(file, line, column),
        message: message.to_string(),
    }
}

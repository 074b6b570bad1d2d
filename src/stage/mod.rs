//! `pdmctl stage <env> <step>`: one EMR step on the cluster. It runs the step from the bundle
//! that `pdmctl bootstrap` installed (installing it first if the cluster did not), with the
//! plan, policies and variables the manifest carries: HQL steps through the stage runner and
//! an executor (the Hive CLI on EMR), builtin steps as native code. Around the work it keeps
//! the run record (DESIGN §2), the metrics file and its S3 copy (§3), the optional pushgateway
//! gauge, and a JSON log on stderr.
//!
//! Who may write the record: a step of the run the record holds (`--run-id` equal to its
//! Run_Id, or the record's Cluster_Id being this cluster). A step of an older run is refused
//! before it does anything. A cluster that the deployed EMR launcher started after a failure
//! (its steps carry no `--run-id`) takes the failed run over: Run_Id + 1, resuming at the
//! failed step; the steps before it exit at once.
//!
//! Owns one step of a run: [`runner`] (files in dependency order, N at a time, retries),
//! [`executor`] and [`hive_cli`] (what runs a file), [`builtins`] (the native steps),
//! [`bootstrap`] (installing a bundle on a node) and [`log`] (the JSON log). May use: `error`,
//! `aws`, `pipeline`, `bundle`, `plan`, `tracker`, `metrics`.

pub mod bootstrap;
pub mod builtins;
pub mod executor;
pub mod hive_cli;
pub mod log;
pub mod options;
pub mod runner;

pub use options::{LauncherFlags, StageOptions, StageRequest};

use crate::aws::Aws;
use crate::bundle::Bundle;
use crate::error::{Error, Result};
use crate::metrics::outlet::{Outlet, Published};
use crate::metrics::pushgateway::{Pushgateway, RunStatus};
use crate::metrics::{Metrics, StepState};
use crate::pipeline::StageKind;
use crate::pipeline::{is_cleanup_step, records_gauges, Builtin};
use crate::stage::builtins::Builtins;
use crate::stage::executor::HqlExecutor;
use crate::stage::log::Log;
use crate::stage::runner::{run_stage, RunnerEvent};
use crate::tracker::dynamo_store::DynamoStore;
use crate::tracker::{Condition, RunRecord, RunRecordStore, Status, Tracker, TTL_SECONDS};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Makes the HQL executor once the bundle's folder is known (the Hive CLI runs files from it).
pub type MakeExecutor = dyn Fn(&Path, &Bundle) -> Result<Box<dyn HqlExecutor>>;

/// The region when neither the AWS configuration nor the environment gives one.
pub const DEFAULT_REGION: &str = crate::stage::bootstrap::DEFAULT_REGION;

/// Where EMR describes the cluster a node belongs to.
pub const JOB_FLOW_INFO: &str = "/mnt/var/lib/info/job-flow.json";

/// What the step did.
#[derive(Debug, Clone)]
pub struct StageReport {
    pub step: String,
    pub outcome: StepOutcome,
    pub run_id: u32,
    pub files: usize,
    pub elapsed: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    Completed,
    /// The run resumes at a later step; this one had already run.
    Skipped {
        resumes_at: String,
    },
    /// A cleanup step of a run that had already ended (FAILED or COMPLETED).
    CleanedUp {
        run_status: Status,
    },
}

impl StageReport {
    pub fn to_human(&self) -> String {
        match &self.outcome {
            StepOutcome::Completed => format!(
                "step `{}` COMPLETED (Run_Id {}): {} file(s) in {:.1}s\n",
                self.step,
                self.run_id,
                self.files,
                self.elapsed.as_secs_f64()
            ),
            StepOutcome::Skipped { resumes_at } => format!(
                "step `{}` skipped: Run_Id {} resumes at `{resumes_at}`\n",
                self.step, self.run_id
            ),
            StepOutcome::CleanedUp { run_status } => format!(
                "step `{}` cleaned up after the run ended {run_status} (record unchanged) in {:.1}s\n",
                self.step,
                self.elapsed.as_secs_f64()
            ),
        }
    }
}

/// The cluster this node belongs to, from EMR's job-flow.json (`PDMCTL_JOB_FLOW_INFO`
/// overrides the path); None off EMR.
pub fn this_cluster() -> Option<String> {
    let path = std::env::var_os("PDMCTL_JOB_FLOW_INFO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(JOB_FLOW_INFO));
    let text = std::fs::read_to_string(path).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    v["jobFlowId"].as_str().map(str::to_string)
}

/// The bundle of `manifest_uri`, installed under `home` if bootstrap did not (a cluster that
/// was running before the submit): nothing is fetched when it is installed and verifies.
pub fn load_bundle(aws: &Aws, home: &Path, manifest_uri: &str) -> Result<(PathBuf, Bundle)> {
    let dir = crate::stage::bootstrap::bundle_dir(home, manifest_uri).map_err(as_manifest_flag)?;
    let (_, bundle) = crate::stage::bootstrap::install_bundle(aws, manifest_uri, home)?;
    Ok((dir, bundle))
}

/// Bootstrap names its own flag (`--bundle`); here the URI came from `--manifest`.
fn as_manifest_flag(e: Error) -> Error {
    match e {
        Error::Input { message, .. } => Error::input("--manifest", message),
        other => other,
    }
}

/// Runs one step. `executor` makes the HQL executor once the bundle's folder is known.
pub fn run(aws: &Aws, opts: &StageOptions, executor: &MakeExecutor) -> Result<StageReport> {
    let started = Instant::now();
    let (dir, bundle) = load_bundle(aws, &opts.home, &opts.manifest_uri)?;
    if bundle.environment != opts.env {
        return Err(Error::input(
            "<ENV>",
            format!(
                "`{}`: the bundle {} was rendered for `{}`",
                opts.env, opts.manifest_uri, bundle.environment
            ),
        ));
    }
    let Some(index) = bundle.steps.iter().position(|s| s.name == opts.step) else {
        let names: Vec<&str> = bundle.steps.iter().map(|s| s.name.as_str()).collect();
        return Err(Error::input(
            "<STEP>",
            format!(
                "`{}` is not a step of this `{}` run (steps: {})",
                opts.step,
                opts.env,
                names.join(", ")
            ),
        ));
    };
    let log = Log::stderr(bundle.settings.log_level, &opts.env, &opts.correlation_id, &opts.step);
    let store = DynamoStore::new(aws, &bundle.settings.run_record_table);
    let cleanup = is_cleanup_step(&opts.step);

    let record = admit(&store, opts, &bundle, &log)?;
    let run_id = record.run_id;
    let report = |outcome, files| StageReport {
        step: opts.step.clone(),
        outcome,
        run_id,
        files,
        elapsed: started.elapsed(),
    };
    if record.status != Status::InProgress {
        // Only a cleanup step gets here (admit refuses the others): it cleans up and leaves
        // the record saying where the run ended.
        let ctx = Context::new(aws, opts, &bundle, &log, index)?;
        ctx.builtin(&bundle, &dir, executor)?;
        log.info(
            "step_cleaned_up",
            None,
            &[("run_status", record.status.as_str().into())],
        );
        return Ok(report(
            StepOutcome::CleanedUp {
                run_status: record.status,
            },
            0,
        ));
    }
    let at = bundle.steps.iter().position(|s| s.name == record.current_step);
    if at.is_some_and(|at| index < at) {
        log.info(
            "step_skipped",
            None,
            &[("resumes_at", record.current_step.clone().into())],
        );
        return Ok(report(
            StepOutcome::Skipped {
                resumes_at: record.current_step.clone(),
            },
            0,
        ));
    }

    let mut tracker = Tracker::new(&store, record);
    tracker.step_started(&opts.step)?;
    let mut ctx = Context::new(aws, opts, &bundle, &log, index)?;
    ctx.gauge(StepState::Running, started)?;
    log.info("step_started", None, &[("run_id", run_id.into())]);

    let step = &bundle.steps[index];
    let result = match step.kind {
        StageKind::Hql => ctx.hql(&bundle, &dir, executor),
        StageKind::Builtin => ctx.builtin(&bundle, &dir, executor),
    };
    let last_work_step = bundle.steps[index + 1..].iter().all(|s| is_cleanup_step(&s.name));
    let next = bundle.steps.get(index + 1).map(|s| s.name.clone());
    match result {
        Ok(()) => {
            ctx.gauge(StepState::Completed, started)?;
            if last_work_step && !cleanup {
                ctx.push(RunStatus::Completed);
            }
            match next {
                // Between steps the record names the next one, so a cluster lost in between
                // resumes there rather than redoing this one.
                Some(n) => tracker.step_started(&n)?,
                None => tracker.completed(&opts.step)?,
            }
            log.info(
                "step_completed",
                None,
                &[("elapsed_ms", (started.elapsed().as_millis() as u64).into())],
            );
            Ok(report(StepOutcome::Completed, step.files.len()))
        }
        Err(e) => {
            log.error("step_failed", None, &[("error", e.to_string().into())]);
            if cleanup {
                // The data is built; a failed flush is reported but does not fail the run.
                match next {
                    Some(n) => tracker.step_started(&n)?,
                    None => tracker.completed(&opts.step)?,
                }
            } else {
                ctx.gauge(StepState::Failed, started)?;
                ctx.push(RunStatus::Failed);
                tracker.step_failed(&opts.step)?;
            }
            Err(match e {
                Error::Step { .. } => e,
                other => Error::Step {
                    step: opts.step.clone(),
                    message: other.to_string(),
                },
            })
        }
    }
}

/// Checks that this step may act on the run and returns the record it acts on. A cluster
/// the deployed launcher started after a failure takes the run over here.
fn admit(store: &DynamoStore, opts: &StageOptions, bundle: &Bundle, log: &Log) -> Result<RunRecord> {
    let id = &opts.correlation_id;
    let record = store.get(id)?.ok_or_else(|| {
        Error::input(
            "--run",
            format!(
                "no run record for `{id}` in {}; steps run only for a submitted run",
                store.table()
            ),
        )
    })?;
    let differs = |flag: &str, given: &Option<String>, recorded: &str| -> Result<()> {
        match given {
            Some(g) if g != recorded => Err(Error::input(
                flag,
                format!("`{g}` differs from the run record's `{recorded}` for `{id}`; the step does not run"),
            )),
            _ => Ok(()),
        }
    };
    differs("--export_date", &opts.export_date, &record.date)?;
    differs("--s3_prefix", &opts.s3_prefix, &record.s3_prefix_analytical_dataset)?;
    differs("--snapshot_type", &opts.snapshot_type, &record.snapshot_type)?;
    if bundle.run.export_date != record.date {
        return Err(Error::input(
            "--manifest",
            format!(
                "the bundle was rendered for {} but run `{id}` exports {}; the step does not run",
                bundle.run.export_date, record.date
            ),
        ));
    }
    let cleanup = is_cleanup_step(&opts.step);
    let on_other_cluster = match (&opts.cluster_id, &record.cluster_id) {
        (Some(mine), Some(theirs)) => mine != theirs,
        _ => false,
    };
    match opts.run_id {
        Some(n) if n != record.run_id => {
            return Err(Error::refused(
                "--run-id",
                format!(
                    "this step belongs to Run_Id {n} of `{id}`, but the record is at Run_Id {} ({} at `{}`); a stale step does not run",
                    record.run_id, record.status, record.current_step
                ),
            ))
        }
        Some(_) => {}
        None if on_other_cluster && record.status == Status::Failed => {
            return take_over(store, record, opts, log);
        }
        None if on_other_cluster => {
            return Err(Error::refused(
                "--run",
                format!(
                    "run `{id}` is {} on cluster {}; this cluster does not take it over",
                    record.status,
                    record.cluster_id.as_deref().unwrap_or("?")
                ),
            ))
        }
        None => {}
    }
    if record.status != Status::InProgress && !cleanup {
        let hint = match record.status {
            Status::Failed => format!(
                "; rerun `pdmctl submit {} --correlation-id {id}` to resume at `{}`",
                opts.env, record.current_step
            ),
            _ => String::new(),
        };
        return Err(Error::refused(
            "--run",
            format!(
                "run `{id}` is {} at `{}` (Run_Id {}); `{}` does not run after that{hint}",
                record.status, record.current_step, record.run_id, opts.step
            ),
        ));
    }
    Ok(record)
}

/// The relaunch of DESIGN §2 when the deployed launcher started the cluster: the failed run
/// resumes at its failed step with Run_Id + 1 on this cluster (a conditional write, so of two
/// clusters only one takes it).
fn take_over(store: &DynamoStore, old: RunRecord, opts: &StageOptions, log: &Log) -> Result<RunRecord> {
    let mut next = old.clone();
    next.run_id = old.run_id + 1;
    next.status = Status::InProgress;
    next.cluster_id = opts.cluster_id.clone();
    next.time_to_exist = crate::tracker::now_epoch_seconds() + TTL_SECONDS;
    if !store.put(&next, Condition::RunIdAndStatusIs(old.run_id, Status::Failed))? {
        return Err(Error::refused(
            "--run",
            format!(
                "run `{}` was taken over by another cluster at the same time",
                old.correlation_id
            ),
        ));
    }
    log.info(
        "run_taken_over",
        None,
        &[
            ("run_id", next.run_id.into()),
            ("resumes_at", next.current_step.clone().into()),
            ("previous_cluster", old.cluster_id.clone().unwrap_or_default().into()),
        ],
    );
    Ok(next)
}

/// What a step works with besides the record: the metrics file and where it is published
/// (S3, the pushgateway), the log.
struct Context<'a> {
    aws: &'a Aws,
    opts: &'a StageOptions,
    log: &'a Log,
    metrics: Metrics,
    /// The step's position in the run, 1-based (the gauges' step id).
    step_id: usize,
    outlet: Published<'a>,
}

impl<'a> Context<'a> {
    fn new(aws: &'a Aws, opts: &'a StageOptions, bundle: &Bundle, log: &'a Log, index: usize) -> Result<Self> {
        let metrics = Metrics::open(&opts.metrics_file).unwrap_or_else(|e| {
            log.warn("metrics_reset", None, &[("error", e.to_string().into())]);
            Metrics::new(&opts.metrics_file)
        });
        let bucket = bundle
            .variables
            .get("published_bucket")
            .cloned()
            .ok_or_else(|| Error::variable("published_bucket", "the bundle does not define it"))?;
        let pushgateway = match bundle.variables.get("pushgateway").map(String::as_str) {
            None | Some("") => None,
            Some(url) => Some(Pushgateway::parse(url)?),
        };
        let scrape_pause = match bundle.variables.get("metrics_scrape_pause_seconds") {
            None => Duration::ZERO,
            Some(s) => Duration::from_secs(s.parse().map_err(|_| {
                Error::variable(
                    "metrics_scrape_pause_seconds",
                    format!("`{s}` is not a number of seconds"),
                )
            })?),
        };
        Ok(Context {
            aws,
            opts,
            log,
            metrics,
            step_id: index + 1,
            outlet: Published {
                aws,
                bucket,
                pushgateway,
                environment: opts.env.clone(),
                correlation_id: opts.correlation_id.clone(),
                scrape_pause,
            },
        })
    }

    /// Records the step's state and publishes the file (not for the flushes: see
    /// [`records_gauges`]).
    fn gauge(&mut self, state: StepState, started: Instant) -> Result<()> {
        if !records_gauges(&self.opts.step) {
            return Ok(());
        }
        let minutes = started.elapsed().as_secs_f64() / 60.0;
        self.metrics.step(self.step_id, &self.opts.step, state, minutes)?;
        self.outlet.publish(&self.metrics)
    }

    /// The run-status gauge; a pushgateway that is down is logged, never fails the run.
    fn push(&self, status: RunStatus) {
        if let Err(e) = self.outlet.push(status) {
            self.log
                .warn("pushgateway_failed", None, &[("error", e.to_string().into())]);
        }
    }

    fn hql(&self, bundle: &Bundle, dir: &Path, executor: &MakeExecutor) -> Result<()> {
        let plan = crate::plan::step_from_bundle(bundle, &self.opts.step).expect("the step is in the bundle");
        let executor = executor(dir, bundle)?;
        let log = self.log;
        let observe = |e: RunnerEvent| log.runner_event(&e);
        let outcome = run_stage(&plan, bundle, executor.as_ref(), &observe);
        outcome.into_result(&self.opts.step, plan.retry.max_attempts())
    }

    fn builtin(&self, bundle: &Bundle, dir: &Path, executor: &MakeExecutor) -> Result<()> {
        let builtin = Builtin::parse(&self.opts.step).ok_or_else(|| {
            Error::input(
                "<STEP>",
                format!(
                    "`{}` is a builtin step this pdmctl does not know; update pdmctl",
                    self.opts.step
                ),
            )
        })?;
        let hql = match builtin {
            Builtin::CreateViewsTables => Some(executor(dir, bundle)?),
            _ => None,
        };
        let log = self.log;
        let note = |event: &str, fields: Vec<(&str, serde_json::Value)>| log.info(event, None, &fields);
        Builtins {
            bundle,
            metrics: &self.metrics,
            outlet: &self.outlet,
            aws: Some(self.aws),
            executor: hql.as_deref(),
            note: &note,
        }
        .run(builtin)
    }
}

//! `pdmctl submit local`: the whole pipeline on one machine. The same plan and stage runner as
//! on the cluster, the embedded engine as executor, the run record in a file of the
//! warehouse (same rules as DynamoDB: Run_Id, resume at the failed step, refusals), and
//! local versions of the builtin steps.
//!
//! May use: `pipeline`, `plan`, `tracker`, `metrics`, `stage`, the engine.

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::metrics::outlet::FileOnly;
use crate::metrics::{Metrics, StepState};
use crate::pipeline::run_values::RunValues;
use crate::pipeline::{records_gauges, Builtin, StageKind, LOCAL_ENV};
use crate::plan::project::Project;
use crate::plan::PlanStep;
use crate::stage::builtins::Builtins;
use crate::stage::executor::HqlExecutor;
use crate::stage::runner::{run_stage, RunnerEvent};
use crate::tracker::{claim, FileStore, RunRequest, Tracker};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub struct LocalOptions {
    pub warehouse: PathBuf,
    pub from: Option<String>,
    pub restart: bool,
}

/// How the run went, for the summary.
#[derive(Debug, Clone)]
pub struct LocalSummary {
    pub correlation_id: String,
    pub run_id: u32,
    pub resumed_at: Option<String>,
    pub steps: Vec<StepReport>,
    /// Rows of every model table and every materialised view.
    pub row_counts: Vec<(String, u64)>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct StepReport {
    pub name: String,
    pub files: usize,
    pub elapsed: Duration,
}

/// Where progress goes: a progress display on a terminal, plain lines otherwise.
pub trait Progress: Sync {
    fn step_started(&self, index: usize, total: usize, step: &PlanStep);
    fn file_event(&self, event: &RunnerEvent);
    fn step_finished(&self, step: &PlanStep, elapsed: Duration);
}

/// Runs the pipeline locally. On failure the run record says FAILED at the failing step and
/// the error names the file and statement.
pub fn submit(
    project: &Project,
    run: &RunValues,
    options: &LocalOptions,
    progress: &dyn Progress,
) -> Result<LocalSummary> {
    let data = Path::new(&run.data_dir);
    if !data.is_dir() {
        return Err(Error::input(
            "--data",
            format!("{} is not a folder (the sample data is in sample/)", data.display()),
        ));
    }
    let (bundle, plan) = project.plan(LOCAL_ENV, run, None)?;
    let engine = Engine::open(&options.warehouse)?;
    let store = FileStore::new(&options.warehouse.join("run-records.json"));
    let correlation_id = run.correlation_id_or_default(LOCAL_ENV);
    let steps = plan.step_names();
    let claimed = claim(
        &store,
        &RunRequest::new(
            &correlation_id,
            &bundle,
            &steps,
            options.from.as_deref(),
            options.restart,
        ),
    )?;
    let start_at = claimed.start_step().to_string();
    let mut tracker = Tracker::new(&store, claimed.record.clone());
    let mut metrics = Metrics::new(&options.warehouse.join("metrics").join("pdm-metrics.json"));
    let first = plan.position(&start_at).expect("claimed step is a plan step");

    let mut reports = Vec::new();
    for (index, step) in plan.steps.iter().enumerate().skip(first) {
        tracker.step_started(&step.name)?;
        progress.step_started(index + 1, plan.steps.len(), step);
        let started = Instant::now();
        let gauges = records_gauges(&step.name);
        if gauges {
            metrics.step(index + 1, &step.name, StepState::Running, 0.0)?;
        }
        let outcome = run_step(step, &bundle, &engine, &metrics, progress);
        let elapsed = started.elapsed();
        if let Err(e) = outcome {
            tracker.step_failed(&step.name)?;
            metrics.step(index + 1, &step.name, StepState::Failed, elapsed.as_secs_f64() / 60.0)?;
            return Err(match e {
                Error::Step { .. } => e,
                other => Error::Step {
                    step: step.name.clone(),
                    message: other.to_string(),
                },
            });
        }
        if gauges {
            metrics.step(
                index + 1,
                &step.name,
                StepState::Completed,
                elapsed.as_secs_f64() / 60.0,
            )?;
        }
        progress.step_finished(step, elapsed);
        reports.push(StepReport {
            name: step.name.clone(),
            files: step.file_count(),
            elapsed,
        });
    }
    let last = plan.steps.last().map(|s| s.name.clone()).unwrap_or_default();
    tracker.completed(&last)?;

    let mut row_counts = Vec::new();
    let var = |name: &str| bundle.variables.get(name).cloned().unwrap_or_default();
    let (model_db, uc_db) = (var("model_database"), var("uc_database"));
    for table in engine.tables() {
        let db = table.split('.').next().unwrap_or_default();
        if db == model_db || db == uc_db || engine.is_view(&table) {
            row_counts.push((table.clone(), engine.row_count(&table)?));
        }
    }
    Ok(LocalSummary {
        correlation_id,
        run_id: tracker.record().run_id,
        resumed_at: claimed.resumed.then(|| start_at.clone()),
        steps: reports,
        row_counts,
        warnings: engine.take_warnings(),
    })
}

/// Runs one step: HQL through the stage runner on the engine, builtins as on the cluster
/// with the metrics kept in the warehouse only.
fn run_step(
    step: &PlanStep,
    bundle: &crate::bundle::Bundle,
    engine: &Engine,
    metrics: &Metrics,
    progress: &dyn Progress,
) -> Result<()> {
    match step.kind {
        StageKind::Hql => {
            let observe = |e: RunnerEvent| progress.file_event(&e);
            run_stage(step, bundle, engine as &dyn HqlExecutor, &observe)
                .into_result(&step.name, step.retry.max_attempts())
        }
        StageKind::Builtin => {
            let builtin = Builtin::parse(&step.name).ok_or_else(|| {
                Error::input(
                    "<STEP>",
                    format!("`{}` is a builtin step this pdmctl does not know", step.name),
                )
            })?;
            Builtins {
                bundle,
                metrics,
                outlet: &FileOnly,
                aws: None,
                executor: Some(engine),
                note: &|_, _| {},
            }
            .run(builtin)
        }
    }
}

/// A query of the local warehouse (`pdmctl query local SQL`).
pub fn query(env: &str, warehouse: &Path, sql: &str) -> Result<(SchemaRef, Vec<RecordBatch>)> {
    if env != LOCAL_ENV {
        return Err(Error::input(
            "<ENV>",
            format!("`{env}`: only the local warehouse can be queried"),
        ));
    }
    // The engine records what exists in its catalog; without one there is nothing to query.
    if !warehouse.join("catalog.json").is_file() {
        return Err(Error::input(
            "--warehouse",
            format!(
                "{} holds no warehouse yet; run `pdmctl submit local` first",
                warehouse.display()
            ),
        ));
    }
    let engine = Engine::open(warehouse)?;
    engine.query(sql)
}

/// A progress bar per stage on a terminal (files done of the stage's files); failures and
/// retries still print as lines. `NO_COLOR` turns colour off, as everywhere.
pub struct ProgressBars {
    bar: std::sync::Mutex<Option<indicatif::ProgressBar>>,
}

impl ProgressBars {
    /// Bars when stderr is a terminal, plain lines otherwise.
    pub fn for_stderr() -> Box<dyn Progress> {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() {
            Box::new(ProgressBars {
                bar: std::sync::Mutex::new(None),
            })
        } else {
            Box::new(LinePrinter)
        }
    }
}

impl Progress for ProgressBars {
    fn step_started(&self, index: usize, total: usize, step: &PlanStep) {
        let files = step.file_count().max(1) as u64;
        let bar = indicatif::ProgressBar::new(files);
        let color = std::env::var_os("NO_COLOR").is_none();
        let template = if color {
            "{prefix:>7} {msg:<28} [{bar:30.cyan/blue}] {pos}/{len} {elapsed}"
        } else {
            "{prefix:>7} {msg:<28} [{bar:30}] {pos}/{len} {elapsed}"
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(format!("[{index}/{total}]"));
        bar.set_message(step.name.clone());
        *self.bar.lock().expect("progress bar") = Some(bar);
    }

    fn file_event(&self, event: &RunnerEvent) {
        let guard = self.bar.lock().expect("progress bar");
        let Some(bar) = guard.as_ref() else { return };
        match event {
            RunnerEvent::Finished { .. } => bar.inc(1),
            RunnerEvent::Retrying {
                file, attempt, error, ..
            } => bar.println(format!("        {file}: attempt {attempt} failed, retrying: {error}")),
            RunnerEvent::Failed {
                file, attempts, error, ..
            } => bar.println(format!("        {file}: failed after {attempts} attempt(s): {error}")),
            RunnerEvent::Started { .. } => {}
        }
    }

    fn step_finished(&self, step: &PlanStep, _elapsed: Duration) {
        if let Some(bar) = self.bar.lock().expect("progress bar").take() {
            if step.kind == StageKind::Builtin {
                bar.inc(1);
            }
            bar.finish();
        }
    }
}

/// Plain progress lines on stderr (the summary goes to stdout).
pub struct LinePrinter;

impl Progress for LinePrinter {
    fn step_started(&self, index: usize, total: usize, step: &PlanStep) {
        let files = match step.kind {
            StageKind::Hql => format!(" ({} files)", step.file_count()),
            StageKind::Builtin => String::new(),
        };
        eprintln!("[{index:>2}/{total}] {}{files}", step.name);
    }

    fn file_event(&self, event: &RunnerEvent) {
        match event {
            RunnerEvent::Retrying {
                file, attempt, error, ..
            } => {
                eprintln!("        {file}: attempt {attempt} failed, retrying: {error}")
            }
            RunnerEvent::Failed {
                file, attempts, error, ..
            } => {
                eprintln!("        {file}: failed after {attempts} attempt(s): {error}")
            }
            RunnerEvent::Started { .. } | RunnerEvent::Finished { .. } => {}
        }
    }

    fn step_finished(&self, step: &PlanStep, elapsed: Duration) {
        eprintln!("        {} done in {:.1}s", step.name, elapsed.as_secs_f64());
    }
}

impl LocalSummary {
    pub fn to_human(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out);
        let resumed = match &self.resumed_at {
            Some(step) => format!(", resumed at `{step}`"),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "Run `{}` COMPLETED (Run_Id {}{resumed})",
            self.correlation_id, self.run_id
        );
        let total: Duration = self.steps.iter().map(|s| s.elapsed).sum();
        let _ = writeln!(out, "\nSteps ({:.1}s in all):", total.as_secs_f64());
        for s in &self.steps {
            let files = if s.files > 0 {
                format!("{} files", s.files)
            } else {
                "builtin".to_string()
            };
            let _ = writeln!(out, "  {:<28} {:>8.2}s  {files}", s.name, s.elapsed.as_secs_f64());
        }
        let _ = writeln!(out, "\nRows:");
        for (table, rows) in &self.row_counts {
            let _ = writeln!(out, "  {table:<52} {rows:>9}");
        }
        for w in &self.warnings {
            let _ = writeln!(out, "\nwarning: {w}");
        }
        out
    }
}

//! `pdmctl submit <env>` for the AWS environments, in an order that leaves nothing half-done:
//! inputs are validated before any AWS call; the pipeline is rendered, planned and linted; the
//! run record is claimed (DESIGN §2 rules, shared with local via `run_record::claim`); the
//! metrics object of an earlier run is deleted (the courtesy flush of DESIGN §3, so nothing
//! stale is scraped while the cluster gets to the step); the bundle is uploaded; the record
//! gets the cluster; the steps from the start step on are added in one AddJobFlowSteps call.
//! A failure after the claim sets the record back to FAILED at the start step, so a rerun
//! resumes there.

use crate::aws::Aws;
use crate::dynamo_store::DynamoStore;
use crate::emr::{self, Step, StepContext};
use crate::error::{Error, Result};
use crate::run_record::{claim, Condition, RunRecord, RunRecordStore, RunRequest, Tracker};
use crate::run_values::{resolve_variables, RunValues};
use crate::upload::{self, Upload};
use crate::Project;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct SubmitOptions {
    pub env: String,
    pub cluster_id: Option<String>,
    pub from: Option<String>,
    pub restart: bool,
    pub dry_run: bool,
}

/// What a submit did (or, with `--dry-run`, would do).
#[derive(Debug, Clone)]
pub struct SubmitReport {
    pub environment: String,
    pub dry_run: bool,
    pub cluster_id: String,
    pub record: RunRecord,
    pub resumed: bool,
    pub bucket: String,
    pub manifest_uri: String,
    /// The metrics object the courtesy flush deletes (or would delete).
    pub metrics_object: String,
    pub bundle_objects: usize,
    /// Keys uploaded (or to upload), the manifest last.
    pub uploaded: Vec<String>,
    pub steps: Vec<Step>,
    /// EMR's ids of the added steps (empty in a dry run).
    pub step_ids: Vec<String>,
    pub calls: String,
    pub calls_by_operation: std::collections::BTreeMap<String, u32>,
}

/// The correlation id when none is given: one run per environment and export date.
pub fn default_correlation_id(env: &str, run: &RunValues) -> String {
    format!("{env}-{}", run.export_date)
}

pub fn submit(project: &Project, config: &Path, run: &RunValues, opts: &SubmitOptions) -> Result<SubmitReport> {
    let cluster_id = match &opts.cluster_id {
        Some(c) => emr::validate_cluster_id(c).map_err(|m| Error::input("--cluster-id", m))?,
        None => {
            return Err(Error::input(
                "--cluster-id",
                format!(
                    "required for `{}`: pdmctl adds the steps to a running cluster (creating one is not built yet)",
                    opts.env
                ),
            ))
        }
    };
    let env = project.pipeline.environment(&opts.env)?;
    let (bundle, plan) = project.plan(&opts.env, run, None)?;
    let report = crate::lint::lint_pipeline(config, std::slice::from_ref(&opts.env))?;
    if report.errors() > 0 {
        return Err(Error::input(
            "<ENV>",
            format!(
                "lint found {} error(s) in `{}`; nothing was submitted (see `pdmctl lint --env {}`)",
                report.errors(),
                opts.env,
                opts.env
            ),
        ));
    }
    let variables = resolve_variables(env, run)?;
    let bucket = variables
        .get("config_bucket")
        .ok_or_else(|| Error::input("<ENV>", format!("`{}` defines no config_bucket variable", opts.env)))?;
    let s3_prefix = variables.get("s3_prefix").cloned().unwrap_or_default();
    let published = variables
        .get("published_bucket")
        .ok_or_else(|| Error::input("<ENV>", format!("`{}` defines no published_bucket variable", opts.env)))?;
    let correlation_id = run
        .correlation_id
        .clone()
        .unwrap_or_else(|| default_correlation_id(&opts.env, run));
    let steps: Vec<String> = plan.steps.iter().map(|s| s.name.clone()).collect();

    let aws = Aws::connect(&env.settings.region)?;
    let dynamo = DynamoStore::new(&aws, &env.settings.run_record_table);
    let dry = DryRun(&dynamo);
    let store: &dyn RunRecordStore = if opts.dry_run { &dry } else { &dynamo };
    let claimed = claim(
        store,
        &RunRequest {
            correlation_id: &correlation_id,
            date: &run.export_date,
            s3_prefix_analytical_dataset: &s3_prefix,
            s3_prefix_snapshots: None,
            snapshot_type: &run.snapshot_type,
            steps: &steps,
            from: opts.from.as_deref(),
            restart: opts.restart,
        },
    )?;
    let start = claimed.start_step().to_string();
    let mut tracker = Tracker::new(store, claimed.record.clone());
    let result = (|| -> Result<SubmitReport> {
        let r = tracker.record().clone();
        // A resume finishes the same export: render with the record's inputs if they differ.
        let resumed_run;
        let (bundle, plan) = if claimed.resumed
            && (r.date != run.export_date
                || r.s3_prefix_analytical_dataset != s3_prefix
                || r.snapshot_type != run.snapshot_type)
        {
            resumed_run = RunValues::new(
                Some(&r.date),
                Some(&r.s3_prefix_analytical_dataset),
                Some(&r.snapshot_type),
                Some(&correlation_id),
                None,
            )?;
            project.plan(&opts.env, &resumed_run, None)?
        } else {
            (bundle, plan)
        };
        let up = Upload::new(&bundle, bucket);
        let manifest_uri = up.manifest_uri();
        let ctx = StepContext {
            environment: &opts.env,
            correlation_id: &correlation_id,
            run_id: r.run_id,
            manifest_uri: &manifest_uri,
            s3_prefix: &r.s3_prefix_analytical_dataset,
            snapshot_type: &r.snapshot_type,
            export_date: &r.date,
        };
        let first = plan
            .steps
            .iter()
            .position(|s| s.name == start)
            .expect("claim starts at a plan step");
        let steps: Vec<Step> = plan.steps[first..]
            .iter()
            .map(|s| emr::step(&ctx, &s.name, s.failure_action))
            .collect();
        let (uploaded, step_ids) = if opts.dry_run {
            (
                upload::pending(&aws, &up)?.into_iter().map(|o| o.key).collect(),
                Vec::new(),
            )
        } else {
            delete_metrics_object(&aws, published)?;
            let uploaded = upload::upload(&aws, &up)?.uploaded;
            tracker.set_cluster(&cluster_id)?;
            (uploaded, emr::add_steps(&aws, &cluster_id, &steps)?)
        };
        Ok(SubmitReport {
            environment: opts.env.clone(),
            dry_run: opts.dry_run,
            cluster_id: cluster_id.clone(),
            record: tracker.record().clone(),
            resumed: claimed.resumed,
            bucket: bucket.clone(),
            manifest_uri: manifest_uri.clone(),
            metrics_object: format!("s3://{published}/{METRICS_KEY}"),
            bundle_objects: up.files.len() + 1,
            uploaded,
            steps,
            step_ids,
            calls: aws.calls.to_string(),
            calls_by_operation: aws.calls.snapshot(),
        })
    })();
    match result {
        Ok(report) => Ok(report),
        Err(e) if opts.dry_run => Err(e),
        Err(e) => {
            let undo = match tracker.step_failed(&start) {
                Ok(()) => format!("the run record is set back to FAILED at `{start}`, so a rerun resumes there"),
                Err(e2) => format!("setting the run record back to FAILED also failed: {e2}"),
            };
            Err(Error::aws(
                format!("submit `{correlation_id}`"),
                format!("{e}; no step was added; {undo}"),
            ))
        }
    }
}

/// The object the Prometheus JSON exporter scrapes (DESIGN §3).
pub const METRICS_KEY: &str = "metrics/pdm-metrics.json";

/// Deletes the metrics object; deleting one that is not there succeeds, as S3 does.
fn delete_metrics_object(aws: &Aws, bucket: &str) -> Result<()> {
    aws.block_on(aws.s3.delete_object().bucket(bucket).key(METRICS_KEY).send())
        .map_err(|e| {
            Error::aws(
                format!("S3 DeleteObject s3://{bucket}/{METRICS_KEY}"),
                crate::aws::describe(&e),
            )
        })?;
    Ok(())
}

/// A dry run reads the real record, so it shows the claim's decision, and writes nothing.
struct DryRun<'a>(&'a dyn RunRecordStore);

impl RunRecordStore for DryRun<'_> {
    fn get(&self, correlation_id: &str) -> Result<Option<RunRecord>> {
        self.0.get(correlation_id)
    }

    fn put(&self, _record: &RunRecord, _condition: Condition) -> Result<bool> {
        Ok(true)
    }
}

impl SubmitReport {
    pub fn to_json(&self) -> serde_json::Value {
        let steps: Vec<serde_json::Value> = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                serde_json::json!({
                    "name": s.name,
                    "action_on_failure": s.action_on_failure,
                    "jar": s.jar,
                    "args": s.args,
                    "id": self.step_ids.get(i),
                })
            })
            .collect();
        serde_json::json!({
            "environment": self.environment,
            "dry_run": self.dry_run,
            "cluster_id": self.cluster_id,
            "resumed": self.resumed,
            "record": self.record,
            "manifest": self.manifest_uri,
            "metrics_object": self.metrics_object,
            "bundle_objects": self.bundle_objects,
            "uploaded": self.uploaded.iter().map(|k| format!("s3://{}/{k}", self.bucket)).collect::<Vec<_>>(),
            "steps": steps,
            "aws_calls": self.calls_by_operation,
        })
    }

    pub fn to_human(&self) -> String {
        let mut o = String::new();
        let r = &self.record;
        let verb = if self.dry_run { "Would submit" } else { "Submitted" };
        let how = if self.resumed {
            format!("resuming at `{}`", r.current_step)
        } else {
            format!("starting at `{}`", r.current_step)
        };
        let _ = writeln!(
            o,
            "{verb} `{}` run `{}` (Run_Id {}, {how}) to cluster {}",
            self.environment, r.correlation_id, r.run_id, self.cluster_id
        );
        if self.resumed {
            // The resume finishes the recorded export, whatever the command line said.
            let _ = writeln!(
                o,
                "Inputs from the run record: date {}, ADG prefix {}, {} snapshot",
                r.date, r.s3_prefix_analytical_dataset, r.snapshot_type
            );
        }
        let verb = if self.dry_run { "to upload" } else { "uploaded" };
        let _ = writeln!(
            o,
            "Bundle: {} objects in s3://{}, {} {verb}; manifest {}",
            self.bundle_objects,
            self.bucket,
            self.uploaded.len(),
            self.manifest_uri
        );
        if self.dry_run {
            let _ = writeln!(o, "  delete {} (courtesy flush)", self.metrics_object);
            for k in &self.uploaded {
                let _ = writeln!(o, "  upload s3://{}/{k}", self.bucket);
            }
        }
        let _ = writeln!(o, "Steps ({}):", self.steps.len());
        for (i, s) in self.steps.iter().enumerate() {
            let id = self.step_ids.get(i).map(String::as_str).unwrap_or("-");
            let _ = writeln!(o, "  {:<28} {:<18} {id}", s.name, s.action_on_failure);
            if self.dry_run {
                let _ = writeln!(o, "    {} {}", s.jar, s.args.join(" "));
            }
        }
        if self.dry_run {
            let _ = writeln!(o, "Dry run: nothing was written, uploaded or submitted.");
        }
        let _ = writeln!(o, "AWS calls: {}", self.calls);
        o
    }
}

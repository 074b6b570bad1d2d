//! `pdmctl submit <env>` for the AWS environments, in an order that leaves nothing half-done:
//! inputs are validated before any AWS call; the pipeline is rendered, planned and linted (and
//! without `--cluster-id`, the cluster templates rendered, so their errors come before any AWS
//! call too); the run record is claimed (DESIGN §2 rules, shared with local via
//! `tracker::claim`); the metrics object of an earlier run is deleted (the courtesy flush of
//! DESIGN §3, so nothing stale is scraped while the cluster gets to the step); the bundle is
//! uploaded. Then either the record gets the given cluster and the steps from the start step on
//! are added in one AddJobFlowSteps call, or the bootstrap script is uploaded and RunJobFlow
//! creates a cluster with those steps, and the record gets its id. A failure after the claim
//! sets the record back to FAILED at the start step, so a rerun resumes there.

use crate::aws::{s3, Aws};
use crate::backend::emr::cluster::{self, ClusterLaunch, ClusterRun, ClusterTemplates};
use crate::backend::emr::steps::{self, Step};
use crate::backend::emr::upload;
use crate::bundle::bucket::Upload;
use crate::error::{Error, Result};
use crate::metrics::METRICS_KEY;
use crate::pipeline::run_values::RunValues;
use crate::plan::project::Project;
use crate::tracker::dynamo_store::DynamoStore;
use crate::tracker::{claim, Condition, RunRecord, RunRecordStore, RunRequest, Tracker};
use std::fmt::Write as _;

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
    /// The cluster the steps went to; empty in a dry run that would create one.
    pub cluster_id: String,
    /// The cluster this submit created (or, in a dry run, would create).
    pub created: Option<ClusterLaunch>,
    /// True when the bootstrap script was uploaded (or, in a dry run, would be).
    pub bootstrap_uploaded: bool,
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

pub fn submit(project: &Project, run: &RunValues, opts: &SubmitOptions) -> Result<SubmitReport> {
    let given_cluster = opts
        .cluster_id
        .as_deref()
        .map(|c| steps::validate_cluster_id(c).map_err(|m| Error::input("--cluster-id", m)))
        .transpose()?;
    let env = project.pipeline.environment(&opts.env)?;
    let (bundle, plan) = project.plan(&opts.env, run, None)?;
    // The bundle just rendered is the one linted: nothing is loaded or rendered again.
    let report = crate::lint::lint_bundle(project, &bundle)?;
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
    let variable = |name: &str| {
        bundle
            .variables
            .get(name)
            .cloned()
            .ok_or_else(|| Error::variable(name, format!("`{}` does not define it", opts.env)))
    };
    let bucket = &variable("config_bucket")?;
    let published = &variable("published_bucket")?;
    let correlation_id = run.correlation_id_or_default(&opts.env);
    let step_names = plan.step_names();
    let templates = match given_cluster {
        Some(_) => None,
        None => Some(ClusterTemplates::load(&project.pipeline)?),
    };
    // The cluster a new run would get: the templates' errors come before any AWS call.
    if let Some(t) = &templates {
        t.first_run(env, &bundle, &correlation_id)?;
    }

    let aws = Aws::connect(&env.settings.region)?;
    // A cluster whose bootstrap cannot download pdmctl dies before its first step: check the
    // binary is there before anything is claimed.
    if templates.is_some() {
        cluster::check_binary(&aws, &bundle.variables)?;
    }
    let dynamo = DynamoStore::new(&aws, &env.settings.run_record_table);
    let dry = DryRun(&dynamo);
    let store: &dyn RunRecordStore = if opts.dry_run { &dry } else { &dynamo };
    let claimed = claim(
        store,
        &RunRequest::new(
            &correlation_id,
            &bundle,
            &step_names,
            opts.from.as_deref(),
            opts.restart,
        ),
    )?;
    let start = claimed.start_step().to_string();
    let mut tracker = Tracker::new(store, claimed.record.clone());
    let result = (|| -> Result<SubmitReport> {
        let r = tracker.record().clone();
        // A resume finishes the same export: render with the record's inputs if they differ.
        let resumed = r.run_values()?;
        let same_export = resumed.export_date == bundle.run.export_date
            && resumed.snapshot_type == bundle.run.snapshot_type
            && resumed.s3_prefix.as_deref() == bundle.variables.get("s3_prefix").map(String::as_str);
        let bundle = if claimed.resumed && !same_export {
            project.plan(&opts.env, &resumed, None)?.0
        } else {
            bundle
        };
        let up = Upload::new(&bundle, bucket);
        let manifest_uri = up.manifest_uri();
        let steps = steps::for_run(&bundle, &correlation_id, r.run_id, &manifest_uri, &start);
        let launch = match &templates {
            None => None,
            Some(t) => Some(t.render(
                &bundle,
                &ClusterRun {
                    correlation_id: &correlation_id,
                    run_id: r.run_id,
                    manifest_uri: &manifest_uri,
                    steps: &steps,
                },
                bucket,
            )?),
        };
        let mut bootstrap_uploaded = false;
        let mut cluster_id = given_cluster.clone().unwrap_or_default();
        let (uploaded, step_ids) = if opts.dry_run {
            let mut keys: Vec<String> = upload::pending(&aws, &up)?.into_iter().map(|o| o.key).collect();
            if let Some(l) = &launch {
                bootstrap_uploaded = !s3::exists(&aws, &l.bucket, &l.bootstrap.key)?;
                if bootstrap_uploaded {
                    keys.push(l.bootstrap.key.clone());
                }
            }
            (keys, Vec::new())
        } else {
            // The courtesy flush (DESIGN §3): nothing stale is scraped while the cluster starts.
            s3::delete(&aws, published, METRICS_KEY)?;
            let mut uploaded = upload::upload(&aws, &up)?.uploaded;
            match &launch {
                None => {
                    tracker.set_cluster(&cluster_id)?;
                    (uploaded, steps::add_steps(&aws, &cluster_id, &steps)?)
                }
                Some(l) => {
                    bootstrap_uploaded = cluster::upload_bootstrap(&aws, l)?;
                    if bootstrap_uploaded {
                        uploaded.push(l.bootstrap.key.clone());
                    }
                    cluster_id = cluster::run_job_flow(&aws, &l.request)?;
                    if let Err(e) = tracker.set_cluster(&cluster_id) {
                        // A cluster the record does not know could not be relaunched or
                        // followed: end it rather than leave it running.
                        let ended = match cluster::terminate(&aws, &cluster_id) {
                            Ok(()) => format!("cluster {cluster_id} was terminated"),
                            Err(e2) => format!("terminating cluster {cluster_id} also failed: {e2}"),
                        };
                        return Err(Error::aws("DynamoDB PutItem (Cluster_Id)", format!("{e}; {ended}")));
                    }
                    // RunJobFlow returns no step ids; `--wait` lists them.
                    (uploaded, Vec::new())
                }
            }
        };
        Ok(SubmitReport {
            environment: opts.env.clone(),
            dry_run: opts.dry_run,
            cluster_id,
            created: launch,
            bootstrap_uploaded,
            record: tracker.record().clone(),
            resumed: claimed.resumed,
            bucket: bucket.to_string(),
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
            let what = if given_cluster.is_some() {
                "no step was added"
            } else {
                "no cluster was left running"
            };
            Err(Error::Submit {
                correlation_id,
                message: format!("{e}; {what}; {undo}"),
            })
        }
    }
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
        let created = self.created.as_ref().map(|l| {
            serde_json::json!({
                "bootstrap_script": l.bootstrap_uri(),
                "bootstrap_uploaded": self.bootstrap_uploaded,
                "run_job_flow": l.request.to_json(),
            })
        });
        serde_json::json!({
            "environment": self.environment,
            "dry_run": self.dry_run,
            "cluster_id": (!self.cluster_id.is_empty()).then_some(&self.cluster_id),
            "new_cluster": created,
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
        let target = match &self.created {
            None => format!("cluster {}", self.cluster_id),
            Some(l) if self.dry_run => format!("a new cluster `{}`", l.request.name),
            Some(l) => format!("new cluster {} `{}`", self.cluster_id, l.request.name),
        };
        let _ = writeln!(
            o,
            "{verb} `{}` run `{}` (Run_Id {}, {how}) to {target}",
            self.environment, r.correlation_id, r.run_id
        );
        if let Some(l) = &self.created {
            let q = &l.request;
            let _ = writeln!(
                o,
                "Cluster: {}, {}; bootstrap {} ({})",
                q.release_label,
                q.instances_summary(),
                l.bootstrap_uri(),
                match (self.bootstrap_uploaded, self.dry_run) {
                    (true, true) => "to upload",
                    (true, false) => "uploaded",
                    (false, _) => "already there",
                }
            );
        }
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
            // The bootstrap script has its own line above.
            self.uploaded
                .iter()
                .filter(|k| !k.starts_with(cluster::BOOTSTRAP_PREFIX))
                .count(),
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
            if let Some(l) = &self.created {
                let _ = writeln!(o, "RunJobFlow request:\n{}", l.request.to_pretty_json());
            }
            let _ = writeln!(o, "Dry run: nothing was written, uploaded or submitted.");
        }
        let _ = writeln!(o, "AWS calls: {}", self.calls);
        o
    }
}

//! EMR steps: what each step of a run executes on the cluster, adding them to a cluster in one
//! AddJobFlowSteps call, and reading their states back.
//!
//! A step runs `pdmctl stage <env> <step>` through command-runner.jar with the run's identity
//! (`--run`, `--run-id`: the tracker's writes are conditioned on it) and the manifest; the four
//! flags the deployed EMR launcher appends on a relaunch (DESIGN §2) are given from the start,
//! so a step's arguments are the same however the cluster was started.

use crate::aws::{describe, Aws};
use crate::bundle::Bundle;
use crate::error::{Error, Result};
use aws_sdk_emr::types::{ActionOnFailure, HadoopJarStepConfig, StepConfig};
use serde::Serialize;

pub const COMMAND_RUNNER: &str = "command-runner.jar";

/// `j-` and 1 to 20 capitals or digits, as EMR names clusters.
pub fn validate_cluster_id(s: &str) -> std::result::Result<String, String> {
    let rest = s.strip_prefix("j-").unwrap_or("");
    if !rest.is_empty() && rest.len() <= 20 && rest.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        let shown: String = s.chars().take(40).collect();
        Err(format!(
            "`{}` is not an EMR cluster id (j- and 1-20 capitals or digits)",
            shown.escape_debug()
        ))
    }
}

/// One EMR step as pdmctl submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub name: String,
    pub action_on_failure: String,
    pub jar: String,
    pub args: Vec<String>,
}

/// The one step builder: the EMR steps of a run of this bundle from `start` on, each running
/// `pdmctl stage` with the run's identity and its inputs (the bundle's export date, ADG prefix
/// and snapshot type, which are the run record's).
pub fn for_run(bundle: &Bundle, correlation_id: &str, run_id: u32, manifest_uri: &str, start: &str) -> Vec<Step> {
    let first = bundle.steps.iter().position(|s| s.name == start).unwrap_or(0);
    let run_id = run_id.to_string();
    let s3_prefix = bundle.variables.get("s3_prefix").map_or("", String::as_str);
    bundle.steps[first..]
        .iter()
        .map(|s| {
            let args = [
                "pdmctl",
                "stage",
                &bundle.environment,
                &s.name,
                "--run",
                correlation_id,
                "--run-id",
                &run_id,
                "--manifest",
                manifest_uri,
                "--correlation_id",
                correlation_id,
                "--s3_prefix",
                s3_prefix,
                "--snapshot_type",
                &bundle.run.snapshot_type,
                "--export_date",
                &bundle.run.export_date,
            ];
            Step {
                name: s.name.clone(),
                action_on_failure: s.failure_action.to_string(),
                jar: COMMAND_RUNNER.to_string(),
                args: args.iter().map(|a| a.to_string()).collect(),
            }
        })
        .collect()
}

/// The SDK's form of a step (AddJobFlowSteps and RunJobFlow take the same).
pub fn step_config(s: &Step) -> StepConfig {
    StepConfig::builder()
        .name(&s.name)
        .action_on_failure(ActionOnFailure::from(s.action_on_failure.as_str()))
        .hadoop_jar_step(
            HadoopJarStepConfig::builder()
                .jar(&s.jar)
                .set_args(Some(s.args.clone()))
                .build(),
        )
        .build()
}

/// Adds the steps in one call; returns EMR's step ids in the same order.
pub fn add_steps(aws: &Aws, cluster_id: &str, steps: &[Step]) -> Result<Vec<String>> {
    let configs: Vec<StepConfig> = steps.iter().map(step_config).collect();
    let resp = aws
        .block_on(
            aws.emr
                .add_job_flow_steps()
                .job_flow_id(cluster_id)
                .set_steps(Some(configs))
                .send(),
        )
        .map_err(|e| Error::aws(format!("EMR AddJobFlowSteps {cluster_id}"), describe(&e)))?;
    Ok(resp.step_ids().to_vec())
}

/// A step on the cluster, as ListSteps reports it.
#[derive(Debug, Clone, Serialize)]
pub struct StepStatus {
    pub id: String,
    pub name: String,
    pub state: String,
    pub args: Vec<String>,
    /// Epoch seconds.
    pub created: Option<i64>,
    pub started: Option<i64>,
    pub ended: Option<i64>,
    /// Why it failed, when EMR says.
    pub failure: Option<String>,
}

impl StepStatus {
    /// Seconds from start to end (or to `now` while running).
    pub fn duration(&self, now: i64) -> Option<i64> {
        self.started.map(|s| self.ended.unwrap_or(now) - s)
    }

    /// True when the step belongs to this run of this correlation id.
    pub fn belongs_to(&self, correlation_id: &str, run_id: u32) -> bool {
        let flag = |name: &str| {
            self.args
                .iter()
                .position(|a| a == name)
                .and_then(|i| self.args.get(i + 1))
                .map(String::as_str)
        };
        flag("--run") == Some(correlation_id) && flag("--run-id") == Some(&run_id.to_string())
    }
}

/// Every step of the cluster, oldest first.
pub fn list_steps(aws: &Aws, cluster_id: &str) -> Result<Vec<StepStatus>> {
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let resp = aws
            .block_on(
                aws.emr
                    .list_steps()
                    .cluster_id(cluster_id)
                    .set_marker(marker.take())
                    .send(),
            )
            .map_err(|e| Error::aws(format!("EMR ListSteps {cluster_id}"), describe(&e)))?;
        for s in resp.steps() {
            let status = s.status();
            let timeline = status.and_then(|st| st.timeline());
            let secs = |t: Option<&aws_sdk_emr::primitives::DateTime>| t.map(|d| d.secs());
            out.push(StepStatus {
                id: s.id().unwrap_or_default().to_string(),
                name: s.name().unwrap_or_default().to_string(),
                state: status
                    .and_then(|st| st.state())
                    .map(|x| x.as_str().to_string())
                    .unwrap_or_default(),
                args: s.config().map(|c| c.args().to_vec()).unwrap_or_default(),
                created: secs(timeline.and_then(|t| t.creation_date_time())),
                started: secs(timeline.and_then(|t| t.start_date_time())),
                ended: secs(timeline.and_then(|t| t.end_date_time())),
                failure: status
                    .and_then(|st| st.failure_details())
                    .and_then(|f| f.reason().or(f.message()))
                    .map(str::to_string),
            });
        }
        match resp.marker() {
            Some(m) if !m.is_empty() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    // ListSteps gives the newest first.
    out.reverse();
    Ok(out)
}

//! `pdmctl status <env> --correlation-id ID`: the run record and the EMR steps of its run
//! (ListSteps on the record's cluster, keeping the steps whose `--run`/`--run-id` are this
//! run's: one cluster may serve several runs).

use crate::aws::Aws;
use crate::backend::emr::steps::{self, StepStatus};
use crate::error::{Error, Result};
use crate::plan::project::Project;
use crate::tracker::dynamo_store::DynamoStore;
use crate::tracker::{now_epoch_seconds, RunRecord, RunRecordStore};
use serde_json::{json, Value};
use std::fmt::Write as _;

#[derive(Debug, Clone)]
pub struct StatusReport {
    pub record: RunRecord,
    pub steps: Vec<StepStatus>,
    pub now: i64,
    pub calls: String,
}

pub fn status(project: &Project, env: &str, correlation_id: &str) -> Result<StatusReport> {
    let env = project.pipeline.environment(env)?;
    let aws = Aws::connect(&env.settings.region)?;
    let store = DynamoStore::new(&aws, &env.settings.run_record_table);
    let record = store.get(correlation_id)?.ok_or_else(|| {
        Error::input(
            "--correlation-id",
            format!("no PDM run record for `{correlation_id}` in table {}", store.table()),
        )
    })?;
    let steps = match &record.cluster_id {
        Some(c) => steps::list_steps(&aws, c)?
            .into_iter()
            .filter(|s| s.belongs_to(&record.correlation_id, record.run_id))
            .collect(),
        None => Vec::new(),
    };
    Ok(StatusReport {
        record,
        steps,
        now: now_epoch_seconds(),
        calls: aws.calls.to_string(),
    })
}

/// `1h 02m 03s`, `4m 05s`, `6s`.
pub fn duration(secs: i64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        format!("{h}h {m:02}m {s:02}s")
    } else if m > 0 {
        format!("{m}m {s:02}s")
    } else {
        format!("{s}s")
    }
}

impl StatusReport {
    pub fn to_json(&self) -> Value {
        let steps: Vec<Value> = self
            .steps
            .iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "name": s.name,
                    "state": s.state,
                    "created": s.created,
                    "started": s.started,
                    "ended": s.ended,
                    "duration_seconds": s.duration(self.now),
                    "failure": s.failure,
                })
            })
            .collect();
        json!({ "record": self.record, "steps": steps })
    }

    pub fn to_human(&self) -> String {
        let r = &self.record;
        let mut o = String::new();
        let _ = writeln!(
            o,
            "Run `{}` (Run_Id {}): {} at `{}`",
            r.correlation_id, r.run_id, r.status, r.current_step
        );
        let _ = writeln!(
            o,
            "  export date {}, {} snapshot, ADG prefix {}",
            r.date, r.snapshot_type, r.s3_prefix_analytical_dataset
        );
        if let Some(p) = &r.s3_prefix_snapshots {
            let _ = writeln!(o, "  snapshots prefix {p}");
        }
        let _ = writeln!(
            o,
            "  record expires in {} (TimeToExist {})",
            duration((r.time_to_exist - self.now).max(0)),
            r.time_to_exist
        );
        match &r.cluster_id {
            None => {
                let _ = writeln!(o, "No cluster yet: the submit has not added the steps.");
            }
            Some(c) if self.steps.is_empty() => {
                let _ = writeln!(o, "Cluster {c}: no step of this run.");
            }
            Some(c) => {
                let _ = writeln!(o, "Cluster {c}, steps of this run:");
                for s in &self.steps {
                    let took = s.duration(self.now).map(duration).unwrap_or_else(|| "-".into());
                    let _ = writeln!(o, "  {:<28} {:<12} {:>10}  {}", s.name, s.state, took, s.id);
                    if let Some(f) = &s.failure {
                        let _ = writeln!(o, "    {f}");
                    }
                }
            }
        }
        o
    }
}

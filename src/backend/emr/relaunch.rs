//! `pdmctl relaunch <env> --event FILE`: the decision DESIGN §2 describes for an "EMR Cluster
//! State Change" event. For TERMINATED_WITH_ERRORS the run record with the event's Cluster_Id
//! is found (one cluster may carry several records: the one still IN_PROGRESS or FAILED is
//! taken, else the last written) and relaunched when its CurrentStep is not a step not to
//! retry and its Run_Id is at most the environment's `relaunch_max_retries`.
//!
//! A relaunch marks the record FAILED at its CurrentStep (the cluster died there) and starts a
//! new cluster through the submit path (RunJobFlow from templates/), which resumes the run at
//! that step with Run_Id + 1 and the record's inputs. A dry run decides and starts nothing.

use crate::aws::Aws;
use crate::backend::emr::steps::validate_cluster_id;
use crate::backend::emr::submit::{SubmitOptions, SubmitReport};
use crate::error::{Error, Result};
use crate::plan::project::Project;
use crate::tracker::dynamo_store::DynamoStore;
use crate::tracker::{RunRecord, Status, Tracker};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const DETAIL_TYPE: &str = "EMR Cluster State Change";
pub const FAILED_STATE: &str = "TERMINATED_WITH_ERRORS";
/// The deployed relauncher's STEPS_TO_NOT_RETRY.
pub const DEFAULT_STEPS_NOT_TO_RETRY: &[&str] = &["collect-metrics"];

/// The fields of the event that matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub detail_type: String,
    pub state: String,
    pub cluster_id: Option<String>,
}

impl Event {
    /// The event as EventBridge delivers it (JSON).
    pub fn parse(text: &str) -> Result<Event> {
        let v: Value =
            serde_json::from_str(text).map_err(|e| Error::input("--event", format!("not a JSON event: {e}")))?;
        let field = |v: &Value, name: &str| v.get(name).and_then(Value::as_str).map(str::to_string);
        let detail = v.get("detail").cloned().unwrap_or(Value::Null);
        Ok(Event {
            detail_type: field(&v, "detail-type").unwrap_or_default(),
            state: field(&detail, "state").unwrap_or_default(),
            cluster_id: field(&detail, "clusterId"),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Not an event to act on.
    Ignore {
        reason: String,
    },
    /// A failed cluster whose run is not relaunched.
    Keep {
        record: Option<RunRecord>,
        reason: String,
    },
    Relaunch {
        record: RunRecord,
        reason: String,
    },
}

impl Decision {
    pub fn reason(&self) -> &str {
        match self {
            Decision::Ignore { reason } | Decision::Keep { reason, .. } | Decision::Relaunch { reason, .. } => reason,
        }
    }
}

/// What to do with an event, given the records that carry its cluster.
pub fn decide(
    event: &Event,
    found: &[std::result::Result<RunRecord, String>],
    steps_not_to_retry: &[String],
    max_retries: u32,
) -> Decision {
    if event.detail_type != DETAIL_TYPE {
        return Decision::Ignore {
            reason: format!("the event is `{}`, not an {DETAIL_TYPE}", event.detail_type),
        };
    }
    if event.state != FAILED_STATE {
        return Decision::Ignore {
            reason: format!(
                "the cluster's state is {}; only {FAILED_STATE} is relaunched",
                if event.state.is_empty() {
                    "missing"
                } else {
                    &event.state
                }
            ),
        };
    }
    let cluster = event.cluster_id.as_deref().unwrap_or_default();
    let (record, why) = match choose(found) {
        Ok(chosen) => chosen,
        Err(reason) => {
            return Decision::Keep {
                record: None,
                reason: format!("cluster {cluster}: {reason}"),
            }
        }
    };
    let keep = |reason: String| Decision::Keep {
        record: Some(record.clone()),
        reason: format!("{why}; {reason}"),
    };
    if matches!(record.status, Status::Completed | Status::Cancelled) {
        return keep(format!("the run is {}: nothing to resume", record.status));
    }
    if steps_not_to_retry.contains(&record.current_step) {
        return keep(format!(
            "it stopped at `{}`, a step not to retry ({})",
            record.current_step,
            steps_not_to_retry.join(", ")
        ));
    }
    if record.run_id > max_retries {
        return keep(format!(
            "Run_Id {} is over the environment's relaunch_max_retries ({max_retries})",
            record.run_id
        ));
    }
    Decision::Relaunch {
        reason: format!(
            "{why}; it stopped at `{}`, Run_Id {} <= relaunch_max_retries {max_retries}",
            record.current_step, record.run_id
        ),
        record,
    }
}

/// Picks the record of the failed cluster and says why that one.
fn choose(found: &[std::result::Result<RunRecord, String>]) -> std::result::Result<(RunRecord, String), String> {
    let records: Vec<&RunRecord> = found.iter().filter_map(|r| r.as_ref().ok()).collect();
    let broken: Vec<&String> = found.iter().filter_map(|r| r.as_ref().err()).collect();
    if records.is_empty() {
        return Err(match broken.first() {
            // As the deployed Lambda: a record missing a value is not relaunched.
            Some(m) => format!("its run record cannot be read ({m})"),
            None => "no PDM run record has this Cluster_Id".to_string(),
        });
    }
    let newest = |rs: &[&RunRecord]| -> RunRecord {
        (*rs.iter()
            .max_by_key(|r| (r.time_to_exist, r.run_id))
            .expect("not empty"))
        .clone()
    };
    let ids = |rs: &[&RunRecord]| {
        rs.iter()
            .map(|r| format!("`{}`", r.correlation_id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if records.len() == 1 {
        let r = records[0].clone();
        let why = format!("record `{}` (Run_Id {}, {})", r.correlation_id, r.run_id, r.status);
        return Ok((r, why));
    }
    let active: Vec<&RunRecord> = records
        .iter()
        .copied()
        .filter(|r| matches!(r.status, Status::InProgress | Status::Failed))
        .collect();
    let (r, rule) = match active.len() {
        0 => (
            newest(&records),
            "none is IN_PROGRESS or FAILED, so the last written".to_string(),
        ),
        1 => (active[0].clone(), "the only one IN_PROGRESS or FAILED".to_string()),
        _ => (
            newest(&active),
            format!("the last written of those IN_PROGRESS or FAILED ({})", ids(&active)),
        ),
    };
    let why = format!(
        "{} records have this cluster ({}); chose `{}` (Run_Id {}, {}): {rule}",
        records.len(),
        ids(&records),
        r.correlation_id,
        r.run_id,
        r.status
    );
    Ok((r, why))
}

/// The submit a relaunch runs: it creates a new cluster resuming the run.
pub fn resume_command(env: &str, r: &RunRecord) -> String {
    format!(
        "pdmctl submit {env} --correlation-id {} --date {} --s3-prefix {} --snapshot-type {}",
        r.correlation_id, r.date, r.s3_prefix_analytical_dataset, r.snapshot_type
    )
}

#[derive(Debug, Clone)]
pub struct RelaunchReport {
    pub environment: String,
    pub decision: Decision,
    pub dry_run: bool,
    /// True when the record was set to FAILED so the resume can claim it.
    pub marked_failed: bool,
    /// The submit that started the new cluster.
    pub launched: Option<SubmitReport>,
    /// AWS calls of the decision and the submit together, by operation.
    pub calls: BTreeMap<String, u32>,
}

/// Decides on the event and, unless `dry_run`, relaunches. `steps_not_to_retry` empty means
/// the deployed relauncher's list ([`DEFAULT_STEPS_NOT_TO_RETRY`]).
pub fn relaunch(
    project: &Project,
    env: &str,
    event: &Event,
    steps_not_to_retry: &[String],
    dry_run: bool,
) -> Result<RelaunchReport> {
    let defaults: Vec<String>;
    let steps_not_to_retry = if steps_not_to_retry.is_empty() {
        defaults = DEFAULT_STEPS_NOT_TO_RETRY.iter().map(|s| s.to_string()).collect();
        &defaults
    } else {
        steps_not_to_retry
    };
    let environment = project.pipeline.environment(env)?;
    let mut report = RelaunchReport {
        environment: env.to_string(),
        decision: decide(event, &[], steps_not_to_retry, 0),
        dry_run,
        marked_failed: false,
        launched: None,
        calls: BTreeMap::new(),
    };
    if matches!(report.decision, Decision::Ignore { .. }) {
        return Ok(report);
    }
    let cluster = event
        .cluster_id
        .as_deref()
        .ok_or_else(|| Error::input("--event", "the event has no detail.clusterId"))?;
    validate_cluster_id(cluster).map_err(|m| Error::input("--event", format!("detail.clusterId: {m}")))?;
    let aws = Aws::connect(&environment.settings.region)?;
    let store = DynamoStore::new(&aws, &environment.settings.run_record_table);
    let found = store.find_by_cluster(cluster)?;
    report.decision = decide(
        event,
        &found,
        steps_not_to_retry,
        environment.settings.relaunch_max_retries,
    );
    report.calls = aws.calls.snapshot();
    let Decision::Relaunch { record, .. } = &report.decision else {
        return Ok(report);
    };
    if dry_run {
        return Ok(report);
    }
    if record.status == Status::InProgress {
        let step = record.current_step.clone();
        Tracker::new(&store, record.clone()).step_failed(&step)?;
        report.marked_failed = true;
    }
    report.calls = aws.calls.snapshot();
    // The record's own inputs, checked like command-line values before they reach a template.
    let run = record
        .run_values()
        .map_err(|e| Error::input("--event", format!("run record `{}`: {e}", record.correlation_id)))?;
    let options = SubmitOptions {
        env: env.to_string(),
        cluster_id: None,
        from: None,
        restart: false,
        dry_run: false,
    };
    let launched = crate::backend::emr::submit::submit(project, &run, &options)?;
    for (op, n) in &launched.calls_by_operation {
        *report.calls.entry(op.clone()).or_default() += n;
    }
    report.launched = Some(launched);
    Ok(report)
}

/// `3 (DynamoDB.GetItem 1, DynamoDB.PutItem 2)`, as the other commands print their calls.
fn calls_line(calls: &BTreeMap<String, u32>) -> String {
    let parts: Vec<String> = calls.iter().map(|(op, n)| format!("{op} {n}")).collect();
    if parts.is_empty() {
        "0".into()
    } else {
        format!("{} ({})", calls.values().sum::<u32>(), parts.join(", "))
    }
}

impl RelaunchReport {
    pub fn to_json(&self) -> Value {
        let (decision, record) = match &self.decision {
            Decision::Ignore { .. } => ("ignore", None),
            Decision::Keep { record, .. } => ("no_relaunch", record.as_ref()),
            Decision::Relaunch { record, .. } => ("relaunch", Some(record)),
        };
        let command = match &self.decision {
            Decision::Relaunch { record, .. } => Some(resume_command(&self.environment, record)),
            _ => None,
        };
        serde_json::json!({
            "environment": self.environment,
            "decision": decision,
            "reason": self.decision.reason(),
            "record": record,
            "dry_run": self.dry_run,
            "marked_failed": self.marked_failed,
            "resume_command": command,
            "new_cluster_id": self.launched.as_ref().map(|l| &l.cluster_id),
            "submit": self.launched.as_ref().map(SubmitReport::to_json),
            "aws_calls": self.calls,
        })
    }

    pub fn to_human(&self) -> String {
        let mut o = String::new();
        match &self.decision {
            Decision::Ignore { reason } => {
                let _ = writeln!(o, "Ignored: {reason}.");
            }
            Decision::Keep { reason, .. } => {
                let _ = writeln!(o, "No relaunch: {reason}.");
            }
            Decision::Relaunch { record, reason } => {
                let _ = writeln!(o, "Relaunch: {reason}.");
                if self.marked_failed {
                    let _ = writeln!(
                        o,
                        "The run record is now FAILED at `{}` (its cluster died there).",
                        record.current_step
                    );
                } else if self.dry_run && record.status == Status::InProgress {
                    let _ = writeln!(
                        o,
                        "Dry run: the record stays IN_PROGRESS; without --dry-run it is set to FAILED at `{}`.",
                        record.current_step
                    );
                }
                match &self.launched {
                    Some(l) => {
                        let r = &l.record;
                        let _ = writeln!(
                            o,
                            "Started cluster {}: run `{}` resumes at `{}` with Run_Id {} ({} steps).",
                            l.cluster_id,
                            r.correlation_id,
                            r.current_step,
                            r.run_id,
                            l.steps.len()
                        );
                    }
                    None => {
                        let _ = writeln!(
                            o,
                            "Dry run: no cluster started; without --dry-run this runs (a new cluster resuming at `{}`, Run_Id {}):",
                            record.current_step,
                            record.run_id + 1
                        );
                        let _ = writeln!(o, "  {}", resume_command(&self.environment, record));
                    }
                }
            }
        }
        if !self.calls.is_empty() {
            let _ = writeln!(o, "AWS calls: {}", calls_line(&self.calls));
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, run_id: u32, status: Status, step: &str, ttl: i64) -> RunRecord {
        RunRecord {
            correlation_id: id.into(),
            data_product: "PDM".into(),
            date: "2024-03-01".into(),
            run_id,
            status,
            current_step: step.into(),
            time_to_exist: ttl,
            cluster_id: Some("j-ABC".into()),
            s3_prefix_snapshots: None,
            s3_prefix_analytical_dataset: "adg/2024-03-01".into(),
            snapshot_type: "full".into(),
        }
    }

    fn failed_event() -> Event {
        Event::parse(r#"{"detail-type":"EMR Cluster State Change","source":"aws.emr","detail":{"state":"TERMINATED_WITH_ERRORS","clusterId":"j-ABC"}}"#).unwrap()
    }

    #[test]
    fn rules_of_design_section_2() {
        let no_retry = vec!["collect-metrics".to_string()];
        let e = failed_event();
        let d = |found: &[std::result::Result<RunRecord, String>], max| decide(&e, found, &no_retry, max);
        let one = |r: RunRecord| vec![Ok(r)];
        assert!(matches!(
            d(&one(rec("a", 1, Status::InProgress, "model", 1)), 2),
            Decision::Relaunch { .. }
        ));
        assert!(matches!(
            d(&one(rec("a", 2, Status::Failed, "model", 1)), 2),
            Decision::Relaunch { .. }
        ));
        let over = d(&one(rec("a", 3, Status::InProgress, "model", 1)), 2);
        assert!(over.reason().contains("Run_Id 3 is over"), "{over:?}");
        let zero = d(&one(rec("a", 1, Status::InProgress, "model", 1)), 0);
        assert!(zero.reason().contains("relaunch_max_retries (0)"), "{zero:?}");
        let metrics = d(&one(rec("a", 1, Status::InProgress, "collect-metrics", 1)), 2);
        assert!(metrics.reason().contains("a step not to retry"), "{metrics:?}");
        let done = d(&one(rec("a", 1, Status::Completed, "flush-s3", 1)), 2);
        assert!(done.reason().contains("COMPLETED"), "{done:?}");
        let none = d(&[], 2);
        assert!(matches!(none, Decision::Keep { record: None, .. }) && none.reason().contains("no PDM run record"));
        let broken = d(&[Err("attribute CurrentStep is missing".into())], 2);
        assert!(broken.reason().contains("CurrentStep is missing"), "{broken:?}");
    }

    #[test]
    fn several_records_on_one_cluster() {
        let no_retry = vec!["collect-metrics".to_string()];
        let e = failed_event();
        let found = vec![
            Ok(rec("old", 1, Status::Completed, "flush-s3", 300)),
            Ok(rec("live", 1, Status::InProgress, "model", 100)),
        ];
        let Decision::Relaunch { record, reason } = decide(&e, &found, &no_retry, 2) else {
            panic!("relaunch expected")
        };
        assert_eq!(record.correlation_id, "live");
        assert!(reason.contains("the only one IN_PROGRESS or FAILED"), "{reason}");
        let found = vec![
            Ok(rec("a", 1, Status::Completed, "flush-s3", 100)),
            Ok(rec("b", 1, Status::Completed, "flush-s3", 300)),
        ];
        let d = decide(&e, &found, &no_retry, 2);
        assert!(
            d.reason().contains("chose `b`") && d.reason().contains("the last written"),
            "{d:?}"
        );
    }

    #[test]
    fn other_events_are_ignored() {
        let no_retry = vec![];
        let e = Event::parse(
            r#"{"detail-type":"EMR Cluster State Change","detail":{"state":"TERMINATED","clusterId":"j-A"}}"#,
        )
        .unwrap();
        assert!(decide(&e, &[], &no_retry, 2).reason().contains("state is TERMINATED;"));
        let e = Event::parse(r#"{"detail-type":"EMR Step Status Change","detail":{"state":"FAILED"}}"#).unwrap();
        assert!(matches!(decide(&e, &[], &no_retry, 2), Decision::Ignore { .. }));
        assert!(Event::parse("not json").is_err());
    }
}
